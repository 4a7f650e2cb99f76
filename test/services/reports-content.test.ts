// Report content over a small history in the demo city: the annual report's paragraphs state the
// figures plain SQL gives, the per-unit tables (seed 003's annex) hold the SQL's counts per child
// of the platform root with the total row summed from them, and each builder stays within a
// handful of statistics queries.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { annualReport } from '../../src/reports/content/annual.js';
import { monthlyReport } from '../../src/reports/content/monthly.js';
import { unitsReport } from '../../src/reports/content/units.js';
import { weeklyReport } from '../../src/reports/content/weekly.js';
import type { Block, ReportDocument, TableBlock } from '../../src/reports/document.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { computeMonth, publishMonth } from '../../src/services/evaluation/compute.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

// Tickets from mid-2024 to February 2026: 2025 is a whole year with a partial year before it.
const FROM = new Date('2024-07-01T00:00:00Z');
const NOW = new Date('2026-02-10T10:00:00Z');
const SYSTEM = { system: 'test', platformId: 1 };
const YEAR_START = '2025-01-01T00:00:00+08:00';
const YEAR_END = '2026-01-01T00:00:00+08:00';

let t: TestDatabase;
let annual: ReportDocument;

const paragraphs = (doc: ReportDocument): string[] => doc.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => b.text);
const tables = (doc: ReportDocument): TableBlock[] => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const headings = (doc: ReportDocument): string[] => doc.blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text);
const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(2)}%`;

/** Per child of the root: 承办量, 办结量, 超期30天以上, 督办次数, by plain SQL over the tickets accepted in [from, to). */
async function unitCountsBySql(from: string, to: string): Promise<Map<string, [number, number, number, number]>> {
  const r = await sql<{ name: string; handled: number; closed: number; overdue30: number; supervisions: number }>`
    with children as (select id, coalesce(short_name, name) as name, path from units where parent_id = (select id from units where platform_id = 1 and parent_id is null)),
    handling as (
      select t.id, t.state, t.accepted_at, h.unit_id, h.state as a_state, h.replied_at, h.reply_deadline, h.role
      from tickets t
      join lateral (select a.* from assignments a where a.ticket_id = t.id and a.role = 'primary' and a.state not in ('returned', 'withdrawn')
        and not exists (select 1 from assignments c where c.parent_assignment_id = a.id and c.role = 'primary' and c.state not in ('returned', 'withdrawn'))
        order by a.id desc limit 1) h on true
      where t.platform_id = 1 and t.accepted_at >= ${from}::timestamptz and t.accepted_at < ${to}::timestamptz
        and t.state not in ('invalid', 'merged') and t.dispatched_at is not null)
    select c.name,
      (select count(*) from handling x join units u on u.id = x.unit_id where u.path like c.path || '%')::int as handled,
      (select count(*) from handling x join units u on u.id = x.unit_id where u.path like c.path || '%' and x.state in ('closed', 'archived'))::int as closed,
      (select count(*) from handling x join units u on u.id = x.unit_id where u.path like c.path || '%' and (
          (x.a_state in ('replied', 'done') and x.replied_at > x.reply_deadline + interval '30 days')
          or (x.a_state in ('assigned', 'handling') and x.reply_deadline + interval '30 days' < ${NOW} and x.state not in ('suspended'))))::int as overdue30,
      (select count(*) from supervision_orders so join units u on u.id = so.unit_id
        where so.platform_id = 1 and u.path like c.path || '%' and so.opened_at >= ${from}::timestamptz and so.opened_at < ${to}::timestamptz)::int as supervisions
    from children c`.execute(t.db);
  return new Map(r.rows.map((x) => [x.name, [x.handled, x.closed, x.overdue30, x.supervisions]]));
}

beforeAll(async () => {
  t = await testDatabase();
  await seedHistory(t.db, testVault, { count: 400, seed: 21, from: FROM, now: NOW, via: 'bulk', search: 'inline', sweep: sweepDeadlines });
  annual = await annualReport(t.db, SYSTEM, { year: 2025 }, NOW);
}, 120_000);

describe('annual report', () => {
  it('has seed 000\'s sections, numbered as they appear', () => {
    const h = headings(annual);
    expect(h[0]).toBe('一、全年受理情况');
    expect(h).toContain('二、高发问题情况');
    expect(h).toContain('三、省派工单情况');
    expect(h).toContain('四、群众满意情况');
    expect(h[h.length - 1]).toMatch(/^[五六]、超期与督办情况$/);
    expect(annual.title).toMatch(/2025年度运行情况综述$/);
    expect(annual.period).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('states the year\'s totals and rates as the tickets give them, with the change on the year before', async () => {
    const count = async (year: [string, string]) => (await sql<{ received: number; dispatched: number; closed: number; first: number }>`
      select count(*) filter (where state not in ('invalid', 'merged'))::int as received,
        count(*) filter (where state not in ('invalid', 'merged') and dispatched_at is not null)::int as dispatched,
        count(*) filter (where state in ('closed', 'archived') and dispatched_at is not null)::int as closed,
        count(*) filter (where state in ('closed', 'archived') and dispatched_at is not null and first_time)::int as first
      from tickets where platform_id = 1 and accepted_at >= ${year[0]}::timestamptz and accepted_at < ${year[1]}::timestamptz`.execute(t.db)).rows[0]!;
    const now = await count([YEAR_START, YEAR_END]);
    const before = await count(['2024-01-01T00:00:00+08:00', YEAR_START]);
    expect(now.received).toBeGreaterThan(50);
    const lead = paragraphs(annual).find((p) => p.startsWith('2025年，'))!;
    const change = ((now.received - before.received) / before.received) * 100;
    expect(lead).toContain(`2025年，青澜市12345平台共受理问题${now.received}件，较去年${change >= 0 ? '增加' : '减少'}${Math.abs(change).toFixed(2)}%`);
    expect(lead).toContain(`结案率${pct(now.closed, now.dispatched)}`);
    expect(lead).toContain(`一次完成率${pct(now.first, now.closed)}`);
    expect(lead).toMatch(/按期结案率\d+\.\d{2}%/);
    expect(lead).toMatch(/个百分点/);
  });

  it('gives each type group and channel its count, and a share to two decimals', async () => {
    const received = (await sql<{ n: number }>`select count(*)::int as n from tickets where platform_id = 1 and state not in ('invalid', 'merged')
      and accepted_at >= ${YEAR_START}::timestamptz and accepted_at < ${YEAR_END}::timestamptz`.execute(t.db)).rows[0]!.n;
    const groups = await sql<{ label: string; n: number }>`select coalesce(tt.report_group, tt.name) as label, count(*)::int as n
      from tickets t join ticket_types tt on tt.platform_id = t.platform_id and tt.code = t.type
      where t.platform_id = 1 and t.state not in ('invalid', 'merged') and t.accepted_at >= ${YEAR_START}::timestamptz and t.accepted_at < ${YEAR_END}::timestamptz
      group by 1 order by 2 desc`.execute(t.db);
    const byType = paragraphs(annual).find((p) => p.startsWith('1.按问题类别分'))!;
    expect(groups.rows.length).toBeGreaterThan(1);
    for (const g of groups.rows) expect(byType).toContain(`${g.label}${g.n}件`);
    const top = groups.rows[0]!;
    expect(byType).toContain(`${top.label}${top.n}件，占受理问题总数的${pct(top.n, received)}`);

    const channels = await sql<{ label: string; n: number }>`select c.name as label, count(*)::int as n
      from tickets t join channels c on c.platform_id = t.platform_id and c.code = t.channel
      where t.platform_id = 1 and t.state not in ('invalid', 'merged') and t.accepted_at >= ${YEAR_START}::timestamptz and t.accepted_at < ${YEAR_END}::timestamptz
      group by 1 order by 2 desc`.execute(t.db);
    const byChannel = paragraphs(annual).find((p) => p.startsWith('2.按问题来源分'))!;
    for (const c of channels.rows) {
      const share = (c.n / received) * 100;
      expect(byChannel).toContain(share < 0.05 ? `${c.label}${c.n}件` : `${c.label}${c.n}件，占`);
    }
    // The charts the brief asks for: type groups as a pie, channels as bars, the months as a line.
    const charts = annual.blocks.filter((b) => b.kind === 'chart').map((b) => JSON.stringify((b as { option: unknown }).option));
    expect(charts.some((c) => c.includes('"type":"pie"'))).toBe(true);
    expect(charts.some((c) => c.includes('"type":"bar"'))).toBe(true);
    const line = annual.blocks.find((b) => b.kind === 'chart' && JSON.stringify(b.option).includes('"type":"line"')) as unknown as { option: { xAxis: { data: string[] } } };
    expect(line.option.xAxis.data).toHaveLength(12);
  });

  it('ranks the busiest units among the root\'s children by what they handled', async () => {
    const units = await unitCountsBySql(YEAR_START, YEAR_END);
    const text = paragraphs(annual).find((p) => p.startsWith('3.按责任单位分'))!;
    const full = await sql<{ short: string; name: string }>`select coalesce(short_name, name) as short, name from units where parent_id = (select id from units where platform_id = 1 and parent_id is null)`.execute(t.db);
    const nameOf = new Map(full.rows.map((r) => [r.short, r.name]));
    const ranked = [...units.entries()].filter(([, v]) => v[0] > 0).sort((a, b) => b[1][0] - a[1][0]);
    const [topName, [topCount]] = ranked[0]!;
    expect(text).toContain(`的单位依次是${nameOf.get(topName)}${topCount}件`);
  });

  it('ends with seed 003\'s two tables, each unit\'s row as SQL counts it, the total first and summed', async () => {
    const sqlCounts = await unitCountsBySql(YEAR_START, YEAR_END);
    const [one, two] = tables(annual).slice(-2) as [TableBlock, TableBlock];
    expect(one.title).toBe('承办单位办件情况表一（市直单位）');
    expect(two.title).toBe('承办单位办件情况表二（县区）');
    for (const table of [one, two]) {
      for (const row of table.rows) expect(row.slice(2), String(row[1])).toEqual(sqlCounts.get(String(row[1])));
      expect(table.totalFirst).toBe(true);
      expect(table.total!.slice(0, 2)).toEqual(['', '合计']);
      for (let c = 2; c < 6; c += 1) expect(table.total![c]).toBe(table.rows.reduce((s, r) => s + Number(r[c]), 0));
    }
    expect(one.rows.length + two.rows.length).toBe(sqlCounts.size);
  });
});

describe('units report (seed 003)', () => {
  it('lists every child of the root, those with nothing as 0 0 0 0, the total first, and the as-of note', async () => {
    const doc = await unitsReport(t.db, SYSTEM, { from: '2025-10-01', to: '2025-12-31' }, NOW);
    const sqlCounts = await unitCountsBySql('2025-10-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00');
    const [one, two] = tables(doc) as [TableBlock, TableBlock];
    const rows = [...one.rows, ...two.rows];
    expect(rows.map((r) => r[1]).sort()).toEqual([...sqlCounts.keys()].sort());
    for (const row of rows) expect(row.slice(2), String(row[1])).toEqual(sqlCounts.get(String(row[1])));
    expect(rows.some((r) => r.slice(2).every((v) => v === 0))).toBe(true);
    expect(one.rows.map((r) => r[0])).toEqual(one.rows.map((_, i) => i + 1));
    expect(one.note).toBe('备注：此表统计截止于2025年12月31日，以交办量为统计口径。');
    expect(one.columns.map((c) => c.title)).toEqual(['序号', '单位', '承办量', '办结量', '超期30天以上工单数', '督办次数']);
    const handled = rows.reduce((s, r) => s + Number(r[2]), 0);
    const closed = rows.reduce((s, r) => s + Number(r[3]), 0);
    const body = paragraphs(doc)[0]!;
    expect(body).toContain(`2025年10月1日至12月31日共承办群众诉求${handled}件`);
    expect(body).toContain(`已办结${closed}件，办结率为${pct(closed, handled)}，正在办理${handled - closed}件`);
  });

  it('for a district: its streets and departments, 县直单位 and 乡镇区', async () => {
    const district = await t.db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'district').orderBy('id').executeTakeFirstOrThrow();
    const doc = await unitsReport(t.db, SYSTEM, { from: '2025-01-01', to: '2025-12-31', parentUnitId: district.id }, NOW);
    const [one, two] = tables(doc) as [TableBlock, TableBlock];
    expect(one.title).toBe('承办单位办件情况表一（县直单位）');
    expect(two.title).toBe('承办单位办件情况表二（乡镇区）');
    const children = await t.db.selectFrom('units').select('id').where('parent_id', '=', district.id).execute();
    expect(one.rows.length + two.rows.length).toBe(children.length);
  });
});

describe('evaluation in the report', () => {
  it('says "not published yet" for an unpublished month, then writes the published month as seed 000 §五', async () => {
    const draft = await monthlyReport(t.db, SYSTEM, { month: '2025-11' }, NOW);
    expect(headings(draft)).toContain('五、综合考评情况');
    expect(paragraphs(draft)).toContain('2025年11月考评结果尚未发布。');

    const u = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.username', 'users.platform_id', 'users.unit_id', 'users.roles', 'units.path']).where('users.username', '=', 'admin').executeTakeFirstOrThrow();
    const admin: Actor = { userId: u.id, username: u.username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
    await computeMonth(t.db, SYSTEM, 'default', '2025-12', NOW);
    await publishMonth(t.db, admin, 'default', '2025-12', NOW);
    const doc = await monthlyReport(t.db, SYSTEM, { month: '2025-12' }, NOW);
    const h = headings(doc);
    expect(h.slice(-2)).toEqual(['五、综合考评情况', '六、超期与督办情况']);
    const scores = (await sql<{ n: number; full: number; black: number }>`select count(*)::int as n, count(*) filter (where s.full_mark)::int as full,
        count(*) filter (where s.black_listed)::int as black
      from evaluation_scores s join evaluation_periods p on p.id = s.period_id where p.month = '2025-12-01' and p.state = 'published'`.execute(t.db)).rows[0]!;
    expect(scores.n).toBeGreaterThan(0);
    const text = paragraphs(doc).find((p) => p.startsWith('2.综合得分情况'))!;
    expect(text).toContain(`2025年12月列入考评的成员单位共${scores.n}家`);
    expect(text).toContain(scores.full ? `得满分的单位有${scores.full}家，占总数的${pct(scores.full, scores.n)}` : '无得满分的单位');
    const blackText = paragraphs(doc).find((p) => p.startsWith('3.黑榜及保证金'))!;
    expect(blackText).toContain(scores.black ? `列入黑榜的单位${scores.black}家` : '无单位列入黑榜');
    expect(tables(doc).find((tb) => tb.title === '综合考评得分排名')!.rows).toHaveLength(scores.n);
    // A week has no evaluation: the weekly report numbers 超期与督办 fifth.
    const weekly = await weeklyReport(t.db, SYSTEM, { week: '2025-12-10' }, NOW);
    expect(headings(weekly).at(-1)).toBe('五、超期与督办情况');
  });
});

describe('monthly and weekly reports', () => {
  it('compare with the month and the week before, and trend by day', async () => {
    const monthly = await monthlyReport(t.db, SYSTEM, { month: '2025-12' }, NOW);
    expect(monthly.period).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(headings(monthly)[0]).toBe('一、本月受理情况');
    expect(paragraphs(monthly).find((p) => p.startsWith('2025年12月，'))).toMatch(/较上月(增加|减少)|与上月持平/);
    const weekly = await weeklyReport(t.db, SYSTEM, { week: '2025-12-10' }, NOW);
    expect(weekly.period).toEqual({ from: '2025-12-08', to: '2025-12-14' });
    expect(weekly.title).toContain('2025年第50周');
    const line = weekly.blocks.find((b) => b.kind === 'chart' && JSON.stringify(b.option).includes('"type":"line"')) as unknown as { option: { xAxis: { data: string[] } } };
    expect(line.option.xAxis.data).toHaveLength(7);
  });
});
