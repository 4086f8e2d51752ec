import { config, group, person, source, user } from '../../helpers/estate-builder.js';
import { cipConfig } from '../../cip/cip-builder.js';

export { records, SCOPE } from '../../cip/cip-builder.js';

// The run is at 2026-11-25T12:00:00Z, 06:00 on 25 November in Chicago (the configured time zone).
export const cfg = config(cipConfig());
export const hr = (p1: Record<string, unknown> = {}) =>
  source('hr', { persons: [person('P1', { name: 'Pat', employeeId: 'E1', ...p1 }), person('P2', { name: 'Quinn', employeeId: 'E2' })] });
/** o1 (Pat) and o2 (Quinn) in the OT directory; `bcs` are the members of the in-scope group BCS-HMI. */
export const ot = (bcs = ['o1'], o1: Record<string, unknown> = {}) =>
  source('ot', {
    accounts: [user('o1', { employeeId: 'E1', ...o1 }), user('o2', { employeeId: 'E2' })],
    groups: [group('BCS-HMI', bcs), group('OT-Ops', ['o2'])],
  });
export const decision = (extra: Record<string, unknown>) => ({
  campaign: '2025-Q3',
  person: 'P1',
  entitlement: 'BCS-HMI',
  reviewer: 'P2',
  decision: 'keep',
  date: '2025-08-25T10:00:00-05:00',
  ...extra,
});
