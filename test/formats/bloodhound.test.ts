import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { formatBloodhound } from '../../src/report/formats/bloodhound.js';
import { FORMAT_OPTIONS, loadFixture } from './fixture.js';

/**
 * BloodHound OpenGraph: the payload is `{ "metadata": {...}, "graph": { "nodes": [], "edges": [] } }`
 * (https://bloodhound.specterops.io/opengraph/schema), whose nodes, edges and metadata BloodHound
 * validates at upload with the JSON Schemas committed beside this test (SpecterOps/BloodHound,
 * cmd/api/src/services/upload/jsonschema/, see SOURCE.md).
 */
const load = (name: string): object => JSON.parse(readFileSync(`test/formats/bloodhound/${name}.json`, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema({ ...load('node'), $id: 'node.json' });
ajv.addSchema({ ...load('edge'), $id: 'edge.json' });
ajv.addSchema({ ...load('metadata'), $id: 'metadata.json' });
const validate = ajv.compile({
  type: 'object',
  properties: {
    metadata: { $ref: 'metadata.json' },
    graph: {
      type: 'object',
      properties: { nodes: { type: 'array', items: { $ref: 'node.json' } }, edges: { type: 'array', items: { $ref: 'edge.json' } } },
      required: ['nodes', 'edges'],
    },
  },
  required: ['graph'],
});

describe('bloodhound opengraph', () => {
  const report = loadFixture();
  const doc = JSON.parse(formatBloodhound(report, FORMAT_OPTIONS));
  const nodes = doc.graph.nodes as { id: string; kinds: string[]; properties: Record<string, unknown> }[];
  const edges = doc.graph.edges as { start: { value: string }; end: { value: string }; kind: string; properties: { findings: string[] } }[];

  it('is valid against the OpenGraph node, edge and metadata schemas, with a source kind', () => {
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.metadata.source_kind).toBe('DMBase');
  });

  it('the schema is not vacuous: an edge kind with a hyphen or a node property holding an object is rejected', () => {
    const bad = structuredClone(doc);
    bad.graph.edges[0].kind = 'member-of';
    expect(validate(bad)).toBe(false);
    const bad2 = structuredClone(doc);
    bad2.graph.nodes[0].properties.chain = { nested: true };
    expect(validate(bad2)).toBe(false);
  });

  it('every edge joins two nodes of the file, and node ids are unique', () => {
    const ids = new Set(nodes.map((n) => n.id));
    expect(ids.size).toBe(nodes.length);
    for (const e of edges) {
      expect(ids.has(e.start.value), e.start.value).toBe(true);
      expect(ids.has(e.end.value), e.end.value).toBe(true);
    }
  });

  it("draws Carol's nested path into OT: account, two SOC groups, the OT remote-access group, the zone", () => {
    // The demo estate: Carol Diaz's IT-tenant account is in SOC-OnCall, nested in SOC-Escalation, nested in
    // OT-RemoteAccess-Users, which grants OT (the chain in test/cli/demo-audit.test.ts).
    const carol = report.findings.find((f) => f.subject.id === 'E1003')!;
    const byName = (name: string) => nodes.find((n) => n.properties.name === name)!;
    const path = ['Carol Diaz', 'carol.diaz@cvpower.example', 'SOC-OnCall', 'SOC-Escalation', 'OT-RemoteAccess-Users'].map(byName);
    expect(path.map((n) => n.kinds[0])).toEqual(['DMPerson', 'DMAccount', 'DMGroup', 'DMGroup', 'DMGroup']);
    const kinds = path.slice(1).map((n, i) => edges.find((e) => e.start.value === path[i]!.id && e.end.value === n.id)!.kind);
    expect(kinds).toEqual(['DMHasAccount', 'DMMemberOf', 'DMMemberOf', 'DMMemberOf']);
    const grant = edges.find((e) => e.start.value === path[4]!.id && e.kind === 'DMGrantsZone')!;
    expect(grant.end.value).toBe('ZONE:OT');
    expect(grant.properties.findings).toContain(carol.fingerprint);
  });
});
