// A month of evaluation on hand-built tickets: the points follow from the figures and the events as
// worked out by hand, the explanation lists exactly the tickets that cost points, a published month
// is frozen, the job drafts last month once a day, and the annual composite.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import type { Template } from '../../src/domain/evaluation/index.js';
import { computeAnnual, putAnnualScores } from '../../src/services/evaluation/annual.js';
import { addBonus, computeDueDrafts, computeMonth, publishMonth } from '../../src/services/evaluation/compute.js';
import { evaluationSummary, explainScore, listScores } from '../../src/services/evaluation/results.js';
import { currentTemplates, deleteTemplate, saveTemplate } from '../../src/services/evaluation/templates.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { actor, insertTicket, pickUnits } from './evaluation-fixtures.js';

const NOW = new Date('2026-04-02T02:00:00Z');
const MONTH = '2026-03';
const TEMPLATE: Template = {
  maxScore: 100,
  indicators: [
    { key: 'onTimeRate', weight: 60, target: 100, floor: 0, curve: 'linear' },
    { key: 'satisfactionRate', weight: 40, target: 90, floor: 50, curve: 'step' },
  ],
  deductions: [
    { kind: 'overdue', points: 1, cap: 5 }, { kind: 'supervision', points: 2, cap: null },
    { kind: 'unsatisfied', points: 0.5, cap: null }, { kind: 'province', points: 3, cap: null },
  ],
  bonusCap: 5,
  lists: { fullMark: 100, blackBottomN: 1, blackBelow: null },
  deposit: { perBlackMonth: 2000, perPointBelow: 0, threshold: null },
  annual: { monthlyWeight: 0.7, annualWeight: 0.3, onSiteWeight: 0.2 },
};

let t: TestDatabase;
let admin: Actor;
let units: Awaited<ReturnType<typeof pickUnits>>;
const tk: Record<string, { ticketId: number; assignmentIds: number[] }> = {};
let orderId = 0;

beforeAll(async () => {
  t = await testDatabase();
  admin = await actor(t.db, 'admin');
  units = await pickUnits(t.db);
  // The demo's default template evaluates every member unit; this file brings its own.
  for (const old of await currentTemplates(t.db, 1)) await deleteTemplate(t.db, admin, old.code, NOW);
  await saveTemplate(t.db, admin, { code: 'test', name: '测试方案', body: TEMPLATE, units: [{ unitId: units.district.id, keyUnit: false }, { unitId: units.dept.id, keyUnit: true }] }, NOW);
  const D = units.district.id;
  const S = units.street.id;
  const P = units.dept.id;
  // District: late at the district and at its street on one ticket (one charge), supervised, and a province ticket not resolved.
  tk.T1 = await insertTicket(t.db, { accepted: '2026-03-02T10:00:00+08:00', assignments: [
    { unitId: D, deadline: '2026-03-10T18:00:00+08:00', repliedAt: '2026-03-13T09:00:00+08:00' },
    { unitId: S, parent: 0, deadline: '2026-03-10T12:00:00+08:00', repliedAt: '2026-03-12T09:00:00+08:00' },
  ] });
  orderId = (await t.db.insertInto('supervision_orders').values({
    platform_id: 1, ticket_id: tk.T1.ticketId, unit_id: S, level: 'system', state: 'open', reason: '超期未办', deadline: new Date('2026-03-08T00:00:00+08:00'),
    opened_at: new Date('2026-03-05T09:00:00+08:00'),
  }).returning('id').executeTakeFirstOrThrow()).id;
  tk.T7 = await insertTicket(t.db, { accepted: '2026-03-03T10:00:00+08:00', channel: 'province', state: 'visiting',
    visit: { at: '2026-03-26T10:00:00+08:00', satisfaction: 'satisfied', resolved: false },
    assignments: [{ unitId: S, deadline: '2026-03-20T18:00:00+08:00', repliedAt: '2026-03-15T09:00:00+08:00', state: 'done' }] });
  // Department: one open past its deadline, one on time, one due next month, one unsatisfied visit,
  // one unsatisfied in February, one withdrawn.
  tk.T2 = await insertTicket(t.db, { accepted: '2026-03-04T10:00:00+08:00', assignments: [{ unitId: P, deadline: '2026-03-20T18:00:00+08:00' }] });
  tk.T3 = await insertTicket(t.db, { accepted: '2026-03-05T10:00:00+08:00', assignments: [{ unitId: P, deadline: '2026-03-15T18:00:00+08:00', repliedAt: '2026-03-14T09:00:00+08:00' }] });
  tk.T4 = await insertTicket(t.db, { accepted: '2026-03-25T10:00:00+08:00', assignments: [{ unitId: P, deadline: '2026-04-05T18:00:00+08:00' }] });
  tk.T6 = await insertTicket(t.db, { accepted: '2026-03-06T10:00:00+08:00', state: 'visiting', visit: { at: '2026-03-20T10:00:00+08:00', satisfaction: 'unsatisfied', resolved: false },
    assignments: [{ unitId: P, deadline: '2026-03-16T18:00:00+08:00', repliedAt: '2026-03-10T09:00:00+08:00', state: 'done' }] });
  tk.T8 = await insertTicket(t.db, { accepted: '2026-02-10T10:00:00+08:00', state: 'visiting', visit: { at: '2026-02-25T10:00:00+08:00', satisfaction: 'unsatisfied', resolved: false },
    assignments: [{ unitId: P, deadline: '2026-02-20T18:00:00+08:00', repliedAt: '2026-02-15T09:00:00+08:00', state: 'done' }] });
  tk.T9 = await insertTicket(t.db, { accepted: '2026-03-07T10:00:00+08:00', assignments: [{ unitId: P, deadline: '2026-03-10T18:00:00+08:00', state: 'withdrawn' }] });
  // A unit not evaluated: its late ticket costs nobody.
  tk.T10 = await insertTicket(t.db, { accepted: '2026-03-07T10:00:00+08:00', assignments: [{ unitId: units.other.id, deadline: '2026-03-10T18:00:00+08:00' }] });
  // No rollup refresh: the month reads the raw tables, whatever the stats-rollup job has done.
  await addBonus(t.db, admin, 'test', MONTH, { unitId: P, category: 'innovation', reason: '创新推出“接诉即办”小程序', points: 2 }, NOW);
  await computeMonth(t.db, admin, 'test', MONTH, NOW);
}, 60_000);

describe('a month computed', () => {
  it('scores each unit from its figures, events and bonuses as worked out by hand', async () => {
    const page = await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 });
    expect(page.period).toMatchObject({ state: 'draft', templateVersion: 1, month: MONTH });
    const [first, second] = page.items;
    // Department: on time 2 of 2 → 60; satisfaction 0% < 90 → 0; −1 overdue −0.5 unsatisfied +2 bonus.
    expect(first).toMatchObject({ unitId: units.dept.id, rank: 1, indicatorPoints: 60, deductions: 1.5, bonuses: 2, total: 60.5, keyUnit: true, blackListed: false, deposit: 0 });
    expect(first!.indicators.map((i) => [i.key, i.value, i.points])).toEqual([['onTimeRate', 100, 60], ['satisfactionRate', 0, 0]]);
    // District: on time 1 of 3 (its own and its street's late replies, the street's timely one) → 20; satisfied 1 of 1 → 40;
    // −1 overdue (one ticket, once) −2 supervision −3 province.
    expect(second).toMatchObject({ unitId: units.district.id, rank: 2, indicatorPoints: 60, deductions: 6, bonuses: 0, total: 54, blackListed: true, deposit: 2000 });
    expect(second!.indicators.map((i) => [i.key, i.points])).toEqual([['onTimeRate', 20], ['satisfactionRate', 40]]);
    expect(second!.tallies.map((x) => [x.kind, x.events, x.points])).toEqual([['overdue', 1, 1], ['supervision', 1, 2], ['province', 1, 3]]);
    expect(page).toMatchObject({ total: 2, depositTotal: 2000, fullMarkCount: 0, blackListCount: 1 });
  });

  it('explains each point lost with exactly the tickets behind it', async () => {
    const dept = await explainScore(t.db, admin, 'test', MONTH, units.dept.id, { page: 1, pageSize: 50 });
    expect(dept.items.map((i) => [i.kind, i.ticketId, i.points])).toEqual([['unsatisfied', tk.T6!.ticketId, 0.5], ['overdue', tk.T2!.ticketId, 1]]);
    const district = await explainScore(t.db, admin, 'test', MONTH, units.district.id, { page: 1, pageSize: 50 });
    expect(district.items.map((i) => [i.kind, i.ticketId, i.points, i.assignmentId, i.orderId])).toEqual([
      ['supervision', tk.T1!.ticketId, 2, null, orderId],
      ['overdue', tk.T1!.ticketId, 1, tk.T1!.assignmentIds[1], null],
      ['province', tk.T7!.ticketId, 3, null, null],
    ]);
    const paged = await explainScore(t.db, admin, 'test', MONTH, units.district.id, { page: 2, pageSize: 2 });
    expect(paged.total).toBe(3);
    expect(paged.items.map((i) => i.kind)).toEqual(['province']);
  });

  it('recomputing a draft gives the same result (idempotent)', async () => {
    const before = await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 });
    await computeMonth(t.db, admin, 'test', MONTH, NOW);
    const after = await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 });
    expect(after.items).toEqual(before.items);
  });
});

describe('a published month', () => {
  it('is frozen: recompute and bonuses are 409, new late tickets change nothing', async () => {
    const before = await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 });
    await publishMonth(t.db, admin, 'test', MONTH, NOW);
    await insertTicket(t.db, { accepted: '2026-03-08T10:00:00+08:00', assignments: [{ unitId: units.dept.id, deadline: '2026-03-12T18:00:00+08:00' }] });
    await expect(computeMonth(t.db, admin, 'test', MONTH, NOW)).rejects.toMatchObject({ status: 409, code: 'published' });
    await expect(addBonus(t.db, admin, 'test', MONTH, { unitId: units.dept.id, category: 'other', reason: '补加', points: 1 }, NOW)).rejects.toMatchObject({ status: 409 });
    await expect(publishMonth(t.db, admin, 'test', MONTH, NOW)).rejects.toMatchObject({ status: 409 });
    const after = await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 });
    expect(after.items).toEqual(before.items);
    expect(after.period.state).toBe('published');
    // A new version of the template leaves the published month on the version it used.
    await saveTemplate(t.db, admin, { code: 'test', name: '测试方案', body: { ...TEMPLATE, bonusCap: 1 }, units: [{ unitId: units.district.id, keyUnit: false }, { unitId: units.dept.id, keyUnit: true }] }, NOW);
    expect((await listScores(t.db, admin, 'test', MONTH, { page: 1, pageSize: 20 })).period.templateVersion).toBe(1);
  });

  it('the summary gives the ranking, lists and deposits of published months', async () => {
    const month = await evaluationSummary(t.db, 1, { month: MONTH });
    const s = month.templates.find((x) => x.code === 'test')!;
    expect(s.ranking.map((r) => [r.unitId, r.rank, r.score])).toEqual([[units.dept.id, 1, 60.5], [units.district.id, 2, 54]]);
    expect(s.fullMark).toEqual([]);
    expect(s.blackList.map((r) => r.unitId)).toEqual([units.district.id]);
    expect([s.depositTotal, s.depositUnits]).toEqual([2000, 1]);
    expect((await evaluationSummary(t.db, 1, { month: '2026-02' })).templates[0]!.published).toBe(false);
  });
});

describe('the evaluation-monthly job', () => {
  it('drafts last month on the first days, once a day, and leaves a published month alone', async () => {
    expect(await computeDueDrafts(t.db, 1, new Date('2026-04-03T01:00:00Z'))).toEqual([]);
    const may2 = new Date('2026-05-02T01:00:00Z');
    expect((await computeDueDrafts(t.db, 1, may2)).map((r) => [r.templateCode, r.month, r.templateVersion])).toEqual([['test', '2026-04', 2]]);
    expect(await computeDueDrafts(t.db, 1, new Date('2026-05-02T09:00:00Z'))).toEqual([]);
    expect((await computeDueDrafts(t.db, 1, new Date('2026-05-03T01:00:00Z'))).length).toBe(1);
    expect(await computeDueDrafts(t.db, 1, new Date('2026-05-07T01:00:00Z'))).toEqual([]);
    // A template never computed gets last month's draft whatever the day (a new template, the demo's first start).
    await saveTemplate(t.db, admin, { code: 'fresh', name: '新方案', body: TEMPLATE, units: [{ unitId: units.other.id, keyUnit: false }] }, NOW);
    expect((await computeDueDrafts(t.db, 1, new Date('2026-05-20T01:00:00Z'))).map((r) => [r.templateCode, r.month])).toEqual([['fresh', '2026-04']]);
    expect(await computeDueDrafts(t.db, 1, new Date('2026-05-21T01:00:00Z'))).toEqual([]);
  });
});

describe('the annual composite', () => {
  it('weights the mean of published months with the annual and on-site scores, and ranks', async () => {
    await putAnnualScores(t.db, admin, 'test', 2026, [
      { unitId: units.dept.id, annualScore: 80, onSiteScore: 70 }, { unitId: units.district.id, annualScore: 90, onSiteScore: null },
    ], NOW);
    const rows = await computeAnnual(t.db, admin, 'test', 2026, NOW);
    // Only March is published (April is a draft). Key unit: (0.7·60.5 + 0.3·80 + 0.2·70) ÷ 1.2; the district: 0.7·54 + 0.3·90.
    expect(rows.map((r) => [r.unitId, r.months, r.monthlyMean, r.composite, r.rank, r.incomplete])).toEqual([
      [units.dept.id, 1, 60.5, 66.96, 1, false], [units.district.id, 1, 54, 64.8, 2, false],
    ]);
    await expect(putAnnualScores(t.db, admin, 'test', 2026, [{ unitId: units.district.id, annualScore: 90, onSiteScore: 50 }], NOW))
      .rejects.toMatchObject({ status: 400, fields: [{ field: 'entries.0.onSiteScore' }] });
    const year = await evaluationSummary(t.db, 1, { year: 2026 });
    expect(year.templates.find((x) => x.code === 'test')!.blackList.map((b) => [b.unitId, b.blackMonths, b.deposit])).toEqual([[units.district.id, 1, 2000]]);
    expect(year.templates.find((x) => x.code === 'test')!.ranking.map((r) => r.score)).toEqual([66.96, 64.8]);
  });
});
