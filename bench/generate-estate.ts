import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { emptyEstate, type Estate } from '../src/estate/estate.js';
import { seededRandom } from '../test/graph-emulator/prng.js';

/** Size and shape of a synthetic estate. */
export interface EstateSpec {
  persons: number;
  accounts: number;
  groups: number;
  /** Membership edges in total (account-in-group and group-in-group). */
  memberships: number;
  /** Levels of group nesting. */
  depth: number;
  seed?: number;
  /** Which estate: the project's own (default) or one of the shapes below. */
  shape?: Shape;
}

/**
 * Estate shapes the benchmark runs besides the project's own (`project`): zones selected by entitlement
 * name within one directory, with a wide closure, as the perf-anchor has (`wide-closure`), and the same
 * with every person in scope (`everyone`); and groups of every IT account and group
 * (100k+ members at 100k accounts) under a 100-deep nesting chain that grants OT (`wide-deep`).
 */
export const SHAPES = ['project', 'wide-closure', 'everyone', 'wide-deep'] as const;
export type Shape = (typeof SHAPES)[number];

/** Levels of the explicit nesting chain of the wide-deep shape. */
export const DEEP_CHAIN = 100;
/** Groups of the wide-deep shape holding every IT account and group. */
const WIDE_GROUPS = 2;

const IT_SID = 'S-1-5-21-100-200-300';
const OT_SID = 'S-1-5-21-400-500-600';

/**
 * Snapshot records of a utility-like estate: 80% of accounts in an IT forest, 20% in an OT forest,
 * persons in an HR roster (1% of them SOC staff), groups nested `depth` levels deep with a few
 * cycles, 1% of IT groups granting OT access, and a small tool inventory. Yields snapshot lines in
 * file order, so an estate of any size streams to disk.
 */
export function* syntheticLines(spec: EstateSpec): Generator<object> {
  const rand = seededRandom(spec.seed ?? 1);
  const shape = spec.shape ?? 'project';
  const A = spec.accounts;
  const G = spec.groups;
  // wide-deep puts 95% in IT so that a group of every IT account and group passes 100,000 members at 100k.
  const itShare = shape === 'wide-deep' ? 0.95 : 0.8;
  const itAccounts = Math.floor(A * itShare);
  const itGroups = Math.floor(G * itShare);
  yield {
    kind: 'header',
    format: 'demarc-snapshot',
    version: 1,
    createdAt: '2026-11-25T00:00:00.000Z',
    tool: { name: 'demarc', version: 'bench' },
  };
  for (const [id, domain, sid] of [
    ['it-ad', 'corp.example', IT_SID],
    ['ot-ad', 'ot.example', OT_SID],
  ] as const) {
    yield {
      kind: 'source',
      sourceKind: 'ldap',
      id,
      flavor: 'active-directory',
      origin: { domainName: domain, domainSid: sid },
      collectedAt: '2026-11-25T00:00:00.000Z',
      complete: true,
      problems: [],
      notCollected: [],
      counts: {},
    };
  }
  for (const id of ['hr', 'tools'])
    yield {
      kind: 'source',
      sourceKind: 'csv',
      id,
      origin: {},
      collectedAt: '2026-11-25T00:00:00.000Z',
      complete: true,
      problems: [],
      notCollected: [],
      counts: {},
    };

  // Accounts: persons 0..P-1 get an IT account first; remaining accounts go to random persons.
  for (let i = 0; i < A; i++) {
    const it = i < itAccounts;
    const person = i < spec.persons ? i : Math.floor(rand() * spec.persons);
    yield {
      kind: 'account',
      source: it ? 'it-ad' : 'ot-ad',
      id: `a${i}`,
      type: 'user',
      name: `user${i}`,
      samAccountName: `u${i}`,
      employeeId: `E${person}`,
      sid: `${it ? IT_SID : OT_SID}-${10000 + i}`,
      primaryGroupId: 513,
      enabled: rand() > 0.05,
    };
  }
  // Group membership lists: group-in-group edges by level (with ~0.1% back edges for cycles),
  // the rest account-in-group edges within the same forest.
  const level = (g: number): number => g % spec.depth;
  const groupEdges = Math.min(Math.floor(spec.memberships * 0.05), G * 3);
  const accountEdges = spec.memberships - groupEdges;
  const members: number[][] = Array.from({ length: G }, () => []);
  for (let e = 0; e < groupEdges; e++) {
    const child = Math.floor(rand() * G);
    const itSide = child < itGroups;
    let parent = itSide ? Math.floor(rand() * itGroups) : itGroups + Math.floor(rand() * (G - itGroups));
    const back = rand() < 0.001;
    if (!back && level(parent) >= level(child)) parent = parent - (parent % spec.depth) + Math.max(0, level(child) - 1);
    if (parent !== child && parent >= 0 && parent < G) members[parent]!.push(A + child);
  }
  for (let e = 0; e < accountEdges; e++) {
    const a = Math.floor(rand() * A);
    const g = a < itAccounts ? Math.floor(rand() * itGroups) : itGroups + Math.floor(rand() * (G - itGroups));
    members[g]!.push(a);
  }
  // wide-deep: IT groups 1..100 form one chain (k+1 a member of k), group 1 grants OT; the wide groups
  // (the next two) hold every IT account and every other IT group, and sit at the chain's bottom.
  const chainTop = 1;
  const wideFirst = chainTop + DEEP_CHAIN;
  if (shape === 'wide-deep') {
    for (let k = chainTop; k < chainTop + DEEP_CHAIN - 1; k++) members[k] = [A + k + 1];
    for (let w = wideFirst; w < wideFirst + WIDE_GROUPS; w++) {
      const all: number[] = [];
      for (let a = 0; a < itAccounts; a++) all.push(a);
      for (let g = wideFirst + WIDE_GROUPS; g < itGroups; g++) all.push(A + g);
      members[w] = all;
      members[chainTop + DEEP_CHAIN - 1]!.push(A + w);
    }
  }
  const name = (g: number, it: boolean): string => {
    if (g === 0 || g === itGroups) return 'Domain Users';
    if ((shape === 'wide-closure' || shape === 'everyone') && it) return g % 50 === 2 ? `IT-${g}` : g % 50 === 3 ? `OT-${g}` : `G-${g}`;
    if (shape === 'wide-deep' && g >= wideFirst && g < wideFirst + WIDE_GROUPS) return `All-IT-${g}`;
    return it && (g % 100 === 1 || (shape === 'wide-deep' && g === chainTop)) ? `OT-Access-${g}` : `G-${g}`;
  };
  for (let g = 0; g < G; g++) {
    const it = g < itGroups;
    const sid = g === 0 || g === itGroups ? `${it ? IT_SID : OT_SID}-513` : `${it ? IT_SID : OT_SID}-${2000000 + g}`;
    yield {
      kind: 'group',
      source: it ? 'it-ad' : 'ot-ad',
      id: `g${g}`,
      name: name(g, it),
      sid,
      groupKind: g % 50 === 7 ? 'distribution' : 'security',
      members: members[g]!,
    };
    members[g] = [];
  }
  for (let p = 0; p < spec.persons; p++) {
    yield {
      kind: 'person',
      source: 'hr',
      id: `P${p}`,
      name: `Person ${p}`,
      employeeId: `E${p}`,
      department: shape === 'everyone' || p % 100 === 0 ? 'SOC' : 'Operations',
      status: 'active',
    };
  }
  for (let t = 0; t < 20; t++) {
    const ot = t % 2 === 1;
    const account = ot ? itAccounts + t : t;
    yield {
      kind: 'tool',
      source: 'tools',
      id: `T${t}`,
      name: `Tool ${t}`,
      zone: ot ? 'ot' : 'it',
      identities: [{ ref: `u${t % 5 === 0 ? account + 1 : account}` }],
    };
  }
  yield { kind: 'end', principals: A + G, lines: 0 };
}

/** Writes the synthetic estate as a snapshot file (streamed: memory stays flat). */
export async function writeSyntheticSnapshot(path: string, spec: EstateSpec): Promise<void> {
  await writeSnapshotLines(path, syntheticLines(spec));
}

/** Writes snapshot records as a snapshot file, the end record counting the lines (streamed). */
export async function writeSnapshotLines(path: string, records: Iterable<object>): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  let lines = 0;
  for (const o of records) {
    lines++;
    const rec = (o as { kind: string }).kind === 'end' ? { ...o, lines } : o;
    buf += `${JSON.stringify(rec)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'close');
}

/** The synthetic estate in memory (for benchmarks that start from an Estate). */
export function generateEstate(spec: EstateSpec): Estate {
  const estate = emptyEstate();
  for (const o of syntheticLines(spec) as Generator<Record<string, unknown>>) {
    const { kind, ...rest } = o;
    if (kind === 'header') estate.createdAt = rest.createdAt as string;
    else if (kind === 'source') {
      const { sourceKind, ...s } = rest;
      estate.sources.push({ ...(s as object), kind: sourceKind } as never);
    } else if (kind === 'account' || kind === 'group') estate.principals.push(o as never);
    else if (kind === 'person') estate.persons.push(rest as never);
    else if (kind === 'tool') estate.tools.push(rest as never);
  }
  return estate;
}

/** The audit configuration for a shape: zones by name for everyone and wide-closure, else the project's own. */
export const configFor = (shape: Shape): string =>
  shape === 'wide-closure' || shape === 'everyone' ? WIDE_CLOSURE_CONFIG : SYNTHETIC_CONFIG;

/** Zones by group name within the IT directory (IT-*, OT-*), as the perf-anchor selects them. */
const WIDE_CLOSURE_CONFIG = `version: 1
timeZone: UTC
zones:
  - id: it
    entitlements:
      - { source: it-ad, type: group, name: "IT-*" }
  - id: ot
    sources: [ot-ad]
    entitlements:
      - { source: it-ad, type: group, name: "OT-*" }
populations:
  soc-staff: { department: [SOC] }
correlation:
  keys: [employeeId]
policies: [integrated-soc]
`;

/** The audit configuration the synthetic estates are evaluated with: every core rule kind runs. */
export const SYNTHETIC_CONFIG = `version: 1
timeZone: UTC
zones:
  - id: it
    sources: [it-ad]
  - id: ot
    sources: [ot-ad]
    entitlements:
      - { source: it-ad, name: "OT-Access-*" }
populations:
  soc-staff: { department: [SOC] }
correlation:
  keys: [employeeId]
policies: [integrated-soc]
`;
