// Deadline columns of assignments and tickets, computed from snapshotted limits by the pure SLA
// functions. Used by the use cases that change an input (dispatch, extension, resume) and by the
// job that recomputes open tickets after a calendar change.
import type { Interval, WorkCalendar } from '../../domain/calendar/index.js';
import { addWorkingMinutes } from '../../domain/calendar/index.js';
import { assignmentDeadlines, warnAt, type SlaPolicyValue } from '../../domain/sla/policy.js';
import type { Assignment, Ticket } from '../../db/schema.js';

export interface DeadlineColumns {
  sign_deadline: Date;
  reply_deadline: Date;
  return_deadline: Date;
  sign_warn_at: Date;
  reply_warn_at: Date;
}

type Limits = Pick<Assignment, 'dispatched_at' | 'sign_minutes' | 'sign_clock' | 'reply_minutes' | 'reply_clock' | 'return_window_minutes' | 'extension_minutes'>;

export function assignmentDeadlineColumns(
  cal: WorkCalendar, a: Limits, warnShare: number, pauses: readonly Interval[], parent?: Pick<Assignment, 'sign_deadline' | 'reply_deadline'> | null,
): DeadlineColumns {
  const d = assignmentDeadlines(cal, {
    dispatchedAt: a.dispatched_at, sign: { minutes: a.sign_minutes, clock: a.sign_clock }, reply: { minutes: a.reply_minutes, clock: a.reply_clock },
    returnWindowMinutes: a.return_window_minutes, extensionMinutes: a.extension_minutes,
    parent: parent ? { signDeadline: parent.sign_deadline, replyDeadline: parent.reply_deadline } : null,
  }, pauses);
  return {
    sign_deadline: d.signDeadline, reply_deadline: d.replyDeadline, return_deadline: d.returnDeadline,
    sign_warn_at: warnAt(cal, a.dispatched_at, d.signDeadline, a.sign_clock, warnShare, pauses),
    reply_warn_at: warnAt(cal, a.dispatched_at, d.replyDeadline, a.reply_clock && a.extension_minutes === 0, warnShare, pauses),
  };
}

/** The limits an assignment snapshots from its policy when it is dispatched. */
export function limitsFrom(policy: SlaPolicyValue, dispatchedAt: Date): Limits {
  return {
    dispatched_at: dispatchedAt, sign_minutes: policy.sign.minutes, sign_clock: policy.sign.clock, reply_minutes: policy.reply.minutes,
    reply_clock: policy.reply.clock, return_window_minutes: policy.returnWindowMinutes, extension_minutes: 0,
  };
}

export interface TicketDue {
  due_at: Date | null;
  due_warn_at: Date | null;
  sla_level: number;
}

/**
 * The deadline the ticket as a whole waits on: the primary's sign, then its reply; the review; the
 * visit. The ticket's light restarts with each step (a step's own light is on its row).
 */
export function ticketDue(
  state: string, primary: Pick<Assignment, 'state' | 'sign_deadline' | 'sign_warn_at' | 'reply_deadline' | 'reply_warn_at' | 'sign_level' | 'reply_level'> | null,
  ticket: Pick<Ticket, 'review_deadline' | 'visit_deadline'>, now: Date, cal: WorkCalendar, warnShare: number, stepStart: Date | null,
): TicketDue {
  const level = (due: Date, warn: Date) => (now >= due ? 2 : now >= warn ? 1 : 0);
  if ((state === 'assigned' || state === 'handling') && primary) {
    if (primary.state === 'assigned') return { due_at: primary.sign_deadline, due_warn_at: primary.sign_warn_at, sla_level: level(primary.sign_deadline, primary.sign_warn_at) };
    return { due_at: primary.reply_deadline, due_warn_at: primary.reply_warn_at, sla_level: level(primary.reply_deadline, primary.reply_warn_at) };
  }
  const step = state === 'replied' ? ticket.review_deadline : state === 'visiting' || state === 'answered' ? ticket.visit_deadline : null;
  if (!step || !stepStart) return { due_at: null, due_warn_at: null, sla_level: 0 };
  const warn = warnAt(cal, stepStart, step, false, warnShare);
  return { due_at: step, due_warn_at: warn, sla_level: level(step, warn) };
}

export const afterWorking = (cal: WorkCalendar, start: Date, minutes: number): Date => addWorkingMinutes(cal, start, minutes);
