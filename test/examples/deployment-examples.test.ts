import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT, tempDir } from '../helpers/cli.js';
import { which } from '../helpers/ldap/availability.js';

const example = (p: string) => readFileSync(join(ROOT, 'examples', p), 'utf8');

/** The command a unit or job runs, with continuation lines joined. */
const joined = (text: string) => text.replace(/\\\n\s*/g, ' ');

/** Options of the audit command the README recommends for scheduled scans (README "Scheduled scans", Entra section). */
const SCHEDULED = ['--state-dir', '--baseline', '--fail-on-new'];

describe('Dockerfile', () => {
  const text = example('docker/Dockerfile');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = instructions.filter((l) => l.startsWith('FROM '));

  it('builds in stages from the source tree, never installing demarc from the npm registry', () => {
    expect(stages).toEqual(['FROM node:20-slim AS build', 'FROM node:20-slim']);
    expect(text).not.toMatch(/npm (i|install)\b[^\n]*\bdemarc@/);
    expect(instructions).toContain('COPY --from=build /tmp/demarc.tgz /tmp/demarc.tgz');
    expect(instructions.some((l) => l.startsWith('RUN npm install --global --omit=dev') && l.includes('/tmp/demarc.tgz'))).toBe(true);
  });

  it('copies only what exists in the repository (the build context)', () => {
    const sources = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(existsSync(join(ROOT, s)), s).toBe(true);
    // The build script the first stage runs is the package's own.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  });

  it('runs as a numeric non-root user and writes only to its volume (read-only root filesystem)', () => {
    const final = instructions.slice(instructions.indexOf(stages[1]!));
    const user = final.find((l) => l.startsWith('USER '))!;
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    expect(final).toContain('VOLUME ["/var/lib/demarc"]');
    expect(final.find((l) => l.startsWith('ENV '))).toContain('HOME=/var/lib/demarc');
  });
});

describe('systemd units', () => {
  const service = example('systemd/demarc-scan.service');

  it('pass the options the README recommends, and keep state where the unit may write', () => {
    const exec = joined(service).match(/^ExecStart=(.*)$/m)![1]!;
    for (const o of SCHEDULED) expect(exec).toContain(o);
    expect(exec).toContain('--state-dir /var/lib/demarc/state');
    expect(service).toMatch(/^ReadWritePaths=\/var\/lib\/demarc$/m);
    expect(service).toMatch(/^StateDirectory=demarc$/m);
  });

  const available = (() => {
    if (which('systemd-analyze')) return true;
    if (process.env.CI === 'true') throw new Error('systemd-analyze not installed; CI installs systemd (.ci/run)');
    console.warn('skipping systemd-analyze verify: systemd-analyze not installed');
    return false;
  })();

  /**
   * `systemd-analyze verify` checks the directives and that ExecStart is executable, so the demarc path is
   * pointed at the built CLI, and the OnFailure= alert unit the comment asks for is provided.
   */
  function verify(edit: (s: string) => string = (s) => s) {
    const dir = tempDir();
    cpSync(join(ROOT, 'examples/systemd'), dir, { recursive: true });
    const cli = join(dir, 'demarc');
    writeFileSync(cli, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist/cli/main.js')}" "$@"\n`);
    chmodSync(cli, 0o755);
    const unit = join(dir, 'demarc-scan.service');
    writeFileSync(unit, edit(readFileSync(unit, 'utf8').replace('ExecStart=/usr/bin/demarc', `ExecStart=${cli}`)));
    writeFileSync(join(dir, 'demarc-alert@.service'), '[Unit]\nDescription=alert for %i\n[Service]\nType=oneshot\nExecStart=/bin/true\n');
    return spawnSync('systemd-analyze', ['verify', '--man=no', unit, join(dir, 'demarc-scan.timer')], { cwd: dir, encoding: 'utf8' });
  }

  it.skipIf(!available)('pass systemd-analyze verify', () => {
    const r = verify();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!available)('systemd-analyze verify would catch a broken directive (the check is not a no-op)', () => {
    const r = verify((s) => s.replace('ProtectSystem=strict', 'ProtectSystem=sometimes'));
    expect(r.stderr).toMatch(/demarc-scan\.service:\d+: Failed to parse protect system value/);
  });
});

describe('cron', () => {
  it('runs the scheduled scan with the options the README recommends', () => {
    const job = example('cron/demarc')
      .split('\n')
      .find((l) => /^\d/.test(l))!;
    const [minute, hour, dom, month, dow, user] = job.split(/\s+/);
    expect([minute, hour, dom, month, dow, user]).toEqual(['30', '5', '*', '*', '*', 'demarc']);
    for (const o of SCHEDULED) expect(job).toContain(o);
    // cron runs the line with /bin/sh unless SHELL says otherwise; `%` would end the command (crontab(5)).
    expect(job).not.toContain('%');
  });
});

interface Container {
  name: string;
  image: string;
  args: string[];
  securityContext: { readOnlyRootFilesystem?: boolean };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  restartPolicy: string;
  containers: Container[];
  volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: { schedule: string; concurrencyPolicy?: string; jobTemplate: { spec: { template: { spec: PodSpec } } } };
}

describe('Kubernetes CronJob', () => {
  const docs = parseAllDocuments(example('kubernetes/cronjob.yaml')).map((d) => d.toJS() as Manifest);
  const cron = docs.find((d) => d.kind === 'CronJob')!;
  const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim')!;
  const pod = cron.spec.jobTemplate.spec.template.spec;

  // Required fields of batch/v1 CronJob, per the Kubernetes API reference
  // (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/cron-job-v1/): spec.schedule and
  // spec.jobTemplate; a pod template's containers (each with a name), restartPolicy OnFailure or Never for a Job.
  it('is a valid batch/v1 CronJob', () => {
    expect(cron.apiVersion).toBe('batch/v1');
    expect(typeof cron.metadata.name).toBe('string');
    expect(cron.spec.schedule.split(' ')).toHaveLength(5);
    expect(['Allow', 'Forbid', 'Replace']).toContain(cron.spec.concurrencyPolicy ?? 'Allow');
    expect(['OnFailure', 'Never']).toContain(pod.restartPolicy);
    expect(pod.containers.length).toBeGreaterThan(0);
    for (const c of pod.containers) {
      expect(typeof c.name).toBe('string');
      expect(typeof c.image).toBe('string');
    }
  });

  it('mounts only volumes it declares, and claims the PersistentVolumeClaim it defines', () => {
    const declared = new Set(pod.volumes.map((v) => v.name));
    for (const m of pod.containers[0]!.volumeMounts) expect(declared.has(m.name), m.name).toBe(true);
    const state = pod.volumes.find((v) => v.persistentVolumeClaim);
    expect(state?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
    expect(pvc.metadata.namespace).toBe(cron.metadata.namespace);
  });

  it('runs the image as the Dockerfile user, with a read-only root filesystem and writable state and /tmp', () => {
    const c = pod.containers[0]!;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(`USER ${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`).toBe(
      example('docker/Dockerfile').match(/^USER .*$/m)![0],
    );
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = c.volumeMounts.map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/var/lib/demarc', '/tmp']));
  });

  it('passes the options the README recommends, with state on the claim', () => {
    const args = pod.containers[0]!.args;
    expect(args[0]).toBe('audit');
    for (const o of SCHEDULED)
      expect(
        args.some((a) => a === o || a.startsWith(`${o}=`)),
        o,
      ).toBe(true);
    expect(args).toContain('--state-dir=/var/lib/demarc/state');
  });
});
