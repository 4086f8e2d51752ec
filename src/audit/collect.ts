import type { AuditConfig } from '../config/audit-config.js';
import type { CollectContext } from '../connectors/connector.js';
import { loadConnector } from '../connectors/registry.js';
import { assembleEstate } from '../estate/assemble.js';
import type { Estate } from '../estate/estate.js';
import { mergeEstates } from '../estate/merge.js';
import { currentCollector } from '../util/collector.js';
import { readSnapshotSource } from './snapshot-sources.js';
import type { CollectedSource } from '../model/collected.js';
import { InputError, InputErrors, errorMessage } from '../util/errors.js';
import { fileFault } from '../util/file-errors.js';

/**
 * Collects every configured source and merges the configured snapshots' sources with them. Input errors
 * (bad files, missing secrets, a bad snapshot signature) stop the run (exit 2); any other failure of a
 * connector becomes an incomplete source, so the run can never be clean.
 */
export async function collectSources(config: AuditConfig, ctx: CollectContext): Promise<Estate> {
  // Snapshots first: a bad signature or a missing file fails before a long live collection.
  const snapshots = [];
  for (const sc of config.sources) {
    if (sc.kind !== 'snapshot') continue;
    ctx.progress(`reading snapshot ${sc.id}`);
    snapshots.push(await readSnapshotSource(sc, ctx));
  }
  const live = await collectLive(config, ctx);
  live.collectedBy = currentCollector(ctx.env);
  if (snapshots.length === 0) return live;
  const merged = mergeEstates([{ estate: live }, ...snapshots], live.createdAt);
  merged.collectedBy = live.collectedBy;
  return merged;
}

async function collectLive(config: AuditConfig, ctx: CollectContext): Promise<Estate> {
  const collected: CollectedSource[] = [];
  for (const sc of config.sources) {
    if (sc.kind === 'snapshot') continue;
    const connector = (await loadConnector(sc.kind))!;
    ctx.progress(`collecting ${sc.id} (${sc.kind})`, { source: sc.id, phase: 'collect' });
    const started = Date.now();
    try {
      collected.push(await connector.collect(sc, ctx));
    } catch (e) {
      if (e instanceof InputError || e instanceof InputErrors) throw e;
      // A file the configuration names that cannot be opened is the configuration's error, not a fault.
      const file = fileFault(e);
      if (file?.kind === 'usage' && file.path)
        throw new InputError(`source ${sc.id}: cannot read ${file.path}: ${file.text} (${file.code})`, { file: file.path });
      ctx.log('error', `source ${sc.id}: collection failed: ${errorMessage(e)}`);
      collected.push({
        source: {
          id: sc.id,
          kind: sc.kind,
          origin: {},
          collectedAt: new Date().toISOString(),
          complete: false,
          problems: [{ level: 'incomplete', code: 'collection-failed', message: errorMessage(e) }],
          notCollected: [],
          counts: {},
          stats: { durationMs: Date.now() - started },
        },
        accounts: [],
        groups: [],
        foreign: [],
        roleAssignments: [],
        applications: [],
        links: [],
        persons: [],
        tools: [],
        mappings: [],
        records: [],
        passwordPolicies: [],
      });
    }
  }
  return assembleEstate(collected, ctx.now.toISOString());
}
