import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAccessGraph, VIA } from '../../src/engine/access-graph.js';
import type { GroupNode } from '../../src/estate/estate.js';
import { chainText } from '../../src/report/formats/chain-text.js';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { subEstate } from '../../src/check/sub-estate.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { writeSnapshot } from '../../src/snapshot/write-snapshot.js';
import { config, estateOf, findingsOf, group, NOW, person, source, user } from '../helpers/estate-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-owners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A group's owners can change its membership, so each holds what the group holds. Entra: "Owners are
 * allowed to modify the group object" (Microsoft Graph, List group owners). AD: the `managedBy` account
 * with the "Manager can update membership list" right, i.e. write to `member` on the group's DACL
 * ([MS-ADTS] 3.1.1.5.3.1, checks on write; managedBy attribute page in the AD schema).
 */
const estate = () =>
  estateOf(
    source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1' })] }),
    source('it', {
      accounts: [user('u1', { employeeId: 'E1', upn: 'pat@corp.example' }), user('mgr', { dn: 'CN=Mgr,OU=People,DC=corp' })],
      groups: [
        // Owner named by id (Entra) and by DN (AD managedBy, written with a different case and an escape).
        group('OT-Operators', [], { owners: ['u1'] }),
        group('OT-Engineers', ['CN=Mgr,OU=People,DC=corp'], { owners: ['cn=mgr, ou=people, dc=CORP'] }),
        // A distribution list grants nothing, whoever owns it.
        group('OT-Newsletter', [], { groupKind: 'distribution', owners: ['u1'] }),
      ],
    }),
  );

describe('group owners', () => {
  it('resolve to the owning principals, by id or DN, and become group-owner edges into security groups only', () => {
    const e = estate();
    const at = (id: string) => e.principals.toArray().findIndex((p) => p.id === id);
    const ops = e.principals.at(at('OT-Operators')) as GroupNode;
    expect(ops.ownerRefs).toEqual([at('u1')]);
    expect((e.principals.at(at('OT-Engineers')) as GroupNode).ownerRefs).toEqual([at('mgr')]);
    const g = buildAccessGraph(e, NOW);
    const out = (from: number) =>
      Array.from({ length: g.start[from + 1]! - g.start[from]! }, (_, k) => [g.to[g.start[from]! + k], VIA[g.via[g.start[from]! + k]!]]);
    expect(out(at('u1'))).toEqual([[at('OT-Operators'), 'group-owner']]);
    expect(out(at('mgr')).sort()).toEqual([
      [at('OT-Engineers'), 'group-owner'],
      [at('OT-Engineers'), 'member'],
    ]);
  });

  it('make the owner hold the group: the chain shows "owner of group X"', () => {
    const cfg = config({
      zones: [
        { id: 'it', sources: ['it'] },
        { id: 'ot', sources: ['ot'], entitlements: [{ source: 'it', name: 'OT-Operators' }] },
      ],
    });
    const findings = findingsOf(zoneSeparation, { zones: ['it', 'ot'] }, estate(), cfg);
    expect(findings).toHaveLength(1);
    const ot = findings[0]!.chains.find((c) => c.zone === 'ot')!;
    expect(ot.steps.map((s) => [s.name, s.via])).toEqual([
      ['Pat', undefined],
      ['pat@corp.example', 'correlated'],
      ['OT-Operators', 'group-owner'],
    ]);
    expect(chainText(ot)).toContain('-> owner of group OT-Operators [it]');
  });

  it('survive a snapshot round trip (a group line with ownerRefs is read through the schema, nothing lost)', async () => {
    const e = estate();
    const file = join(dir, 'owners.jsonl');
    await writeSnapshot(file, e);
    const back = await readSnapshot(file);
    expect(back.principals.toArray()).toEqual(e.principals.toArray());
    const owned = back.principals.toArray().filter((p) => p.kind === 'group' && p.ownerRefs?.length);
    expect(owned.map((p) => p.id).sort()).toEqual(['OT-Engineers', 'OT-Newsletter', 'OT-Operators']);
    // The graph built from the read snapshot has the same owner edges.
    const before = buildAccessGraph(e, NOW);
    const after = buildAccessGraph(back, NOW);
    expect(Array.from(after.via)).toEqual(Array.from(before.via));
    expect(Array.from(after.to)).toEqual(Array.from(before.to));
  });

  it('are renumbered when the what-if check cuts the estate down', () => {
    const e = estate();
    const ids = e.principals.toArray().map((p) => p.id);
    // mgr is not the first principal of the estate, but is the first of the cut.
    const keep = ['mgr', 'OT-Engineers'].map((id) => ids.indexOf(id)).sort((a, b) => a - b);
    expect(keep[0]).toBeGreaterThan(0);
    const cut = subEstate(e, keep, []);
    const eng = cut.principals.toArray().find((p) => p.id === 'OT-Engineers') as GroupNode;
    expect(eng.ownerRefs!.map((i) => cut.principals.at(i).id)).toEqual(['mgr']);
  });
});
