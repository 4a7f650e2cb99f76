// Where the counts come from. Every source is a subquery with the same dimension columns
// (day, district_id, unit_id, type, channel, urgency, subject_id) and its own count columns, so one
// grouping (stats.ts) serves the rollups and the raw tables alike, and the raw per-ticket flags
// below are also what the rollup job stores: the two cannot drift apart.
import { sql, type RawBuilder } from 'kysely';

export const TZ = 'Asia/Shanghai';
export const day = (column: RawBuilder<unknown>) => sql`(${column} at time zone ${sql.lit(TZ)})::date`;

/** Count columns of each part, in SQL (snake) and API (camel) names. */
export const TICKET_COUNTS = {
  received: 'received', merged: 'merged', invalid: 'invalid', direct_answered: 'directAnswered', dispatched: 'dispatched',
  closed: 'closed', closed_first_time: 'closedFirstTime', reopened: 'reopened', to_visit: 'toVisit', visited: 'visited',
  valid_visits: 'validVisits', contacted: 'contacted', resolved: 'resolved', satisfied: 'satisfied', basic_satisfied: 'basicSatisfied',
  unsatisfied: 'unsatisfied', handled: 'handled', handled_closed: 'handledClosed', late30_replied: 'overdue30',
} as const;
export const ASSIGNMENT_COUNTS = {
  assignments: 'assignments', signed: 'signed', signed_on_time: 'signedOnTime', replied: 'replied', replied_on_time: 'repliedOnTime',
  returned: 'returned', extended: 'extended',
} as const;
export const LIVE_COUNTS = { overdue_open: 'overdueOpen', overdue_open30: 'overdueOpen30', overdue30_open: 'overdue30' } as const;
export const SUPERVISION_COUNTS = { supervisions: 'supervisions' } as const;
export const CALL_COUNTS = { calls_offered: 'callsOffered', calls_answered: 'callsAnswered', calls_answered15: 'callsAnswered15' } as const;

/** States outside 受理量: spam, and duplicates merged into a master (counted apart). */
const NOT_RECEIVED = sql`('invalid', 'merged')`;
const LIVE_ASSIGNMENT = sql`('returned', 'withdrawn')`;

/**
 * The ticket's handling unit (docs/figures.md): its primary assignment that is neither returned nor
 * withdrawn and has no such primary child (a district that re-dispatched to a street hands the
 * ticket on); the latest if several. A lateral join on a ticket aliased `t`, giving `h`.
 */
export function handlingJoin(kind: 'left' | 'inner' = 'left'): RawBuilder<unknown> {
  return sql`${kind === 'left' ? sql`left join` : sql`join`} lateral (
    select ha.id, ha.unit_id, ha.state, ha.replied_at, ha.reply_deadline, ha.contacted
    from assignments ha
    where ha.ticket_id = t.id and ha.role = 'primary' and ha.state not in ${LIVE_ASSIGNMENT}
      and not exists (select 1 from assignments hc where hc.parent_assignment_id = ha.id and hc.role = 'primary' and hc.state not in ${LIVE_ASSIGNMENT})
    order by ha.id desc limit 1) h on true`;
}
const handling = handlingJoin('left');

const dims = sql`${day(sql`t.accepted_at`)} as day, t.id as ticket_id, t.district_id, t.type, t.channel, t.urgency, t.subject_id`;

/** Acceptance instants [start, end) to read: one span for a period, several for the days the rollup job redoes. */
export interface Range { platformId: number; spans: { start: Date; end: Date }[] }

export const rangeOf = (platformId: number, start: Date, end: Date): Range => ({ platformId, spans: [{ start, end }] });

function within(column: RawBuilder<unknown>, r: Range): RawBuilder<unknown> {
  if (r.spans.length === 0) return sql`false`;
  return sql`(${sql.join(r.spans.map((s) => sql`(${column} >= ${s.start} and ${column} < ${s.end})`), sql` or `)})`;
}

/** Tickets accepted in [start, end), a row each, with 0/1 flags named like the rollup's columns. */
export function rawTickets(r: Range): RawBuilder<unknown> {
  const rcv = sql`t.state not in ${NOT_RECEIVED}`;
  const dispatched = sql`(${rcv} and t.dispatched_at is not null)`;
  const closed = sql`(${dispatched} and t.state in ('closed', 'archived'))`;
  const valid = sql`(${rcv} and t.visited_at is not null)`;
  const handled = sql`(${dispatched} and h.unit_id is not null)`;
  // A null (a visit without an answer) counts as 0, never as a null sum.
  const n = (cond: RawBuilder<unknown>) => sql`coalesce((${cond})::int, 0)`;
  return sql`(select ${dims}, h.unit_id,
      ${n(rcv)} as received, ${n(sql`t.state = 'merged'`)} as merged, ${n(sql`t.state = 'invalid'`)} as invalid,
      ${n(sql`${rcv} and t.dispatched_at is null and t.answered_at is not null`)} as direct_answered,
      ${n(dispatched)} as dispatched, ${n(closed)} as closed, ${n(sql`${closed} and t.first_time`)} as closed_first_time,
      ${n(sql`${dispatched} and t.reopen_count > 0`)} as reopened,
      ${n(sql`${rcv} and (t.visit_deadline is not null or t.visit_attempts > 0)`)} as to_visit,
      ${n(sql`${rcv} and t.visit_attempts > 0`)} as visited,
      ${n(valid)} as valid_visits,
      -- 响应率: the handling unit's reply says it contacted the citizen; a front-desk answer is the office's own contact.
      ${n(sql`${valid} and coalesce(h.contacted, t.dispatched_at is null)`)} as contacted,
      ${n(sql`${valid} and coalesce(t.resolved, false)`)} as resolved,
      ${n(sql`${valid} and t.satisfaction = 'satisfied'`)} as satisfied,
      ${n(sql`${valid} and t.satisfaction = 'basic'`)} as basic_satisfied,
      ${n(sql`${valid} and t.satisfaction = 'unsatisfied'`)} as unsatisfied,
      ${n(handled)} as handled, ${n(sql`${handled} and t.state in ('closed', 'archived')`)} as handled_closed,
      ${n(sql`${handled} and h.state in ('replied', 'done') and h.replied_at > h.reply_deadline + interval '30 days'`)} as late30_replied
    from tickets t ${handling}
    where t.platform_id = ${r.platformId} and ${within(sql`t.accepted_at`, r)})`;
}

/** Assignments (withdrawn ones excluded) of received tickets accepted in [start, end), by their own unit. */
export function rawAssignments(r: Range): RawBuilder<unknown> {
  return sql`(select ${dims}, a.unit_id, 1 as assignments, (a.signed_at is not null)::int as signed,
      coalesce(a.signed_on_time, false)::int as signed_on_time, (a.replied_at is not null)::int as replied,
      coalesce(a.on_time, false)::int as replied_on_time, (a.state = 'returned')::int as returned, (a.extension_count > 0)::int as extended
    from tickets t join assignments a on a.ticket_id = t.id
    where t.platform_id = ${r.platformId} and ${within(sql`t.accepted_at`, r)}
      and t.state not in ${NOT_RECEIVED} and a.state <> 'withdrawn')`;
}

/**
 * As of `now`: open assignments past their reply deadline (by their unit), and for 超期30天以上 the
 * handling assignments open more than 30 days past it (by the ticket's handling unit, which is the
 * assignment's own). Read from the partial index of open assignments, never from the rollups.
 */
export function liveOverdue(r: Range, now: Date): RawBuilder<unknown> {
  return sql`(select ${dims}, a.unit_id, 1 as overdue_open,
      (a.reply_deadline + interval '30 days' < ${now})::int as overdue_open30,
      (a.reply_deadline + interval '30 days' < ${now} and a.role = 'primary'
        and not exists (select 1 from assignments hc where hc.parent_assignment_id = a.id and hc.role = 'primary' and hc.state not in ${LIVE_ASSIGNMENT}))::int as overdue30_open
    -- The open assignments first, from their partial index (OFFSET 0 keeps the planner from
    -- starting at a year of tickets instead): a few thousand rows in any city.
    from (select oa.* from assignments oa
      where oa.platform_id = ${r.platformId} and oa.state in ('assigned', 'handling') and oa.reply_deadline <= ${now} offset 0) a
    join tickets t on t.id = a.ticket_id
    where ${within(sql`t.accepted_at`, r)} and t.state not in ('suspended', 'invalid', 'merged'))`;
}

/** Supervision orders opened in [start, end) against a unit, with the ticket's dimensions. */
export function supervisions(r: Range): RawBuilder<unknown> {
  return sql`(select ${day(sql`so.opened_at`)} as day, t.id as ticket_id, t.district_id, t.type, t.channel, t.urgency, t.subject_id, so.unit_id, 1 as supervisions
    from supervision_orders so join tickets t on t.id = so.ticket_id
    where so.platform_id = ${r.platformId} and ${within(sql`so.opened_at`, r)})`;
}

/** Calls offered in [start, end): no ticket dimension but the day. */
export function calls(r: Range): RawBuilder<unknown> {
  return sql`(select ${day(sql`c.offered_at`)} as day, c.ticket_id, null::bigint as district_id, null::text as type, null::text as channel,
      null::text as urgency, null::bigint as subject_id, null::bigint as unit_id, 1 as calls_offered,
      (c.answered_at is not null)::int as calls_answered, (c.answered_at is not null and c.wait_seconds <= 15)::int as calls_answered15
    from call_records c
    where c.platform_id = ${r.platformId} and ${within(sql`c.offered_at`, r)})`;
}

/**
 * The dimension columns of the rollups, in GROUPING() order: a row's `grain` has a 1 bit for each it
 * rolls up (district = 32 … subject = 1). 0 keeps all, ALL_GRAIN none (the day's total).
 */
export const GRAIN_COLUMNS = ['district_id', 'unit_id', 'type', 'channel', 'urgency', 'subject_id'] as const;
export type GrainColumn = (typeof GRAIN_COLUMNS)[number];
export const ALL_GRAIN = (1 << GRAIN_COLUMNS.length) - 1;
/** The grain of a slice keeping only `column` (or none: the total). */
export const sliceGrain = (column: GrainColumn | null): number =>
  column === null ? ALL_GRAIN : ALL_GRAIN - (1 << (GRAIN_COLUMNS.length - 1 - GRAIN_COLUMNS.indexOf(column)));

/** The rollup tables at one grain, with the same columns as the raw sources. */
export function rolledTickets(platformId: number, from: string, to: string, grain = 0): RawBuilder<unknown> {
  return sql`(select * from stats_ticket_days where platform_id = ${platformId} and grain = ${grain} and day between ${from}::date and ${to}::date)`;
}
export function rolledAssignments(platformId: number, from: string, to: string, grain = 0): RawBuilder<unknown> {
  return sql`(select * from stats_assignment_days where platform_id = ${platformId} and grain = ${grain} and day between ${from}::date and ${to}::date)`;
}
