// After a calendar edit (each bumps platforms.calendar_version), open tickets' deadlines are
// recomputed on the new calendar (DOMAIN.md §7: "changing the calendar recomputes open deadlines").
//
// Tickets carry the calendar version their deadlines were computed with; those behind the
// platform's and still open are taken in batches (one transaction per 500 tickets, so a million
// tickets never make one giant transaction), locked FOR UPDATE SKIP LOCKED like the sweep (a ticket
// a user holds right now is left for the next run), and rewritten in a few set-based statements.
//
// - Each live assignment's deadlines and warn instants come from its snapshotted limits, the
//   ticket's pauses (from its events) and the new calendar: assignmentDeadlineColumns, the same
//   function the use cases use. Parents go before children, so a child's cap is the parent's new
//   deadline.
// - The step the ticket itself waits on: review from replied_at, visit from approved_at (or from
//   answered_at after a direct answer), plus the policy's minutes; then due_at and its light.
// - Lights only go down here: a deadline that moved later clears a light it no longer deserves; a
//   deadline that moved earlier keeps its level and the next sweep raises it, so every raised
//   light still has its event and its urge.
// - A suspended ticket's deadlines are stale by design (the clock is stopped) and are recomputed on
//   the current calendar when it resumes; here only its calendar version is brought up to date.
// - A `deadlines_recomputed` event (old → new) is appended to each ticket whose deadlines moved. A
//   calendar edit far from a ticket's deadlines moves nothing and writes nothing but the version.
// - Like the sweep, this does not bump tickets.version (see sla-sweep.ts).
import { announceSweep } from '../services/tickets/changes.js';
import { sql } from 'kysely';
import { addWorkingMinutes, type Interval, type WorkCalendar } from '../domain/calendar/index.js';
import { pausesFrom } from '../domain/sla/policy.js';
import { LIVE_ASSIGNMENT_STATES } from '../domain/tickets/machine.js';
import type { Db } from '../db/connection.js';
import type { Assignment, Ticket } from '../db/schema.js';
import { assignmentDeadlineColumns, ticketDue } from '../services/tickets/deadlines.js';
import { slaContext } from '../services/tickets/sla.js';

export const RECOMPUTE_SYSTEM = 'calendar-recompute';

/** States with deadlines running, or stopped (suspended). */
const OPEN_WITH_DEADLINES = ['assigned', 'handling', 'replied', 'visiting', 'answered', 'suspended'] as const;

const DEFAULT_BATCH = 500;

export interface RecomputeResult {
  calendarVersion: number;
  /** Tickets brought up to the platform's calendar version. */
  tickets: number;
  /** Of those, tickets whose deadlines moved (each has a `deadlines_recomputed` event). */
  moved: number;
}

/** What the step deadlines need of the ticket's policy (read even if it was disabled since). */
export interface StepPolicy {
  warnShare: number;
  reviewMinutes: number;
  visitMinutes: number;
}

/** The table's column defaults, for a ticket whose policy row is gone. */
const FALLBACK_POLICY: StepPolicy = { warnShare: 0.75, reviewMinutes: 450, visitMinutes: 900 };

type AssignmentRow = Pick<Assignment, 'id' | 'unit_id' | 'role' | 'parent_assignment_id' | 'state' | 'dispatched_at' | 'sign_minutes' | 'sign_clock'
  | 'reply_minutes' | 'reply_clock' | 'return_window_minutes' | 'extension_minutes' | 'sign_deadline' | 'reply_deadline' | 'return_deadline'
  | 'sign_warn_at' | 'reply_warn_at' | 'sign_level' | 'reply_level'>;

type TicketRow = Pick<Ticket, 'id' | 'platform_id' | 'state' | 'calendar_version' | 'review_deadline' | 'visit_deadline' | 'due_at' | 'due_warn_at'
  | 'sla_level' | 'overdue' | 'replied_at' | 'approved_at' | 'answered_at' | 'sla_policy_id'>;

interface Move {
  from: string;
  to: string;
}

export interface TicketRecompute {
  assignments: AssignmentRow[];
  ticket: Pick<Ticket, 'review_deadline' | 'visit_deadline' | 'due_at' | 'due_warn_at' | 'sla_level' | 'overdue'> | null;
  /** The event's data, when a deadline moved. */
  moves: Record<string, unknown> | null;
}

const same = (a: Date | null, b: Date | null): boolean => (a === null || b === null ? a === b : a.getTime() === b.getTime());
const move = (from: Date | null, to: Date | null): Move | undefined =>
  same(from, to) ? undefined : { from: from?.toISOString() ?? '', to: to?.toISOString() ?? '' };
const isLive = (a: Pick<Assignment, 'state'>): boolean => (LIVE_ASSIGNMENT_STATES as readonly string[]).includes(a.state);

/** The new deadlines of one open, unsuspended ticket: pure, given its rows, pauses and calendar. */
export function recomputeTicket(
  t: TicketRow, assignments: readonly AssignmentRow[], pauses: readonly Interval[], policy: StepPolicy, cal: WorkCalendar, now: Date,
): TicketRecompute {
  const level = (due: Date, warn: Date) => (now >= due ? 2 : now >= warn ? 1 : 0);
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const changed: AssignmentRow[] = [];
  const moved: Record<string, unknown>[] = [];
  // Children are dispatched after their parents, so id order puts every parent first.
  for (const a of [...assignments].sort((x, y) => x.id - y.id)) {
    if (!isLive(a)) continue;
    const parent = a.parent_assignment_id === null ? null : byId.get(a.parent_assignment_id) ?? null;
    const d = assignmentDeadlineColumns(cal, a, policy.warnShare, pauses, parent);
    const next: AssignmentRow = {
      ...a, ...d,
      sign_level: Math.min(a.sign_level, level(d.sign_deadline, d.sign_warn_at)),
      reply_level: Math.min(a.reply_level, level(d.reply_deadline, d.reply_warn_at)),
    };
    byId.set(a.id, next);
    const keys = ['sign_deadline', 'reply_deadline', 'return_deadline', 'sign_warn_at', 'reply_warn_at'] as const;
    if (keys.some((k) => !same(a[k], next[k])) || a.sign_level !== next.sign_level || a.reply_level !== next.reply_level) {
      changed.push(next);
      const signDeadline = move(a.sign_deadline, next.sign_deadline);
      const replyDeadline = move(a.reply_deadline, next.reply_deadline);
      if (signDeadline || replyDeadline) moved.push({ assignmentId: a.id, unitId: a.unit_id, ...(signDeadline && { signDeadline }), ...(replyDeadline && { replyDeadline }) });
    }
  }

  const stepStart = t.state === 'replied' ? t.replied_at : t.state === 'visiting' ? t.approved_at : t.state === 'answered' ? t.answered_at : null;
  const review = t.state === 'replied' && stepStart ? addWorkingMinutes(cal, stepStart, policy.reviewMinutes) : t.review_deadline;
  const visit = (t.state === 'visiting' || t.state === 'answered') && stepStart ? addWorkingMinutes(cal, stepStart, policy.visitMinutes) : t.visit_deadline;
  const all = [...byId.values()];
  const primary = all.find((a) => a.role === 'primary' && a.parent_assignment_id === null && isLive(a)) ?? null;
  const due = ticketDue(t.state, primary, { review_deadline: review, visit_deadline: visit }, now, cal, policy.warnShare, stepStart);
  const ticket = {
    review_deadline: review, visit_deadline: visit, due_at: due.due_at, due_warn_at: due.due_warn_at,
    sla_level: Math.min(t.sla_level, due.sla_level),
    // Cleared when no live reply deadline is past any more; set only by the sweep, with its event.
    overdue: t.overdue && all.some((a) => isLive(a) && a.reply_deadline <= now),
  };
  const ticketChanged = !same(t.review_deadline, ticket.review_deadline) || !same(t.visit_deadline, ticket.visit_deadline) || !same(t.due_at, ticket.due_at)
    || !same(t.due_warn_at, ticket.due_warn_at) || t.sla_level !== ticket.sla_level || t.overdue !== ticket.overdue;
  const reviewDeadline = move(t.review_deadline, review);
  const visitDeadline = move(t.visit_deadline, visit);
  const anyMove = moved.length > 0 || reviewDeadline !== undefined || visitDeadline !== undefined;
  return {
    assignments: changed,
    ticket: ticketChanged ? ticket : null,
    moves: anyMove ? { assignments: moved, ...(reviewDeadline && { reviewDeadline }), ...(visitDeadline && { visitDeadline }) } : null,
  };
}

/**
 * Recomputes the open deadlines of a platform's tickets computed on an older calendar version.
 * Safe to rerun: tickets already on the current version are not touched again.
 */
export async function recomputeForCalendar(db: Db, platformId: number, now: Date, batchSize = DEFAULT_BATCH): Promise<RecomputeResult> {
  const { cal, calendarVersion } = await slaContext(db, platformId);
  const result: RecomputeResult = { calendarVersion, tickets: 0, moved: 0 };
  // A cheap look first (the state index), so a quiet minute costs one small query.
  const behind = await db.selectFrom('tickets').select('id')
    .where('platform_id', '=', platformId).where('state', 'in', OPEN_WITH_DEADLINES).where('calendar_version', '<', calendarVersion)
    .limit(1).executeTakeFirst();
  if (!behind) return result;
  let cursor = 0;
  for (;;) {
    const batch = await db.transaction().execute((tx) => recomputeBatch(tx, platformId, cal, calendarVersion, now, cursor, batchSize));
    result.tickets += batch.tickets;
    result.moved += batch.moved;
    if (batch.lastId === null || batch.locked < batchSize) return result;
    cursor = batch.lastId;
  }
}

async function recomputeBatch(tx: Db, platformId: number, cal: WorkCalendar, version: number, now: Date, after: number, batchSize: number) {
  // In id order from a cursor: every batch moves on, so tickets skipped while locked by a user
  // cannot make the loop spin; they are caught by the next run.
  const tickets = await tx.selectFrom('tickets')
    .select(['id', 'platform_id', 'state', 'calendar_version', 'review_deadline', 'visit_deadline', 'due_at', 'due_warn_at', 'sla_level', 'overdue',
      'replied_at', 'approved_at', 'answered_at', 'sla_policy_id'])
    .where('platform_id', '=', platformId).where('state', 'in', OPEN_WITH_DEADLINES).where('calendar_version', '<', version).where('id', '>', after)
    .orderBy('id').limit(batchSize).forUpdate().skipLocked().execute();
  if (tickets.length === 0) return { tickets: 0, moved: 0, locked: 0, lastId: null };
  const ids = tickets.map((t) => t.id);
  const running = tickets.filter((t) => t.state !== 'suspended');
  const runningIds = running.map((t) => t.id);
  const policyIds = [...new Set(running.map((t) => t.sla_policy_id).filter((id): id is number => id !== null))];
  const [assignments, pauseEvents, policies] = runningIds.length === 0 ? [[], [], []] : await Promise.all([
    tx.selectFrom('assignments')
      .select(['id', 'ticket_id', 'unit_id', 'role', 'parent_assignment_id', 'state', 'dispatched_at', 'sign_minutes', 'sign_clock', 'reply_minutes',
        'reply_clock', 'return_window_minutes', 'extension_minutes', 'sign_deadline', 'reply_deadline', 'return_deadline', 'sign_warn_at',
        'reply_warn_at', 'sign_level', 'reply_level'])
      .where('ticket_id', 'in', runningIds).orderBy('id').execute(),
    tx.selectFrom('ticket_events').select(['ticket_id', 'type', 'at'])
      .where('ticket_id', 'in', runningIds).where('type', 'in', ['suspended', 'resumed']).orderBy('id').execute(),
    policyIds.length === 0 ? Promise.resolve([]) : tx.selectFrom('sla_policies').select(['id', 'warn_share', 'review_minutes', 'visit_minutes'])
      .where('id', 'in', policyIds).execute(),
  ]);
  const policyById = new Map(policies.map((p) => [p.id, { warnShare: Number(p.warn_share), reviewMinutes: p.review_minutes, visitMinutes: p.visit_minutes }]));
  const group = <T extends { ticket_id: number }>(rows: readonly T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(r.ticket_id, [...(m.get(r.ticket_id) ?? []), r]);
    return m;
  };
  const assignmentsOf = group(assignments);
  const pausesOf = group(pauseEvents);

  const assignmentRows: AssignmentRow[] = [];
  const ticketRows: (NonNullable<TicketRecompute['ticket']> & { id: number })[] = [];
  const events: { ticket_id: number; data: Record<string, unknown> }[] = [];
  for (const t of running) {
    const policy = (t.sla_policy_id !== null ? policyById.get(t.sla_policy_id) : undefined) ?? FALLBACK_POLICY;
    const r = recomputeTicket(t, assignmentsOf.get(t.id) ?? [], pausesFrom(pausesOf.get(t.id) ?? [], now), policy, cal, now);
    assignmentRows.push(...r.assignments);
    if (r.ticket) ticketRows.push({ id: t.id, ...r.ticket });
    if (r.moves) events.push({ ticket_id: t.id, data: { system: RECOMPUTE_SYSTEM, calendarVersion: { from: t.calendar_version, to: version }, ...r.moves } });
  }

  if (assignmentRows.length > 0) {
    const rows = assignmentRows.map((a) => ({
      id: a.id, sign_deadline: a.sign_deadline, reply_deadline: a.reply_deadline, return_deadline: a.return_deadline, sign_warn_at: a.sign_warn_at,
      reply_warn_at: a.reply_warn_at, sign_level: a.sign_level, reply_level: a.reply_level,
    }));
    await sql`update assignments a
      set sign_deadline = x.sign_deadline, reply_deadline = x.reply_deadline, return_deadline = x.return_deadline, sign_warn_at = x.sign_warn_at,
        reply_warn_at = x.reply_warn_at, sign_level = x.sign_level, reply_level = x.reply_level, updated_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id bigint, sign_deadline timestamptz, reply_deadline timestamptz,
        return_deadline timestamptz, sign_warn_at timestamptz, reply_warn_at timestamptz, sign_level smallint, reply_level smallint)
      where a.id = x.id`.execute(tx);
  }
  if (ticketRows.length > 0) {
    await sql`update tickets t
      set review_deadline = x.review_deadline, visit_deadline = x.visit_deadline, due_at = x.due_at, due_warn_at = x.due_warn_at,
        sla_level = x.sla_level, overdue = x.overdue, updated_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(ticketRows)}::jsonb) as x(id bigint, review_deadline timestamptz, visit_deadline timestamptz,
        due_at timestamptz, due_warn_at timestamptz, sla_level smallint, overdue boolean)
      where t.id = x.id`.execute(tx);
  }
  await tx.updateTable('tickets').set({ calendar_version: version }).where('id', 'in', ids).execute();
  if (events.length > 0) {
    await tx.insertInto('ticket_events').values(events.map((e) => ({
      platform_id: platformId, ticket_id: e.ticket_id, at: now, type: 'deadlines_recomputed', actor_id: null, actor_unit_id: null, data: JSON.stringify(e.data),
    }))).execute();
  }
  await announceSweep(tx, platformId, events.length);
  return { tickets: tickets.length, moved: events.length, locked: tickets.length, lastId: ids[ids.length - 1]! };
}
