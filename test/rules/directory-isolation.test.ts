import { describe, expect, it } from 'vitest';
import { directoryIsolation } from '../../src/rules/directory-isolation.js';
import { config, contextOf, estateOf, findingsOf, source } from '../helpers/estate-builder.js';

const IT_TENANT = '11111111-1111-1111-1111-111111111111';
const it_ = (links: Record<string, unknown>[] = []) =>
  source('it', { links, source: { kind: 'entra', origin: { tenantId: IT_TENANT, domainName: 'corp.example' } } });
const ot_ = (links: Record<string, unknown>[] = []) =>
  source('ot', { links, source: { kind: 'ldap', origin: { domainName: 'ot.example' } } });
const link = (partner: string, direction = 'bidirectional', kind = 'ad-trust') => ({ id: `l-${partner}`, kind, partner, direction });

const cases = [
  { name: 'an AD forest trust from IT to the OT forest', sources: [it_([link('ot.example')]), ot_()], fires: true },
  {
    name: 'an OT tenant cross-tenant partner that is the IT tenant',
    sources: [it_(), ot_([link(IT_TENANT, 'inbound', 'entra-cross-tenant')])],
    fires: true,
  },
  { name: 'partner names are matched without regard to case', sources: [it_([link('OT.EXAMPLE')]), ot_()], fires: true },
  { name: 'a trust to a vendor domain in no zone', sources: [it_([link('vendor.example')]), ot_()], fires: false },
  { name: 'a trust between two directories of the same zone', sources: [it_([link('corp.example')]), ot_()], fires: false },
];

describe('directory-isolation', () => {
  it.each(cases)('$name', ({ sources, fires }) => {
    const findings = findingsOf(directoryIsolation, { zones: ['it', 'ot'] }, estateOf(...sources), config());
    expect(findings.length).toBe(fires ? 1 : 0);
    if (fires) expect(findings[0]!.zones.sort()).toEqual(['it', 'ot']);
  });

  it('is not evaluated when no directory belongs to the zones', () => {
    const out = directoryIsolation.evaluate(
      contextOf(estateOf(source('x')), config()),
      directoryIsolation.options.parse({ zones: ['it', 'ot'] }),
    );
    expect(out).toEqual({ notEvaluated: 'no directory source belongs to these zones' });
  });
});
