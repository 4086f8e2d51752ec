import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { StrictCollectedSource } from '../../model/collected.js';
import { defineConnector } from '../connector.js';
import { sourceConfigBase } from '../source-config.js';
import { parseDocument } from '../../util/parse-document.js';
import { sha256 } from '../../util/files.js';

/**
 * A file (YAML or JSON) already in demarc's normalised form: for estates exported by other means
 * (a script inside an air-gapped network, another tool). The file's own `source` block is kept,
 * except the id, which the configuration decides, and the file hash, which is recomputed.
 */
export const NormalizedSourceConfig = sourceConfigBase
  .extend({
    kind: z.literal('normalized'),
    file: z.string().min(1).describe('Path of the normalised export (YAML or JSON).'),
  })
  .strict();

const RECORD_LISTS = [
  'accounts',
  'groups',
  'foreign',
  'roleAssignments',
  'applications',
  'links',
  'persons',
  'tools',
  'records',
  'passwordPolicies',
] as const;

/** Records may omit `source` (and the source block its id and kind): the configuration decides them. */
function withSourceIds(value: unknown, id: string): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = { ...(value as Record<string, unknown>) };
  if (v.source && typeof v.source === 'object') v.source = { id, kind: 'normalized', ...v.source };
  for (const list of RECORD_LISTS) {
    const xs = v[list];
    if (Array.isArray(xs))
      v[list] = (xs as unknown[]).map((x) => (x && typeof x === 'object' && !('source' in x) ? { source: id, ...x } : x));
  }
  return v;
}

export const normalizedConnector = defineConnector({
  kind: 'normalized',
  configSchema: NormalizedSourceConfig,
  async collect(config, ctx) {
    const path = resolve(ctx.baseDir, config.file);
    const text = await readFile(path, 'utf8');
    const collected = parseDocument(
      text,
      path,
      z.preprocess((v) => withSourceIds(v, config.id), StrictCollectedSource),
    );
    const rename = <T extends { source: string }>(xs: T[]): T[] => xs.map((x) => ({ ...x, source: config.id }));
    return {
      ...collected,
      source: {
        ...collected.source,
        id: config.id,
        kind: 'normalized',
        origin: { ...collected.source.origin, file: config.file, sha256: sha256(text) },
      },
      accounts: rename(collected.accounts),
      groups: rename(collected.groups),
      foreign: rename(collected.foreign),
      roleAssignments: rename(collected.roleAssignments),
      applications: rename(collected.applications),
      links: rename(collected.links),
      persons: rename(collected.persons),
      tools: rename(collected.tools),
      mappings: collected.mappings,
      records: rename(collected.records),
      passwordPolicies: rename(collected.passwordPolicies),
    };
  },
});
