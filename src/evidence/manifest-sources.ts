import type { Source } from '../model/source.js';
import type { Manifest } from './manifest.js';

/** What the manifest says of one collected source: written from the estate, checked against the stored snapshot. */
export const manifestSource = (s: Source): Manifest['sources'][number] => ({
  id: s.id,
  kind: s.kind,
  ...(s.flavor ? { flavor: s.flavor } : {}),
  ...(s.origin.endpoint ? { endpoint: s.origin.endpoint } : {}),
  ...(s.origin.tenantId ? { tenantId: s.origin.tenantId } : {}),
  ...(s.origin.tenantName ? { tenantName: s.origin.tenantName } : {}),
  ...(s.origin.domainName ? { domainName: s.origin.domainName } : {}),
  ...(s.origin.baseDns ? { baseDns: s.origin.baseDns } : {}),
  ...(s.origin.file ? { file: s.origin.file } : {}),
  ...(s.origin.sha256 ? { sha256: s.origin.sha256 } : {}),
  collectedAt: s.collectedAt,
  complete: s.complete,
  counts: s.counts,
  ...(s.snapshot ? { snapshot: s.snapshot } : {}),
});
