// The events that cost a unit points in a month (docs/evaluation.md, "Deductions"), read from the
// raw tables in three set-based queries for all of a template's units at once. Each event belongs to
// the deepest evaluated unit whose subtree holds the unit it names.
import { sql } from 'kysely';
import type { DeductionEvent } from '../../domain/evaluation/index.js';
import type { Db } from '../../db/connection.js';
import { handlingJoin } from '../stats/sources.js';

export interface UnitEvent extends DeductionEvent {
  unitId: number;
  assignmentId: number | null;
  orderId: number | null;
}

export interface MonthRange { platformId: number; templateCode: string; start: Date; end: Date; now: Date }

/** The template's units with their paths, as a CTE every query starts from. */
const evaluated = (r: MonthRange) => sql`ev as (select e.unit_id, u.path, u.depth from evaluation_units e join units u on u.id = e.unit_id
  where e.platform_id = ${r.platformId} and e.template_code = ${r.templateCode})`;

/** The deepest evaluated unit holding `unitPath`. */
const owner = (unitPath: ReturnType<typeof sql>) => sql`join lateral (select ev.unit_id from ev where ${unitPath} like ev.path || '%' order by ev.depth desc limit 1) o on true`;

/**
 * 超期: an assignment whose reply deadline (extended, if it was) fell in the month, before `now`,
 * and was missed: replied after it, or still open. Counted in the month of the deadline, so a ticket
 * late in March and replied in April costs March only; a ticket costs a unit once however many of
 * its assignments inside the unit were late (a district's re-dispatch and its street's).
 */
async function overdue(db: Db, r: MonthRange): Promise<UnitEvent[]> {
  const rows = await sql<{ unit_id: number; ticket_id: number; assignment_id: number; at: Date }>`with ${evaluated(r)}
    select distinct on (o.unit_id, a.ticket_id) o.unit_id, a.ticket_id, a.id as assignment_id, a.reply_deadline as at
    from assignments a join units u on u.id = a.unit_id ${owner(sql`u.path`)}
    where a.platform_id = ${r.platformId} and a.reply_deadline >= ${r.start} and a.reply_deadline < ${r.end} and a.reply_deadline < ${r.now}
      and a.state not in ('returned', 'withdrawn')
      and ((a.replied_at is null and a.state in ('assigned', 'handling')) or a.replied_at > a.reply_deadline)
    order by o.unit_id, a.ticket_id, a.reply_deadline, a.id`.execute(db);
  return rows.rows.map((x) => ({ kind: 'overdue', unitId: x.unit_id, ticketId: x.ticket_id, refId: x.assignment_id, assignmentId: x.assignment_id, orderId: null, at: x.at }));
}

/** 督办: every supervision order opened in the month against a unit (seed 003's 督办次数). */
async function supervision(db: Db, r: MonthRange): Promise<UnitEvent[]> {
  const rows = await sql<{ unit_id: number; ticket_id: number; order_id: number; at: Date }>`with ${evaluated(r)}
    select o.unit_id, so.ticket_id, so.id as order_id, so.opened_at as at
    from supervision_orders so join units u on u.id = so.unit_id ${owner(sql`u.path`)}
    where so.platform_id = ${r.platformId} and so.opened_at >= ${r.start} and so.opened_at < ${r.end}`.execute(db);
  return rows.rows.map((x) => ({ kind: 'supervision', unitId: x.unit_id, ticketId: x.ticket_id, refId: x.order_id, assignmentId: null, orderId: x.order_id, at: x.at }));
}

/**
 * Visits in the month that reached the citizen (the `visited` events: a reopen clears the ticket's
 * answer, the event stays), charged to the ticket's handling unit (docs/figures.md):
 * 不满意 for every valid visit answered unsatisfied; 省派工单处置不力 for a province-channel ticket whose
 * valid visit was unsatisfied or not resolved (on top of the 不满意 charge, as seed 000 deducts
 * separately for province tickets).
 */
async function visits(db: Db, r: MonthRange): Promise<UnitEvent[]> {
  const rows = await sql<{ unit_id: number; ticket_id: number; event_id: number; at: Date; unsatisfied: boolean; province: boolean }>`with ${evaluated(r)}
    select o.unit_id, t.id as ticket_id, e.id as event_id, e.at,
      (e.data->>'satisfaction' = 'unsatisfied') as unsatisfied,
      (t.channel = 'province' and (e.data->>'satisfaction' = 'unsatisfied' or e.data->>'resolved' = 'false')) as province
    from ticket_events e join tickets t on t.id = e.ticket_id
    ${handlingJoin('inner')}
    join units u on u.id = h.unit_id ${owner(sql`u.path`)}
    where e.platform_id = ${r.platformId} and e.type = 'visited' and e.at >= ${r.start} and e.at < ${r.end}
      and (e.data->>'contacted')::boolean is true
      and (e.data->>'satisfaction' = 'unsatisfied' or (t.channel = 'province' and e.data->>'resolved' = 'false'))`.execute(db);
  const out: UnitEvent[] = [];
  for (const x of rows.rows) {
    const base = { unitId: x.unit_id, ticketId: x.ticket_id, refId: x.event_id, assignmentId: null, orderId: null, at: x.at };
    if (x.unsatisfied) out.push({ ...base, kind: 'unsatisfied' });
    if (x.province) out.push({ ...base, kind: 'province' });
  }
  return out;
}

/** Every deduction event of the month for the template's units: three queries, whatever the number of units. */
export async function deductionEvents(db: Db, r: MonthRange): Promise<UnitEvent[]> {
  const [a, b, c] = await Promise.all([overdue(db, r), supervision(db, r), visits(db, r)]);
  return [...a, ...b, ...c];
}
