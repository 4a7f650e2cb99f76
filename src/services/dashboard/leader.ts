// The leader's first page 领导首页: today's counts, open and overdue tickets by district (the city's
// leaders) or by child unit (a district's leaders: its streets and departments), today's located
// tickets, and the 30-day trend, in the caller's unit scope. One statement: the tickets any figure
// needs (open now; accepted or closed in the last 30 days; visited this month) are found by index
// ranges (tickets_state_idx, tickets_platform_accepted_idx, and tickets_closed_idx /
// tickets_visited_idx of 0003_console.sql), the scope rule is applied to them once, and every
// figure aggregates from that set. Nothing grows with the size of the whole history (for a unit, the
// scope rule reads its subtree's assignments from assignments_unit_ticket_idx).
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../domain/actor.js';
import { addDays, atLocal, localDate } from '../../domain/calendar/index.js';
import { forbidden } from '../../domain/errors.js';
import { PLATFORM_ROLES } from '../../domain/roles.js';
import { OPEN_STATES, TICKET_STATE_LABELS, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import { subtreePattern } from '../../db/scope.js';
import { getSetting } from '../settings.js';
import { atPlatformRoot, ticketVisibleTo } from '../tickets/context.js';
import type { AreaFigure, LeaderDashboard, TrendDay } from './types.js';

/** Today's points on the map: the newest this many (a busy city takes thousands of calls a day). */
export const POINTS_CAP = 500;
export const TREND_DAYS = 30;
/** The weight k of 基本满意 in 满意率 (DOMAIN.md §10, default 1), a platform setting. */
export const BASIC_WEIGHT_SETTING = 'figures.satisfactionBasicWeight';

/** States that are not 受理量: spam, and duplicates merged into a master (counted apart). */
const NOT_RECEIVED = ['invalid', 'merged'];

/**
 * Who may read the leader's page: leaders (at any level: their unit scope decides what they see),
 * supervisors, and the hotline office's staff at the platform root. A unit's handler or liaison
 * works from their queue, not from a city's figures: 403.
 */
export function mayReadDashboard(actor: Actor): boolean {
  return hasRole(actor, 'leader', 'supervisor') || (atPlatformRoot(actor) && hasRole(actor, ...PLATFORM_ROLES));
}

const int = (v: unknown): number => Number(v ?? 0);

interface OpenRow { district_id: number | null; total: number; open: number; overdue: number; warning: number; supervised: number }
interface AcceptedRow { day: string; district_id: number | null; by_district: number; n: number }
interface PointRow { id: number; number: string; title: string; state: string; sla_level: number; lng: number; lat: number; accepted_at: string; total: number }
interface UnitRow { child: number | null; open: number; overdue: number; warning: number; accepted: number }

export async function leaderDashboard(db: Db, actor: Actor, now: Date): Promise<LeaderDashboard> {
  if (!mayReadDashboard(actor)) throw forbidden('查看领导首页');
  const visible = ticketVisibleTo(actor);
  const today = localDate(now);
  const todayStart = atLocal(today, '00:00');
  const tomorrowStart = atLocal(addDays(today, 1), '00:00');
  const firstDay = addDays(today, -(TREND_DAYS - 1));
  const trendStart = atLocal(firstDay, '00:00');
  const monthFirst = `${today.slice(0, 8)}01`;
  const monthStart = atLocal(monthFirst, '00:00');
  const day = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

  const overdueNow = sql<boolean>`tickets.state <> 'suspended' and tickets.id in (select oa.ticket_id from assignments oa
    where oa.platform_id = ${actor.platformId} and oa.state in ('assigned', 'handling') and oa.reply_deadline <= ${now})`;

  const [unit, districts] = await Promise.all([
    db.selectFrom('units').select(['id', 'name', 'kind', 'path']).where('id', '=', actor.unitId).executeTakeFirstOrThrow(),
    // The districts below the caller (the city's): if there are any, the figures break down by district.
    db.selectFrom('units').select(['id', 'name', 'short_name', 'code', 'kind'])
      .where('platform_id', '=', actor.platformId).where('kind', '=', 'district')
      .where('path', 'like', subtreePattern(actor.unitPath)).where('id', '<>', actor.unitId)
      .orderBy('sort_order').orderBy('code').execute(),
  ]);
  const breakdown: LeaderDashboard['breakdown'] = districts.length > 0 ? 'district' : 'unit';

  // One statement: the tickets any figure needs (open now, accepted or closed in the trend's days,
  // visited this month) are read once, with the scope rule applied once, into a CTE every figure
  // aggregates from. (For a unit, the scope rule reads the subtree's assignments: once, not per figure.)
  const received = sql<boolean>`cand.state not in (${sql.join(NOT_RECEIVED)})`;
  const today0 = sql<boolean>`cand.accepted_at >= ${todayStart} and cand.accepted_at < ${tomorrowStart}`;
  const [figures, children, basicWeight] = await Promise.all([
    sql<{ open: OpenRow[]; accepted: AcceptedRow[]; closed: { day: string; n: number }[]; visits: { satisfied: number; basic: number; unsatisfied: number }; points: PointRow[]; units: UnitRow[] | null }>`
      with cand as materialized (
        select tickets.id, tickets.number, tickets.title, tickets.state, tickets.sla_level, tickets.supervised, tickets.district_id,
          tickets.lng, tickets.lat, tickets.accepted_at, tickets.closed_at, tickets.visited_at, tickets.contacted, tickets.satisfaction,
          tickets.state in (${sql.join(OPEN_STATES)}) as open,
          (tickets.state in (${sql.join(OPEN_STATES)}) and ${overdueNow}) as overdue
        from tickets
        where tickets.platform_id = ${actor.platformId} and ${visible}
          and (tickets.state in (${sql.join(OPEN_STATES)})
            or (tickets.accepted_at >= ${trendStart} and tickets.accepted_at < ${tomorrowStart})
            or (tickets.closed_at >= ${trendStart} and tickets.closed_at < ${tomorrowStart})
            or (tickets.visited_at >= ${monthStart} and tickets.visited_at < ${tomorrowStart}))
      )
      select
        (select coalesce(json_agg(x), '[]') from (
          select cand.district_id, grouping(cand.district_id) as total, count(*) as open, count(*) filter (where cand.overdue) as overdue,
            count(*) filter (where cand.sla_level = 1) as warning, count(*) filter (where cand.supervised) as supervised
          from cand where cand.open
          group by grouping sets ((cand.district_id), ())) x) as open,
        (select coalesce(json_agg(x), '[]') from (
          select a.day, a.district_id, grouping(a.district_id) as by_district, count(*) as n
          from (select ${day('cand.accepted_at')} as day, cand.district_id from cand
            where ${received} and cand.accepted_at >= ${trendStart} and cand.accepted_at < ${tomorrowStart}) a
          group by grouping sets ((a.day), (a.day, a.district_id))) x) as accepted,
        (select coalesce(json_agg(x), '[]') from (
          select ${day('cand.closed_at')} as day, count(*) as n
          from cand where cand.closed_at >= ${trendStart} and cand.closed_at < ${tomorrowStart}
          group by 1) x) as closed,
        -- A valid visit reached the citizen (visited_at is recorded only then) and has a satisfaction.
        (select json_build_object('satisfied', count(*) filter (where cand.satisfaction = 'satisfied'),
            'basic', count(*) filter (where cand.satisfaction = 'basic'), 'unsatisfied', count(*) filter (where cand.satisfaction = 'unsatisfied'))
          from cand where cand.visited_at >= ${monthStart} and cand.visited_at < ${tomorrowStart} and cand.contacted and cand.satisfaction is not null) as visits,
        (select coalesce(json_agg(x), '[]') from (
          select cand.id, cand.number, cand.title, cand.state, cand.sla_level, cand.lng, cand.lat, cand.accepted_at, count(*) over () as total
          from cand where ${received} and ${today0} and cand.lng is not null and cand.lat is not null
          order by cand.accepted_at desc, cand.id desc
          limit ${POINTS_CAP}) x) as points,
        ${breakdown === 'unit' ? sql`(select coalesce(json_agg(x), '[]') from (
          -- Below the city: per child unit of the caller, the open and today's tickets handled there
          -- (an assignment to the child or a unit below it, in any state: GET /api/tickets?unitId=
          -- counts the same way); child null: those with no assignment below the caller at all.
          select links.child, count(*) filter (where cand.open) as open, count(*) filter (where cand.overdue) as overdue,
            count(*) filter (where cand.open and cand.sla_level = 1) as warning, count(*) filter (where ${received} and ${today0}) as accepted
          from cand
          left join (
            select distinct la.ticket_id, split_part(substr(lu.path, ${actor.unitPath.length + 1}), '/', 1)::bigint as child
            from assignments la join units lu on lu.id = la.unit_id
            where la.ticket_id in (select cand.id from cand where cand.open or ${today0})
              and lu.platform_id = ${actor.platformId} and lu.path like ${subtreePattern(actor.unitPath)} and lu.id <> ${actor.unitId}
          ) links on links.ticket_id = cand.id
          where cand.open or (${received} and ${today0})
          group by links.child) x)` : sql`null`} as units`.execute(db),
    breakdown === 'unit'
      ? db.selectFrom('units').select(['id', 'name', 'short_name', 'code', 'kind'])
        .where('platform_id', '=', actor.platformId).where('parent_id', '=', actor.unitId).where('active', '=', true)
        .orderBy('sort_order').orderBy('code').execute()
      : Promise.resolve([]),
    getSetting<number>(db, actor.platformId, BASIC_WEIGHT_SETTING, 1),
  ]);
  const f = figures.rows[0]!;
  const byUnit = f.units ? { children, rows: f.units } : null;

  const totals = f.open.find((r) => int(r.total) === 1);
  const acceptedByDay = new Map<string, number>();
  const acceptedTodayByDistrict = new Map<number | null, number>();
  for (const r of f.accepted) {
    if (int(r.by_district) === 1) acceptedByDay.set(r.day, int(r.n));
    else if (r.day === today) acceptedTodayByDistrict.set(r.district_id, int(r.n));
  }
  const closedByDay = new Map(f.closed.map((r) => [r.day, int(r.n)]));
  const trend: TrendDay[] = Array.from({ length: TREND_DAYS }, (_, i) => {
    const date = addDays(firstDay, i);
    return { date, accepted: acceptedByDay.get(date) ?? 0, closed: closedByDay.get(date) ?? 0 };
  });

  let areas: AreaFigure[];
  if (byUnit) {
    // Every child (zeros included, so the map and the table list them all), then what is handled
    // at the caller's own level only.
    const byChild = new Map(byUnit.rows.map((r) => [r.child === null ? null : int(r.child), r]));
    areas = byUnit.children.map((c) => {
      const r = byChild.get(c.id);
      return {
        unitId: c.id, name: c.name, shortName: c.short_name, code: c.code, kind: c.kind,
        open: int(r?.open), overdue: int(r?.overdue), warning: int(r?.warning), accepted: int(r?.accepted),
      };
    });
    const own = byChild.get(null);
    if (own && int(own.open) + int(own.accepted) > 0) {
      areas.push({
        unitId: null, name: `${unit.name}本级`, shortName: null, code: null, kind: null,
        open: int(own.open), overdue: int(own.overdue), warning: int(own.warning), accepted: int(own.accepted),
      });
    }
  } else {
    // Every district in view (zeros included), then what lies in none of them (no location).
    const openByDistrict = new Map(f.open.filter((r) => int(r.total) === 0).map((r) => [r.district_id, r]));
    const known = new Set(districts.map((d) => d.id));
    areas = districts.map((d) => {
      const r = openByDistrict.get(d.id);
      return {
        unitId: d.id, name: d.name, shortName: d.short_name, code: d.code, kind: d.kind,
        open: int(r?.open), overdue: int(r?.overdue), warning: int(r?.warning), accepted: acceptedTodayByDistrict.get(d.id) ?? 0,
      };
    });
    const rest = { open: 0, overdue: 0, warning: 0, accepted: 0 };
    for (const [id, r] of openByDistrict) {
      if (id !== null && known.has(id)) continue;
      rest.open += int(r.open);
      rest.overdue += int(r.overdue);
      rest.warning += int(r.warning);
    }
    for (const [id, n] of acceptedTodayByDistrict) if (id === null || !known.has(id)) rest.accepted += n;
    if (rest.open + rest.accepted > 0) areas.push({ unitId: null, name: '未定位或辖区外', shortName: null, code: null, kind: null, ...rest });
  }

  const [satisfied, basic, unsatisfied] = [f.visits.satisfied, f.visits.basic, f.visits.unsatisfied].map(int) as [number, number, number];
  const valid = satisfied + basic + unsatisfied;
  const k = typeof basicWeight === 'number' && basicWeight >= 0 && basicWeight <= 1 ? basicWeight : 1;

  return {
    asOf: now.toISOString(),
    today,
    scope: { unitId: unit.id, unitName: unit.name, unitKind: unit.kind, platform: atPlatformRoot(actor) },
    counts: {
      accepted: acceptedByDay.get(today) ?? 0,
      closed: closedByDay.get(today) ?? 0,
      open: int(totals?.open),
      overdue: int(totals?.overdue),
      warning: int(totals?.warning),
      supervised: int(totals?.supervised),
    },
    satisfaction: {
      rate: valid > 0 ? (satisfied + k * basic) / valid : null, satisfied, basic, unsatisfied, valid, basicWeight: k, from: monthFirst, to: today,
    },
    breakdown,
    areas,
    points: {
      items: f.points.map((p) => ({
        id: p.id, number: p.number, title: p.title, state: p.state, stateLabel: TICKET_STATE_LABELS[p.state as TicketState] ?? p.state,
        slaLevel: p.sla_level, lng: p.lng, lat: p.lat, acceptedAt: new Date(p.accepted_at).toISOString(),
      })),
      total: int(f.points[0]?.total),
      cap: POINTS_CAP,
    },
    trend,
  };
}
