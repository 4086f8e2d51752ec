import { basename } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { formatPath, locateInText, parseDocument } from '../util/parse-document.js';
import { InputError } from '../util/errors.js';
import { nearest } from '../util/nearest.js';
import { extendingPackSchema, policyPackSchema, type ExtendingPack, type PolicyPack } from './pack-schema.js';

export interface PackFile {
  /** Every rule the pack runs, its parents' included. */
  pack: PolicyPack;
  /** The pack as run: the file itself, or for a pack that extends another, the expanded pack. */
  text: string;
  /** The file's own text (for locating problems in it). */
  ownText: string;
}

type Read = (file: string) => Promise<string>;
type Resolve = (ref: string, from: string) => string;

const extendsKey = (text: string): boolean => {
  try {
    const v: unknown = parseYaml(text);
    return typeof v === 'object' && v !== null && 'extends' in v;
  } catch {
    return false; // parseDocument reports the YAML error with its position
  }
};

/** Reads a pack file, expanding `extends` (parents first, a cycle refused). */
export async function readPackFile(file: string, read: Read, resolveRef: Resolve, chain: string[] = []): Promise<PackFile> {
  const ownText = await read(file);
  if (!extendsKey(ownText)) {
    const pack = parseDocument(ownText, file, policyPackSchema()) as PolicyPack;
    return { pack, text: ownText, ownText };
  }
  const child = parseDocument(ownText, file, extendingPackSchema());
  const at = (path: (string | number)[]) => ({ file, ...locateInText(ownText, path), path: formatPath(path) });
  const parentFile = resolveRef(child.extends, file);
  if (parentFile === file || chain.includes(parentFile))
    throw new InputError(
      `pack ${child.pack} extends ${child.extends}, which extends it back`,
      at(['extends']),
      `the chain is ${[...chain, file, parentFile].map((f) => basename(f)).join(' → ')}; a pack cannot be its own ancestor`,
    );
  const parent = await readPackFile(parentFile, read, resolveRef, [...chain, file]);
  const pack = expand(child, parent.pack, at);
  const header = `# Pack ${pack.pack} as run: ${basename(file)} expanded over ${basename(parentFile)}.\n`;
  return { pack, text: header + stringify(pack, { lineWidth: 0 }), ownText };
}

/** The child's rules: the parent's, renamed and overridden, then its own; validated whole. */
function expand(child: ExtendingPack, parent: PolicyPack, at: (path: (string | number)[]) => object): PolicyPack {
  const rename = (id: string) => (child.idPrefix ? `${child.idPrefix}-${id}` : id);
  const rules: Record<string, unknown>[] = parent.rules.map((r) => ({ ...r, id: rename(r.id) }));
  const ids = rules.map((r) => r.id as string);
  for (const [id, o] of Object.entries<NonNullable<ExtendingPack['override']>[string]>(child.override ?? {})) {
    const i = ids.indexOf(id);
    if (i < 0) {
      const near = nearest(id, ids);
      throw new InputError(
        `override names rule ${id}, which ${parent.pack} does not give this pack`,
        at(['override', id]),
        near ? `did you mean ${near}? (inherited: ${ids.join(', ')})` : `inherited: ${ids.join(', ')}`,
      );
    }
    const base = rules[i]!;
    rules[i] = { ...base, ...o, options: o.options ? { ...(base.options as object), ...o.options } : base.options };
  }
  for (const [j, r] of ((child.rules ?? []) as PolicyPack['rules']).entries()) {
    if (ids.includes(r.id))
      throw new InputError(
        `rule id ${r.id} is inherited from ${parent.pack}`,
        at(['rules', j, 'id']),
        'change it with override, or give the new rule its own id',
      );
    rules.push(r);
  }
  const result = policyPackSchema().safeParse({ pack: child.pack, title: child.title, description: child.description, rules });
  if (result.success) return result.data as PolicyPack;
  // Inherited rules were valid in the parent, so a problem comes from an override (or a rule of the child's own).
  const issue = result.error.issues[0]!;
  const [, index, ...rest] = issue.path as (string | number)[];
  const id = rules[index as number]?.id as string;
  const where = (index as number) >= ids.length ? ['rules', (index as number) - ids.length, ...rest] : ['override', id, ...rest];
  throw new InputError(`${issue.message} (in rule ${id} after extending ${parent.pack})`, at(where));
}
