// The deadline sweep (DOMAIN.md §6–§7): the yellow light at 75% of a limit, the red one past it,
// each recorded once as an event with an automatic urge 催办 to the unit.
//
// Set-based, for a city with a million tickets: the candidates come from the partial indexes on
// assignments (sign_warn_at, reply_warn_at: live states, level < 2) and tickets (due_warn_at), and
// each batch is two statements whatever its size: lock the tickets, then one statement that raises
// the levels, counts the urges, flags the tickets and appends the events (INSERT … SELECT).
//
// Concurrency. The use cases lock the ticket row first and only then touch its assignments
// (runOnTicket); the sweep does the same, taking the ticket rows FOR UPDATE SKIP LOCKED. A ticket a
// user is acting on right now is skipped and swept on the next run, so the sweep never waits on a
// user, never makes one wait for a whole batch, and cannot deadlock with them. Every condition is
// re-read inside the batch's statement, under the lock, so a ticket signed or replied between the
// candidate query and the lock gets no stale light.
//
// Versions. The sweep does not bump tickets.version: the version guards a user's intent against
// another user's change. A handler who opened the ticket at 14:00 and replies at 15:20 must not get
// a 409 because the clock crossed 75% at 15:15; the lights, urge counts and events the sweep writes
// are the system's bookkeeping, not a change anyone acted on.
//
// Which light. A deadline's level only rises here (0 → 1 → 2); a use case that moves a deadline
// (extension, resume, the calendar recompute) lowers it again where the new deadline says so. When
// a sweep finds a deadline already past (it was down, or the limit is shorter than the sweep's
// interval), it records the red light only: a "75% used" warning written after the deadline would
// be untrue. Each light raised on an assignment is one `deadline_warned` / `deadline_overdue` event
// and one automatic `urged` event (data.auto 'warning' / 'overdue'). The review and visit steps
// are the platform's own work: they get the light events, no urge.
import { announceSweep } from '../services/tickets/changes.js';
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';

export interface SweepResult {
  /** `deadline_warned` events written (yellow lights). */
  warned: number;
  /** `deadline_overdue` events written (red lights). */
  overdue: number;
  /** Tickets changed. */
  tickets: number;
}

export const SWEEP_SYSTEM = 'sla-sweep';

/** Ticket states whose clocks run: not suspended (the clock stops), not finished. */
const RUNNING_STATES = sql.raw(`('assigned', 'handling', 'replied', 'visiting', 'answered')`);

const DEFAULT_BATCH = 500;

/**
 * Sweeps one platform's deadlines at `now`: raises each light that has come due and records it.
 * Idempotent: a second sweep at the same instant adds nothing.
 */
export async function sweepDeadlines(db: Db, platformId: number, now: Date, batchSize = DEFAULT_BATCH): Promise<SweepResult> {
  const total: SweepResult = { warned: 0, overdue: 0, tickets: 0 };
  for (;;) {
    const batch = await db.transaction().execute((tx) => sweepBatch(tx, platformId, now, batchSize));
    total.warned += batch.warned;
    total.overdue += batch.overdue;
    total.tickets += batch.tickets;
    // Tickets handled in a batch no longer qualify; a short batch means none are left (those
    // skipped because a user held them wait for the next run).
    if (batch.locked < batchSize) return total;
  }
}

async function sweepBatch(tx: Db, platformId: number, now: Date, batchSize: number): Promise<SweepResult & { locked: number }> {
  // The three index-driven candidate sets. Each predicate repeats its index's own (state, level)
  // so the planner can use the partial index, then keeps only the rows whose light must rise.
  const locked = await sql<{ id: number }>`
    select t.id from tickets t
    where t.platform_id = ${platformId} and t.state in ${RUNNING_STATES}
      and t.id in (
        select a.ticket_id from assignments a
        where a.platform_id = ${platformId} and a.state = 'assigned' and a.sign_level < 2 and a.sign_warn_at <= ${now}
          and a.sign_level < (case when a.sign_deadline <= ${now} then 2 else 1 end)
        union all
        select a.ticket_id from assignments a
        where a.platform_id = ${platformId} and a.state in ('assigned', 'handling') and a.reply_level < 2 and a.reply_warn_at <= ${now}
          and a.reply_level < (case when a.reply_deadline <= ${now} then 2 else 1 end)
        union all
        select d.id from tickets d
        where d.platform_id = ${platformId} and d.due_warn_at is not null and d.sla_level < 2 and d.due_warn_at <= ${now}
          and d.sla_level < (case when d.due_at <= ${now} then 2 else 1 end))
    limit ${batchSize}
    for update of t skip locked`.execute(tx);
  const ids = locked.rows.map((r) => r.id);
  if (ids.length === 0) return { warned: 0, overdue: 0, tickets: 0, locked: 0 };

  // One statement: CTEs see one snapshot and each row is updated once, so an assignment whose
  // sign and reply lights both rise is one UPDATE with both, and the ticket row one UPDATE too.
  const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const { rows } = await sql<{ warned: number; overdue: number; tickets: number }>`
    with cand as (
      select a.id, a.sign_level as old_sign, a.reply_level as old_reply,
        case when a.state = 'assigned' and a.sign_warn_at <= ${now}
          then greatest(a.sign_level, case when a.sign_deadline <= ${now} then 2 else 1 end) else a.sign_level end as new_sign,
        case when a.reply_warn_at <= ${now}
          then greatest(a.reply_level, case when a.reply_deadline <= ${now} then 2 else 1 end) else a.reply_level end as new_reply
      from assignments a
      where a.ticket_id = any(${ids}::bigint[]) and a.state in ('assigned', 'handling')
    ),
    raised as (
      update assignments a
      set sign_level = c.new_sign, reply_level = c.new_reply,
        urge_count = a.urge_count + (c.new_sign > c.old_sign)::int + (c.new_reply > c.old_reply)::int, updated_at = ${now}
      from cand c
      where a.id = c.id and (c.new_sign > c.old_sign or c.new_reply > c.old_reply)
      returning a.id, a.ticket_id, a.unit_id, a.sign_deadline, a.reply_deadline, c.old_sign, c.new_sign, c.old_reply, c.new_reply
    ),
    lights as (
      select r.ticket_id, r.id as assignment_id, r.unit_id, l.ord, l.which, l.deadline, l.level
      from raised r
      cross join lateral (values
        (1, 'sign', r.sign_deadline, r.new_sign, r.new_sign > r.old_sign),
        (2, 'reply', r.reply_deadline, r.new_reply, r.new_reply > r.old_reply)) as l(ord, which, deadline, level, rose)
      where l.rose
    ),
    per_ticket as (
      select ticket_id, count(*)::int as urges, bool_or(which = 'reply' and level = 2) as red
      from lights group by ticket_id
    ),
    steps as (
      select t.id, t.sla_level as old_level,
        case when t.due_warn_at is not null and t.due_warn_at <= ${now}
          then greatest(t.sla_level, case when t.due_at <= ${now} then 2 else 1 end) else t.sla_level end as new_level
      from tickets t
      where t.id = any(${ids}::bigint[])
    ),
    touched as (
      update tickets t
      set sla_level = s.new_level, urge_count = t.urge_count + coalesce(p.urges, 0),
        overdue = t.overdue or coalesce(p.red, false), updated_at = ${now}
      from steps s left join per_ticket p on p.ticket_id = s.id
      where t.id = s.id and (s.new_level > s.old_level or p.urges is not null)
      returning t.id, t.state, t.due_at, s.old_level, s.new_level
    ),
    new_events as (
      -- A light on an assignment, then its automatic urge.
      select l.ticket_id, l.assignment_id, l.ord * 2 - 1 as ord,
        case when l.level = 2 then 'deadline_overdue' else 'deadline_warned' end as type,
        jsonb_build_object('system', ${SWEEP_SYSTEM}::text, 'which', l.which, 'deadline', ${iso('l.deadline')}, 'level', l.level) as data
      from lights l
      union all
      select l.ticket_id, l.assignment_id, l.ord * 2,
        'urged',
        jsonb_build_object('system', ${SWEEP_SYSTEM}::text, 'unitId', l.unit_id, 'note', null, 'manual', false,
          'auto', case when l.level = 2 then 'overdue' else 'warning' end)
      from lights l
      union all
      -- The platform's own steps: review (待审核) and return visit (待回访, also after a direct answer).
      select k.id, null::bigint, 0,
        case when k.new_level = 2 then 'deadline_overdue' else 'deadline_warned' end,
        jsonb_build_object('system', ${SWEEP_SYSTEM}::text, 'which', case when k.state = 'replied' then 'review' else 'visit' end,
          'deadline', ${iso('k.due_at')}, 'level', k.new_level)
      from touched k
      where k.state in ('replied', 'visiting', 'answered') and k.new_level > k.old_level
    ),
    inserted as (
      insert into ticket_events (platform_id, ticket_id, assignment_id, at, type, actor_id, actor_unit_id, data)
      select ${platformId}::int, e.ticket_id, e.assignment_id, ${now}, e.type, null, null, e.data
      from new_events e
      order by e.ticket_id, e.assignment_id nulls first, e.ord
      returning type
    )
    select
      (select count(*) from inserted where type = 'deadline_warned')::int as warned,
      (select count(*) from inserted where type = 'deadline_overdue')::int as overdue,
      (select count(*) from touched)::int as tickets`.execute(tx);
  const r = rows[0]!;
  await announceSweep(tx, platformId, r.tickets);
  return { warned: r.warned, overdue: r.overdue, tickets: r.tickets, locked: ids.length };
}
