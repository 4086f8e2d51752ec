import type { ChainStep, Finding } from '../../model/findings.js';
import type { Formatter } from '../formatter.js';

/** Added by BloodHound to the kinds of every node of the file, as it uses Base for AD and AZBase for Azure. */
export const SOURCE_KIND = 'DMBase';

const NODE_KIND: Record<ChainStep['type'], string> = {
  person: 'DMPerson',
  account: 'DMAccount',
  group: 'DMGroup',
  role: 'DMRole',
  foreign: 'DMForeignPrincipal',
  application: 'DMApplication',
  source: 'DMDirectory',
  tool: 'DMTool',
};

/** Edge kinds: BloodHound allows letters, digits and underscores only. */
const EDGE_KIND: Record<NonNullable<ChainStep['via']>, string> = {
  member: 'DMMemberOf',
  'primary-group': 'DMPrimaryGroupOf',
  'foreign-principal': 'DMForeignPrincipalAs',
  'role-active': 'DMHasRole',
  'role-eligible': 'DMEligibleForRole',
  owner: 'DMOwns',
  'group-owner': 'DMOwnsGroup',
  correlated: 'DMHasAccount',
  'account-in-source': 'DMAccountIn',
  identity: 'DMRunsAs',
  'app-owner-tenant': 'DMRegisteredIn',
  trust: 'DMTrusts',
};

type Props = Record<string, string | number | boolean | string[]>;
interface Node {
  id: string;
  kinds: string[];
  properties: Props;
}
interface Edge {
  start: { match_by: 'id'; value: string };
  end: { match_by: 'id'; value: string };
  kind: string;
  properties: Props & { findings: string[]; rules: string[] };
}

/** Ids are unique across the estate: the same name can be a group in two forests. */
const nodeId = (s: ChainStep): string => `${s.type}:${s.source ?? ''}:${s.id}`.toUpperCase();
const zoneId = (zone: string): string => `ZONE:${zone}`.toUpperCase();

/**
 * The estate's cross-zone paths as BloodHound OpenGraph JSON: every step of every finding's chain is a
 * node (person, account, group, role, ...), every hop an edge whose kind says how it is reached
 * (member of, eligible for, owner of), and the step that grants a zone has an edge to that zone's node.
 * Edges carry the fingerprints and rule ids of the findings they prove, so an analyst can start from a
 * finding in BloodHound CE and see its paths, or from a group and see every finding through it.
 */
export const formatBloodhound: Formatter = (report) => {
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Edge>();
  const addNode = (id: string, kind: string, properties: Props): void => {
    if (!nodes.has(id)) nodes.set(id, { id, kinds: [kind], properties });
  };
  const addEdge = (from: string, to: string, kind: string, f: Finding, extra: Props = {}): void => {
    const key = `${from}\u0000${kind}\u0000${to}`;
    const e = edges.get(key) ?? {
      start: { match_by: 'id', value: from },
      end: { match_by: 'id', value: to },
      kind,
      properties: { ...extra, findings: [], rules: [] },
    };
    if (!e.properties.findings.includes(f.fingerprint)) e.properties.findings.push(f.fingerprint);
    if (!e.properties.rules.includes(f.ruleId)) e.properties.rules.push(f.ruleId);
    edges.set(key, e);
  };
  for (const f of report.findings) {
    for (const chain of f.chains) {
      chain.steps.forEach((s, i) => {
        const id = nodeId(s);
        addNode(id, NODE_KIND[s.type], {
          name: s.name,
          displayname: s.name,
          objectid: s.id,
          ...(s.source ? { source: s.source } : {}),
        });
        if (i > 0) {
          const prev = chain.steps[i - 1]!;
          addEdge(nodeId(prev), id, s.via ? EDGE_KIND[s.via] : 'DMLinkedTo', f);
        }
        for (const zone of s.grants ?? []) {
          addNode(zoneId(zone), 'DMZone', { name: zone, displayname: zone, objectid: zone });
          addEdge(id, zoneId(zone), 'DMGrantsZone', f);
        }
      });
    }
  }
  const sorted = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return `${JSON.stringify({ metadata: { source_kind: SOURCE_KIND }, graph: { nodes: sorted(nodes), edges: sorted(edges) } }, null, 2)}\n`;
};
