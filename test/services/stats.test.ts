// computeStats over a demo history: the rollups agree with the raw tables for every dimension, the
// counts equal plain SQL over the tickets, the rollup job redoes exactly the days that changed, and
// a district's leader sees only the district.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { atLocal } from '../../src/domain/calendar/index.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { rebuildRollups, refreshRollups } from '../../src/services/stats/rollup.js';
import { computeStats, grainFor, type Ctx } from '../../src/services/stats/stats.js';
import { ALL_GRAIN, sliceGrain } from '../../src/services/stats/sources.js';
import type { Dimension, StatsQuery, StatsResult } from '../../src/services/stats/types.js';
import { actorWhere } from '../support/actors.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const YEAR: Pick<StatsQuery, 'from' | 'to'> = { from: '2025-11-21', to: '2026-11-20' };
let t: TestDatabase;
let leader: Actor;
let districtLeader: Actor;
let districtId: number;

const actor = (where: Parameters<typeof actorWhere>[1]) => actorWhere(t.db, where);

/** A result as comparable data: each row's keys and figure values. */
const plain = (r: StatsResult) => ({
  rows: r.rows.map((row) => ({ keys: row.keys.map((k) => k.key).join('|'), figures: row.figures })),
  total: r.total.figures,
});

beforeAll(async () => {
  t = await testDatabase();
  await seedHistory(t.db, testVault, { count: 900, seed: 11, now: NOW, via: 'bulk', sweep: sweepDeadlines });
  await rebuildRollups(t.db, 1, NOW);
  leader = await actor({ username: 'leader1' });
  districtLeader = await actor({ role: 'leader', unitKind: 'district' });
  districtId = districtLeader.unitId;
}, 120_000);

describe('computeStats', () => {
  it.each<Dimension[]>([[], ['district'], ['unit'], ['type', 'channel'], ['subject'], ['typeGroup', 'urgency'], ['month']])(
    'rollups and raw tables give the same figures by %j',
    async (...by) => {
      const q: StatsQuery = { ...YEAR, by, compare: true };
      const [rolled, raw] = await Promise.all([computeStats(t.db, leader, q, NOW), computeStats(t.db, leader, { ...q, source: 'raw' }, NOW)]);
      expect(rolled.source).toBe('rollup');
      expect(plain(rolled)).toEqual(plain(raw));
      if (by.length > 0) expect(rolled.rows.length).toBeGreaterThan(1);
    },
  );

  it('counts equal plain SQL over the tickets, per district', async () => {
    const r = await computeStats(t.db, leader, { ...YEAR, by: ['district'], figures: ['received', 'dispatched', 'closed', 'closureRate', 'satisfactionRate'] }, NOW);
    const start = atLocal(YEAR.from, '00:00');
    const end = atLocal('2026-11-21', '00:00');
    const expected = await sql<{ district_id: number | null; received: number; dispatched: number; closed: number; valid: number; sat: number }>`
      select district_id, count(*)::int as received, count(*) filter (where dispatched_at is not null)::int as dispatched,
        count(*) filter (where dispatched_at is not null and state in ('closed', 'archived'))::int as closed,
        count(*) filter (where visited_at is not null)::int as valid,
        count(*) filter (where visited_at is not null and satisfaction in ('satisfied', 'basic'))::int as sat
      from tickets where platform_id = 1 and accepted_at >= ${start} and accepted_at < ${end} and state not in ('invalid', 'merged')
      group by district_id`.execute(t.db);
    expect(expected.rows.length).toBeGreaterThan(2);
    for (const e of expected.rows) {
      const row = r.rows.find((x) => x.keys[0]!.key === (e.district_id === null ? '' : String(e.district_id)))!;
      expect(row.figures.received!.value).toBe(e.received);
      expect(row.figures.dispatched!.value).toBe(e.dispatched);
      expect(row.figures.closed!.value).toBe(e.closed);
      expect(row.figures.closureRate!.value).toBeCloseTo(e.dispatched ? e.closed / e.dispatched : NaN);
      if (e.valid) expect(row.figures.satisfactionRate!.value).toBeCloseTo(e.sat / e.valid);
    }
    expect(r.total.figures.received!.value).toBe(expected.rows.reduce((s, e) => s + e.received, 0));
    // Districts have names; the biggest comes first.
    expect(r.rows[0]!.keys[0]!.label).not.toBe(r.rows[0]!.keys[0]!.key);
    expect(r.rows[0]!.figures.received!.value).toBeGreaterThanOrEqual(r.rows[1]!.figures.received!.value!);
  });

  it('the unit table counts each dispatched ticket once, at its handling unit', async () => {
    const r = await computeStats(t.db, leader, { ...YEAR, by: ['unit'], figures: ['handled', 'handledClosed', 'dispatched'] }, NOW);
    const handled = r.rows.reduce((s, row) => s + row.figures.handled!.value!, 0);
    expect(handled).toBe(r.total.figures.handled!.value);
    // Every dispatched ticket has a handling unit unless all its assignments were sent back.
    expect(handled).toBeLessThanOrEqual(r.total.figures.dispatched!.value!);
    expect(handled).toBeGreaterThan(r.total.figures.dispatched!.value! * 0.9);
    // Grouped at the city's children: the same total, fewer groups.
    const root = await t.db.selectFrom('units').select('id').where('kind', '=', 'platform').executeTakeFirstOrThrow();
    const top = await computeStats(t.db, leader, { ...YEAR, by: ['unit'], unitParentId: root.id, figures: ['handled'] }, NOW);
    expect(top.rows.length).toBeLessThan(r.rows.length);
    expect(top.rows.reduce((s, row) => s + row.figures.handled!.value!, 0)).toBe(handled);
  });

  it('compares with the previous period and the same period last year', async () => {
    const r = await computeStats(t.db, leader, { from: '2026-10-01', to: '2026-10-31', compare: true, figures: ['received', 'closureRate'] }, NOW);
    expect(r.previous).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(r.lastYear).toEqual({ from: '2025-10-01', to: '2025-10-31' });
    const sep = await computeStats(t.db, leader, { from: '2026-09-01', to: '2026-09-30', figures: ['received', 'closureRate'] }, NOW);
    const v = r.total.figures.received!;
    expect(v.previous).toBe(sep.total.figures.received!.value);
    expect(v.changePrevious).toBeCloseTo(((v.value! - v.previous!) / v.previous!) * 100);
    const rate = r.total.figures.closureRate!;
    expect(rate.changePrevious).toBeCloseTo((rate.value! - sep.total.figures.closureRate!.value!) * 100);
  });

  it('filters by district, type and subject subtree', async () => {
    const all = await computeStats(t.db, leader, { ...YEAR, by: ['district'], figures: ['received'] }, NOW);
    const one = await computeStats(t.db, leader, { ...YEAR, figures: ['received'], filters: { districtIds: [districtId] } }, NOW);
    expect(one.total.figures.received!.value).toBe(all.rows.find((r) => r.keys[0]!.key === String(districtId))!.figures.received!.value);
    const bySubject = await computeStats(t.db, leader, { ...YEAR, by: ['subject'], subjectLevel: 1, figures: ['received'] }, NOW);
    const first = bySubject.rows.find((r) => r.keys[0]!.key !== '')!;
    const filtered = await computeStats(t.db, leader, { ...YEAR, figures: ['received'], filters: { subjectIds: [Number(first.keys[0]!.key)] } }, NOW);
    expect(filtered.total.figures.received!.value).toBe(first.figures.received!.value);
  });

  it("a district's leader sees the district only; a handler may not read figures", async () => {
    const r = await computeStats(t.db, districtLeader, { ...YEAR, by: ['district'], figures: ['received'] }, NOW);
    expect(r.rows.map((x) => x.keys[0]!.key)).toContain(String(districtId));
    const city = await computeStats(t.db, leader, { ...YEAR, figures: ['received'] }, NOW);
    expect(r.total.figures.received!.value).toBeLessThan(city.total.figures.received!.value!);
    const handler = await actor({ role: 'handler' });
    await expect(computeStats(t.db, handler, { ...YEAR }, NOW)).rejects.toMatchObject({ status: 403 });
  });

  it('reads the slice of its one dimension, the day totals, or every combination', async () => {
    const ctx = (c: Partial<Ctx>): Ctx => ({ platformId: 1, scopePattern: null, filters: {}, by: [], subjectLevel: 1, unitParentPath: null, ...c });
    expect(grainFor(ctx({}))).toBe(ALL_GRAIN);
    expect(grainFor(ctx({ by: ['month'] }))).toBe(ALL_GRAIN);
    expect(grainFor(ctx({ by: ['district'] }))).toBe(sliceGrain('district_id'));
    expect(grainFor(ctx({ by: ['typeGroup'], filters: { types: ['help'] } }))).toBe(sliceGrain('type'));
    expect(grainFor(ctx({ by: ['district'], filters: { channels: ['phone'] } }))).toBe(0);
    expect(grainFor(ctx({ by: ['channel'], scopePattern: '/1/2/%' }))).toBe(0);
    // A slice holds at most one row a day per key: far fewer rows than the combinations.
    const rows = await sql<{ grain: number; n: number }>`select grain, count(*)::int as n from stats_ticket_days group by grain`.execute(t.db);
    const n = (g: number) => rows.rows.find((r) => r.grain === g)?.n ?? 0;
    expect(n(sliceGrain('channel'))).toBeLessThan(n(0));
    expect(n(ALL_GRAIN)).toBeLessThanOrEqual(731);
  });

  it('refuses a bad query naming the field', async () => {
    await expect(computeStats(t.db, leader, { from: '2026-02-30', to: '2026-03-01' }, NOW)).rejects.toMatchObject({ status: 400 });
    await expect(computeStats(t.db, leader, { from: '2026-03-02', to: '2026-03-01' }, NOW))
      .rejects.toMatchObject({ status: 400, fields: [expect.objectContaining({ field: 'to' })] });
    await expect(computeStats(t.db, leader, { ...YEAR, by: ['district', 'type', 'channel'] }, NOW))
      .rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'by' })] });
  });
});

describe('the rollup job', () => {
  it('redoes the days whose tickets changed since its last run, and only those', async () => {
    const later = new Date(NOW.getTime() + 3_600_000);
    await refreshRollups(t.db, 1, later);
    const before = await computeStats(t.db, leader, { ...YEAR, figures: ['received', 'invalid'] }, later);
    // A use case's write: the ticket row changes with updated_at at the clock.
    const victim = await t.db.selectFrom('tickets').select(['id', 'accepted_at']).where('state', '=', 'closed').where('accepted_at', '>=', atLocal(YEAR.from, '00:00')).orderBy('id').executeTakeFirstOrThrow();
    const changedAt = new Date(later.getTime() + 60_000);
    await t.db.updateTable('tickets').set({ state: 'invalid', updated_at: changedAt }).where('id', '=', victim.id).execute();
    const stale = await computeStats(t.db, leader, { ...YEAR, figures: ['received', 'invalid'] }, changedAt);
    expect(stale.total.figures.received!.value).toBe(before.total.figures.received!.value);
    const run = await refreshRollups(t.db, 1, new Date(changedAt.getTime() + 60_000));
    expect(run.days).toBe(1);
    const after = await computeStats(t.db, leader, { ...YEAR, figures: ['received', 'invalid'] }, changedAt);
    expect(after.total.figures.received!.value).toBe(before.total.figures.received!.value! - 1);
    expect(after.total.figures.invalid!.value).toBe(before.total.figures.invalid!.value! + 1);
    // A second run finds nothing new beyond its overlap window and changes nothing.
    const again = await refreshRollups(t.db, 1, new Date(changedAt.getTime() + 3_600_000));
    expect(again.days).toBeLessThanOrEqual(1);
    const raw = await computeStats(t.db, leader, { ...YEAR, figures: ['received', 'invalid'], source: 'raw' }, changedAt);
    expect(raw.total.figures.received!.value).toBe(after.total.figures.received!.value);
  });
});
