import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * The corpus: one malformed input per file, and in manifest.json what demarc must do with it: the exit
 * code, a fragment of the message, and the documentation (`cite`) that says why the input is wrong.
 * Every case runs through the built CLI. A case fails on a stack trace, on "internal error", on any
 * other exit code, or on a message that does not name the file (the flag, for --now).
 */
interface Case {
  file: string;
  kind: 'config' | 'policy' | 'plan' | 'snapshot' | 'csv' | 'ldif' | 'now' | 'aux';
  exit: number;
  message: string;
  cite: string;
  args?: string[];
  /** csv: the record set and column map of the source the file is read as. */
  records?: { records: string; columns?: Record<string, string> };
  /** The file the message must name, when it is not the case's own file (an exceptions file, a CA file). */
  names?: string;
  namesFile?: boolean;
  /** The path is not in the corpus on purpose (a missing file), or is made a directory. */
  absent?: boolean;
  makeDir?: boolean;
  /** A defect this case exposes that is not fixed yet: the case is expected to fail until it is. */
  known?: string;
}

const HERE = import.meta.dirname;
const cases = (JSON.parse(readFileSync(join(HERE, 'manifest.json'), 'utf8')) as Case[]).filter((c) => c.kind !== 'aux');

/** The command line for a case; csv and ldif files are read as the one source of a minimal configuration. */
function argsFor(c: Case, file: string, work: string): string[] {
  const out = join(work, 'out.jsonl');
  if (c.kind === 'csv' || c.kind === 'ldif') {
    const source =
      c.kind === 'csv'
        ? {
            id: 'under-test',
            kind: 'csv',
            records: c.records!.records,
            file,
            ...(c.records!.columns ? { columns: c.records!.columns } : {}),
          }
        : { id: 'under-test', kind: 'ldif', files: [file] };
    const config = join(work, 'demarc.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        version: 1,
        sources: [source],
        zones: [{ id: 'it', sources: ['under-test'] }],
        populations: { 'soc-staff': { department: ['SOC'] } },
        policies: ['integrated-soc'],
      }),
    );
    return ['collect', '-c', config, '-o', out];
  }
  const sub: Record<string, string> = { '{file}': file, '{out}': out, '{demoConfig}': DEMO_CONFIG, '{demoSnapshot}': DEMO_SNAPSHOT };
  return (c.args ?? ['audit', '-c', '{file}', '-s', '{demoSnapshot}']).map((a) => sub[a] ?? a);
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

describe('bad inputs: exit 2 naming the file, never a crash', () => {
  it('the corpus is large enough to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) expect(c.cite, c.file).not.toBe('');
  });

  for (const c of cases) {
    const run = c.known ? it.fails : it;
    run(`${c.file}: exit ${c.exit}, "${c.message}"${c.known ? ` (known: ${c.known})` : ''}`, () => {
      const work = tempDir();
      let file = join(HERE, c.file);
      if (c.absent) file = join(work, basename(c.file));
      if (c.makeDir) mkdirSync(file);
      // The LDAP cases need a password variable set, so that the file under test is what fails.
      const r = demarc(argsFor(c, file, work), { cwd: dirname(join(HERE, c.file)), env: { DEMARC_BAD_INPUT_PW: 'not-a-real-password' } });
      const said = `exit ${r.code}\n${r.stderr}${r.stdout.slice(0, 2000)}`;
      expect(r.stderr, said).not.toMatch(STACK);
      expect(r.stderr, said).not.toContain('internal error');
      expect(r.code, said).toBe(c.exit);
      expect(r.stderr.toLowerCase(), said).toContain(c.message.toLowerCase());
      if (c.namesFile !== false) expect(r.stderr, said).toContain(c.names ?? basename(c.file));
      else expect(r.stderr, said).toContain('--now');
    });
  }
});
