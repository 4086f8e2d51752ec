import { describe, expect, it } from 'vitest';
import { pra } from '../../src/rules/cip/pra.js';
import { training } from '../../src/rules/cip/training.js';
import { config, estateOf, findingsOf, group, person, run, source, user } from '../helpers/estate-builder.js';
import { cipConfig, records, SCOPE } from './cip-builder.js';

// NOW is 2026-11-25T12:00:00Z: 06:00 on 25 November in Chicago.
const roster = source('hr', {
  persons: [person('P1', { name: 'Pat', employeeId: 'E1' }), person('P2', { name: 'Quinn', employeeId: 'E2' })],
});
const ot = (members = ['o1']) =>
  source('ot', {
    accounts: [user('o1', { employeeId: 'E1' }), user('o2', { employeeId: 'E2', enabled: false })],
    groups: [group('BCS-HMI', members), group('Other', ['o2'])],
  });
const cfg = config(cipConfig());
const trainingOf = (completed: string, person = 'P1', course = 'CIP Cyber Security 2025') =>
  records('training', [{ person, course, completed }]);

describe('training (CIP-004-7 R2.2/R2.3)', () => {
  const cases: { name: string; completed: string; fires: boolean }[] = [
    { name: 'exactly 15 calendar months old (due today)', completed: '2025-08-25T09:00:00-05:00', fires: false },
    { name: '15 calendar months and a day old', completed: '2025-08-24T09:00:00-05:00', fires: true },
    { name: 'completed late on the 24th local time, the 25th in UTC', completed: '2025-08-25T03:30:00Z', fires: true },
    { name: 'completed last month', completed: '2026-10-01T09:00:00-05:00', fires: false },
  ];
  it.each(cases)('$name: fires=$fires', ({ completed, fires }) => {
    const f = findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), trainingOf(completed)), cfg);
    expect(f.map((x) => x.subject.id)).toEqual(fires ? ['P1'] : []);
    if (fires) expect(f[0]!.chains[0]!.steps.map((s) => s.name)).toEqual(['Pat', 'o1', 'BCS-HMI']);
  });

  it('with end-of-month deadlines a record from the 24th stays valid to the month end', () => {
    expect(
      findingsOf(
        training,
        { scope: SCOPE, deadline: 'end-of-month' },
        estateOf(roster, ot(), trainingOf('2025-08-24T09:00:00-05:00')),
        cfg,
      ),
    ).toEqual([]);
  });

  it('fires for in-scope access without any record, not for persons without in-scope access', () => {
    const f = findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), records('training', [])), cfg);
    expect(f.map((x) => [x.subject.id, x.key])).toEqual([['P1', 'missing']]);
  });

  it('the newest record counts; a record dated after the run does not', () => {
    const recs = records('training', [
      { person: 'P1', course: 'A', completed: '2024-01-10T09:00:00-06:00' },
      { person: 'e1', course: 'B', completed: '2026-02-10T09:00:00-06:00' },
    ]);
    expect(findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), recs), cfg)).toEqual([]);
    const future = records('training', [{ person: 'P1', course: 'A', completed: '2026-12-01T09:00:00-06:00' }]);
    expect(findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), future), cfg).map((x) => x.key)).toEqual(['missing']);
  });

  it('only the configured courses count', () => {
    const recs = trainingOf('2026-10-01T09:00:00-05:00', 'P1', 'Fire safety');
    expect(findingsOf(training, { scope: SCOPE, courses: ['CIP*'] }, estateOf(roster, ot(), recs), cfg).map((x) => x.key)).toEqual([
      'missing',
    ]);
  });

  // CIP-004-7 R2.3 asks that the training program was completed at least once every 15 calendar months;
  // the course is informative, and an LMS export may carry only person and completion date.
  it('counts completions that name no course', () => {
    const noCourse = (completed: string) => records('training', [{ person: 'P1', completed }]);
    expect(findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), noCourse('2026-10-01T09:00:00-05:00')), cfg)).toEqual([]);
    expect(
      findingsOf(training, { scope: SCOPE }, estateOf(roster, ot(), noCourse('2025-08-24T09:00:00-05:00')), cfg).map((x) => x.key),
    ).toEqual(['overdue']);
  });

  it('is not evaluated when it counts only some courses and no record names a course', () => {
    const recs = records('training', [{ person: 'P1', completed: '2026-10-01T09:00:00-05:00' }]);
    expect(run(training, { scope: SCOPE, courses: ['CIP*'] }, estateOf(roster, ot(), recs), cfg)).toEqual({
      notEvaluated: expect.stringContaining('name no course'),
    });
  });

  it('reports records naming unknown persons, and accounts attributed to no one', () => {
    const unattributed = source('ot', {
      accounts: [user('o1', { employeeId: 'E1' }), user('ghost')],
      groups: [group('BCS-HMI', ['o1', 'ghost'])],
    });
    const f = findingsOf(
      training,
      { scope: SCOPE },
      estateOf(roster, unattributed, trainingOf('2026-10-01T09:00:00-05:00', 'nobody')),
      cfg,
    );
    expect(f.map((x) => [x.subject.type, x.key]).sort()).toEqual([
      ['account', 'unattributed'],
      ['person', 'missing'],
      ['record', 'unknown-person'],
    ]);
  });

  it('is not evaluated without records or without a roster (never a pass)', () => {
    expect(run(training, { scope: SCOPE }, estateOf(roster, ot()), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no training records'),
    });
    expect(run(training, { scope: SCOPE }, estateOf(ot(), trainingOf('2026-10-01T09:00:00-05:00')), cfg)).toMatchObject({
      notEvaluated: expect.stringContaining('no HR roster'),
    });
    expect(
      run(training, { scope: { entitlements: 'missing' } }, estateOf(roster, ot(), trainingOf('2026-10-01T09:00:00-05:00')), cfg),
    ).toMatchObject({ notEvaluated: expect.stringContaining('"missing"') });
  });
});

describe('personnel risk assessment (CIP-004-7 R3.5)', () => {
  const cases: { name: string; date: string; fires: boolean }[] = [
    { name: 'exactly seven years old', date: '2019-11-25T10:00:00-06:00', fires: false },
    { name: 'seven years and a day old', date: '2019-11-24T10:00:00-06:00', fires: true },
  ];
  it.each(cases)('$name: fires=$fires', ({ date, fires }) => {
    const f = findingsOf(pra, { scope: SCOPE }, estateOf(roster, ot(), records('pra', [{ person: 'P1', date }])), cfg);
    expect(f.map((x) => x.subject.id)).toEqual(fires ? ['P1'] : []);
  });

  it('a leap-day assessment is valid through 28 February seven years on, in local time', () => {
    const recs = records('pra', [{ person: 'P1', date: '2020-02-29T10:00:00-06:00' }]);
    // 23:00 UTC on 28 February is 17:00 in Chicago; 07:00 UTC on 1 March is 01:00 there.
    expect(findingsOf(pra, { scope: SCOPE }, estateOf(roster, ot(), recs), cfg, new Date('2027-02-28T23:00:00Z'))).toEqual([]);
    expect(findingsOf(pra, { scope: SCOPE }, estateOf(roster, ot(), recs), cfg, new Date('2027-03-01T05:59:00Z'))).toEqual([]);
    expect(
      findingsOf(pra, { scope: SCOPE }, estateOf(roster, ot(), recs), cfg, new Date('2027-03-01T07:00:00Z')).map((x) => x.subject.id),
    ).toEqual(['P1']);
  });
});
