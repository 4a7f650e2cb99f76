// The big screen 大屏 over a demo history with extra tickets today: each panel equals what plain SQL
// over the same tickets gives (today's intake by channel, the counters, the hot subjects of the last
// 7 days against the 7 before, 12 months of 满意率) and what computeStats gives for the same query;
// a district's leader sees their district only; a unit's handler is refused (403, in the service and
// over HTTP, where the response also passes its schema).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { addDays, atLocal, localDate } from '../../src/domain/calendar/index.js';
import { OPEN_STATES } from '../../src/domain/tickets/machine.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { leaderDashboard } from '../../src/services/dashboard/leader.js';
import { screenDashboard } from '../../src/services/dashboard/screen.js';
import type { ScreenDashboard } from '../../src/services/dashboard/screen-types.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { rebuildRollups } from '../../src/services/stats/rollup.js';
import { computeStats } from '../../src/services/stats/stats.js';
import { detectWarnings } from '../../src/services/warnings/detect.js';
import { testApp } from '../support/app.js';
import { actorWhere } from '../support/actors.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

const NOW = new Date('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const TODAY = localDate(NOW);
let t: TestDatabase;
let leader: Actor;
let districtLeader: Actor;

const actor = (where: Parameters<typeof actorWhere>[1]) => actorWhere(t.db, where);

const RECEIVED = sql<boolean>`state not in ('invalid', 'merged')`;
const dayRange = (from: string, to: string) => sql<boolean>`accepted_at >= ${atLocal(from, '00:00')} and accepted_at < ${atLocal(addDays(to, 1), '00:00')}`;

beforeAll(async () => {
  t = await testDatabase();
  // Thirteen months of history, then today's own intake on three channels (one invalid call, not 受理).
  await seedHistory(t.db, testVault, { count: 700, seed: 5, now: NOW, from: new Date(NOW.getTime() - 395 * 86_400_000), via: 'bulk', sweep: sweepDeadlines });
  const districts = await t.db.selectFrom('units').select('id').where('kind', '=', 'district').orderBy('code').limit(2).execute();
  const subject = await t.db.selectFrom('subjects').select('id').where('level', '=', 3).orderBy('id').executeTakeFirstOrThrow();
  const today = (i: number, channel: string, state: 'accepted' | 'invalid' = 'accepted') => ({
    platform_id: 1, number: `SCR${String(i).padStart(5, '0')}`, channel, type: 'complaint', title: `今日诉求${i}`, content: `今日诉求${i}`,
    state, district_id: Number(districts[i % 2]!.id), subject_id: Number(subject.id),
    accepted_at: new Date(NOW.getTime() - (i + 1) * 600_000), updated_at: NOW,
  });
  await t.db.insertInto('tickets').values([
    today(1, 'phone'), today(2, 'phone'), today(3, 'phone'), today(4, 'web'), today(5, 'web'), today(6, 'wechat'), today(7, 'phone', 'invalid'),
  ]).execute();
  await rebuildRollups(t.db, 1, NOW);
  await detectWarnings(t.db, 1, NOW);
  leader = await actor({ username: 'leader1' });
  districtLeader = await actor({ role: 'leader', unitKind: 'district' });
}, 120_000);

describe('screenDashboard', () => {
  let s: ScreenDashboard;
  beforeAll(async () => {
    s = await screenDashboard(t.db, leader, NOW);
  });

  it('counts today\'s intake by channel as SQL does, and the counters as the leader\'s page and SQL', async () => {
    const rows = await sql<{ channel: string; n: number }>`select channel, count(*)::int as n from tickets
      where platform_id = 1 and ${RECEIVED} and ${dayRange(TODAY, TODAY)} group by channel`.execute(t.db);
    const expected = Object.fromEntries(rows.rows.map((r) => [r.channel, r.n]));
    expect(expected.phone).toBeGreaterThanOrEqual(3);
    expect(Object.fromEntries(s.channels.map((c) => [c.code, c.received]))).toEqual(expected);
    expect(s.channels.map((c) => c.received)).toEqual([...s.channels.map((c) => c.received)].sort((a, b) => b - a));
    expect(s.channels.find((c) => c.code === 'phone')!.label).toBe('12345热线电话');

    const total = rows.rows.reduce((n, r) => n + r.n, 0);
    expect(s.counters.accepted).toBe(total);
    const open = await sql<{ n: number }>`select count(*)::int as n from tickets where platform_id = 1 and state in (${sql.join(OPEN_STATES)})`.execute(t.db);
    expect(s.counters.open).toBe(open.rows[0]!.n);
    const page = await leaderDashboard(t.db, leader, NOW);
    expect(s.counters).toMatchObject({ accepted: page.counts.accepted, open: page.counts.open, overdue: page.counts.overdue, closed: page.counts.closed });
    expect(s.areas).toEqual(page.areas);
    expect(s.breakdown).toBe('district');
  });

  it('lists the top subjects (level 2) of the last 7 days with their counts of the 7 days before', async () => {
    const from = addDays(TODAY, -6);
    expect(s.hotPeriod).toEqual({ from, to: TODAY, previousFrom: addDays(TODAY, -13), previousTo: addDays(TODAY, -7) });
    const bySubject = (a: string, b: string) => sql<{ id: string; n: number }>`
      select case when sj.level >= 2 then split_part(sj.path, '/', 3) else sj.id::text end as id, count(*)::int as n
      from tickets tk join subjects sj on sj.id = tk.subject_id
      where tk.platform_id = 1 and tk.state not in ('invalid', 'merged')
        and tk.accepted_at >= ${atLocal(a, '00:00')} and tk.accepted_at < ${atLocal(addDays(b, 1), '00:00')}
      group by 1`.execute(t.db);
    const [now7, prev7] = await Promise.all([bySubject(from, TODAY), bySubject(addDays(TODAY, -13), addDays(TODAY, -7))]);
    const nowMap = new Map(now7.rows.map((r) => [r.id, r.n]));
    const prevMap = new Map(prev7.rows.map((r) => [r.id, r.n]));
    expect(nowMap.size).toBeGreaterThan(3);
    expect(s.hotSubjects.length).toBe(Math.min(10, nowMap.size));
    for (const h of s.hotSubjects) {
      expect(h.received).toBe(nowMap.get(h.id));
      expect(h.previous ?? 0).toBe(prevMap.get(h.id) ?? 0);
      const p = prevMap.get(h.id);
      if (p) expect(h.change).toBeCloseTo(((h.received - p) / p) * 100, 6);
      else expect(h.change).toBeNull();
    }
    // The top ten: nothing left out has more.
    const listed = new Set(s.hotSubjects.map((h) => h.id));
    const least = Math.min(...s.hotSubjects.map((h) => h.received));
    for (const [id, n] of nowMap) if (!listed.has(id)) expect(n).toBeLessThanOrEqual(least);
    // And the same as the statistics service says for that query.
    const stats = await computeStats(t.db, leader, { from, to: TODAY, by: ['subject'], subjectLevel: 2, figures: ['received'], source: 'raw' }, NOW);
    for (const h of s.hotSubjects) expect(stats.rows.find((r) => r.keys[0]!.key === h.id)!.figures.received!.value).toBe(h.received);
  });

  it('gives 12 months of 满意率, this month last, as SQL over the tickets accepted in each month', async () => {
    expect(s.satisfaction).toHaveLength(12);
    expect(s.satisfaction.at(-1)!.month).toBe(TODAY.slice(0, 7));
    expect(s.satisfaction[0]!.month).toBe('2025-12');
    const rows = await sql<{ month: string; valid: number; sat: number }>`
      select to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
        count(*) filter (where visited_at is not null)::int as valid,
        count(*) filter (where visited_at is not null and satisfaction in ('satisfied', 'basic'))::int as sat
      from tickets where platform_id = 1 and ${RECEIVED} and ${dayRange('2025-12-01', TODAY)} group by 1`.execute(t.db);
    const byMonth = new Map(rows.rows.map((r) => [r.month, r]));
    expect(s.satisfaction.filter((m) => m.validVisits > 0).length).toBeGreaterThan(6);
    for (const m of s.satisfaction) {
      const e = byMonth.get(m.month);
      expect(m.validVisits).toBe(e?.valid ?? 0);
      if (e?.valid) expect(m.satisfactionRate).toBeCloseTo(e.sat / e.valid, 10);
      else expect(m.satisfactionRate).toBeNull();
    }
    expect(s.counters.satisfactionRate).toBe(s.satisfaction.at(-1)!.satisfactionRate);
    expect(s.counters.validVisits).toBe(s.satisfaction.at(-1)!.validVisits);
  });

  it('lists the open warnings the caller sees', async () => {
    const supervisor = await actor({ username: 'supervisor1' });
    const all = await screenDashboard(t.db, supervisor, NOW);
    const open = await sql<{ n: number }>`select count(*)::int as n from warnings where platform_id = 1 and status <> 'closed'`.execute(t.db);
    expect(open.rows[0]!.n).toBeGreaterThan(0);
    expect(all.warnings.total).toBe(open.rows[0]!.n);
    expect(all.warnings.items.length).toBe(Math.min(all.warnings.cap, open.rows[0]!.n));
    // A leader sees those addressed to them (a subset).
    expect(s.warnings.total).toBeLessThanOrEqual(all.warnings.total);
  });

  it('keeps a district\'s leader to the district', async () => {
    const d = await screenDashboard(t.db, districtLeader, NOW);
    expect(d.breakdown).toBe('unit');
    expect(d.scope.unitId).toBe(districtLeader.unitId);
    const page = await leaderDashboard(t.db, districtLeader, NOW);
    expect(d.counters.open).toBe(page.counts.open);
    expect(d.counters.accepted).toBeLessThan(s.counters.accepted);
    const theirs = await computeStats(t.db, districtLeader, { from: TODAY, to: TODAY, by: ['channel'], figures: ['received'], source: 'raw' }, NOW);
    expect(d.channels.reduce((n, c) => n + c.received, 0)).toBe(theirs.total.figures.received!.value);
  });

  it('refuses a unit\'s handler, in the service and over HTTP', async () => {
    const handler = await actor({ username: 'h_d01' });
    await expect(screenDashboard(t.db, handler, NOW)).rejects.toMatchObject({ status: 403 });
    const api = await testApp(t.db);
    api.clock.set(NOW);
    const [asHandler, asLeader] = await Promise.all([api.login('h_d01'), api.login('leader1')]);
    expect((await asHandler.get('/api/dashboard/screen')).statusCode).toBe(403);
    const res = await asLeader.get('/api/dashboard/screen');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ScreenDashboard>();
    expect(body.counters.accepted).toBe(s.counters.accepted);
    expect(body.hotSubjects).toEqual(s.hotSubjects);
    expect((await api.app.inject({ method: 'GET', url: '/api/dashboard/screen' })).statusCode).toBe(401);
  });
});
