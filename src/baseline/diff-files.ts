import type { Finding } from '../model/findings.js';
import type { FindingsDiff, UnchangedFinding } from './diff-findings.js';
import { readFindingsAt, readFindingsEach, type FindingAt, type FindingsHead, type ReadOptions } from '../report/read-findings.js';

/**
 * `diffFindings` of two findings files, read a finding at a time: the older file's fingerprints (and
 * where each finding is), then the newer file's findings, of which only the new ones are kept whole;
 * last, the resolved ones are read again from the older file by their place. Nothing holds either file
 * whole, so documents of any size compare in memory that grows with the new and resolved findings only.
 * As `demarc diff` says it: when the newer run is incomplete, nothing counts as resolved.
 */
export async function diffFiles(
  olderPath: string,
  newerPath: string,
  o: ReadOptions = {},
): Promise<{ diff: FindingsDiff<UnchangedFinding>; older: FindingsHead; newer: FindingsHead }> {
  const before = new Set<string>();
  const places: (FindingAt & { fingerprint: string })[] = [];
  const older = await readFindingsEach(
    olderPath,
    (f, at) => {
      before.add(f.fingerprint);
      places.push({ ...at, fingerprint: f.fingerprint });
    },
    o,
  );
  const after = new Set<string>();
  const added: Finding[] = [];
  const unchanged: UnchangedFinding[] = [];
  const newer = await readFindingsEach(
    newerPath,
    (f) => {
      after.add(f.fingerprint);
      if (!before.has(f.fingerprint)) added.push(f);
      else unchanged.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, subject: f.subject, firstSeen: f.firstSeen });
    },
    o,
  );
  const resolved = newer.complete
    ? await readFindingsAt(
        olderPath,
        places.filter((p) => !after.has(p.fingerprint)),
      )
    : [];
  return { diff: { new: added, resolved, unchanged }, older, newer };
}
