// Time limits (DOMAIN.md §7): which policy applies to a ticket, and the deadlines it gives on the
// working-day calendar. Pure: the calendar, the policies and the pauses come in as values.
import {
  addClockMinutes, addWorkingMinutes, workingMinutesBetween, type Interval, type WorkCalendar,
} from '../calendar/index.js';

/** One working day in working minutes (08:30–12:00, 13:30–17:30). */
export const WORKING_DAY = 450;

/** A limit: so many working minutes, or (urgent limits) wall-clock minutes. */
export interface Limit {
  minutes: number;
  clock: boolean;
}

export interface SlaPolicyValue {
  id: number;
  name: string;
  priority: number;
  matchType: string | null;
  matchUrgency: string | null;
  /** Materialised path of the subject node the policy covers (its whole subtree), or null. */
  matchSubjectPath: string | null;
  sign: Limit;
  reply: Limit;
  reviewMinutes: number;
  visitMinutes: number;
  returnWindowMinutes: number;
  extensionMaxMinutes: number;
  extensionMaxCount: number;
  warnShare: number;
}

export interface PolicyFacts {
  type: string;
  urgency: string;
  /** Path of the ticket's subject ('/3/17/'), or null when it has none yet. */
  subjectPath: string | null;
}

export function policyMatches(p: SlaPolicyValue, f: PolicyFacts): boolean {
  if (p.matchType !== null && p.matchType !== f.type) return false;
  if (p.matchUrgency !== null && p.matchUrgency !== f.urgency) return false;
  if (p.matchSubjectPath !== null && !(f.subjectPath ?? '').startsWith(p.matchSubjectPath)) return false;
  return true;
}

/** The first matching policy by priority (then id); null when none matches (no catch-all). */
export function choosePolicy(policies: readonly SlaPolicyValue[], facts: PolicyFacts): SlaPolicyValue | null {
  const ordered = [...policies].sort((a, b) => a.priority - b.priority || a.id - b.id);
  return ordered.find((p) => policyMatches(p, facts)) ?? null;
}

export function addLimit(cal: WorkCalendar, start: Date, limit: Limit, pauses: readonly Interval[] = []): Date {
  return limit.clock ? addClockMinutes(start, limit.minutes, pauses) : addWorkingMinutes(cal, start, limit.minutes, pauses);
}

/** What an assignment's deadlines are computed from (snapshotted on the row at dispatch). */
export interface AssignmentClock {
  dispatchedAt: Date;
  sign: Limit;
  reply: Limit;
  returnWindowMinutes: number;
  /** Approved extensions, in working minutes, added after the reply limit. */
  extensionMinutes: number;
  /**
   * A child of a second-level dispatch never runs past its parent's reply deadline. (Not its sign
   * deadline: the parent has signed before it re-dispatches, usually after that deadline passed.)
   */
  parent?: { signDeadline: Date; replyDeadline: Date } | null;
}

export interface AssignmentDeadlines {
  signDeadline: Date;
  replyDeadline: Date;
  returnDeadline: Date;
}

const earliest = (a: Date, b: Date | undefined): Date => (b && b < a ? b : a);

/**
 * Deadlines of an assignment. Pauses (挂起) stop every clock; an extension moves the reply deadline
 * by that many working minutes from where it stood.
 */
export function assignmentDeadlines(cal: WorkCalendar, c: AssignmentClock, pauses: readonly Interval[] = []): AssignmentDeadlines {
  const base = addLimit(cal, c.dispatchedAt, c.reply, pauses);
  const reply = c.extensionMinutes > 0 ? addWorkingMinutes(cal, base, c.extensionMinutes, pauses) : base;
  return {
    signDeadline: earliest(addLimit(cal, c.dispatchedAt, c.sign, pauses), c.parent?.replyDeadline),
    replyDeadline: earliest(reply, c.parent?.replyDeadline),
    returnDeadline: addWorkingMinutes(cal, c.dispatchedAt, c.returnWindowMinutes, pauses),
  };
}

/** 0 green, 1 yellow (warnShare of the allowed time used), 2 red (past the deadline). */
export type SlaLevel = 0 | 1 | 2;

export function slaLevel(
  cal: WorkCalendar, start: Date, deadline: Date, clock: boolean, now: Date, warnShare: number, pauses: readonly Interval[] = [],
): SlaLevel {
  if (now >= deadline) return 2;
  const used = clock ? clockMinutesBetween(start, now, pauses) : workingMinutesBetween(cal, start, now, pauses);
  const allowed = clock ? clockMinutesBetween(start, deadline, pauses) : workingMinutesBetween(cal, start, deadline, pauses);
  if (allowed <= 0) return 0;
  return used / allowed >= warnShare ? 1 : 0;
}

function clockMinutesBetween(from: Date, to: Date, pauses: readonly Interval[]): number {
  let ms = Math.max(0, to.getTime() - from.getTime());
  for (const p of pauses) {
    const s = Math.max(p.from.getTime(), from.getTime());
    const e = Math.min(p.to.getTime(), to.getTime());
    if (e > s) ms -= e - s;
  }
  return ms / 60_000;
}

/** Pauses from the suspend / resume events of a ticket; an open pause runs until `now`. */
export function pausesFrom(events: readonly { type: string; at: Date }[], now: Date): Interval[] {
  const out: Interval[] = [];
  let open: Date | null = null;
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (e.type === 'suspended' && open === null) open = e.at;
    else if (e.type === 'resumed' && open !== null) {
      out.push({ from: open, to: e.at });
      open = null;
    }
  }
  if (open !== null && now > open) out.push({ from: open, to: now });
  return out;
}

/** The defaults of DOMAIN.md §7, as rows an administrator then edits. `subject` names a catalogue node. */
export interface DefaultPolicy {
  name: string;
  priority: number;
  type?: string;
  urgency?: string;
  /** Level-2 subject names (any of them): the 水电气热 rule. */
  subjects?: string[];
  sign: Limit;
  reply: Limit;
}

const days = (n: number): Limit => ({ minutes: n * WORKING_DAY, clock: false });
const clock = (minutes: number): Limit => ({ minutes, clock: true });

export const DEFAULT_POLICIES: DefaultPolicy[] = [
  { name: '特急', priority: 10, urgency: 'critical', sign: clock(30), reply: clock(120) },
  { name: '紧急', priority: 20, urgency: 'urgent', sign: clock(120), reply: clock(24 * 60) },
  { name: '水电气热', priority: 30, subjects: ['供水', '供电', '燃气', '供热'], sign: days(1), reply: clock(24 * 60) },
  { name: '咨询', priority: 50, type: 'consult', sign: days(1), reply: days(1) },
  { name: '求助', priority: 50, type: 'help', sign: days(1), reply: days(5) },
  { name: '投诉', priority: 50, type: 'complaint', sign: days(1), reply: days(10) },
  { name: '举报', priority: 50, type: 'report', sign: days(1), reply: days(10) },
  { name: '建议', priority: 50, type: 'suggestion', sign: days(1), reply: days(15) },
  // Praise and other matters: the help limit, so every ticket has one. Complex matters 复杂事项 get
  // 15 days by a policy an administrator adds for their subjects.
  { name: '默认', priority: 1000, sign: days(1), reply: days(5) },
];

/**
 * The instant `share` of the time from `start` to `deadline` is used: the yellow light. Stored on the
 * row, so the sweep finds due warnings with one indexed comparison.
 */
export function warnAt(cal: WorkCalendar, start: Date, deadline: Date, clock: boolean, share: number, pauses: readonly Interval[] = []): Date {
  if (clock) {
    const allowed = clockMinutesBetween(start, deadline, pauses);
    return addClockMinutes(start, allowed * share, pauses);
  }
  const allowed = workingMinutesBetween(cal, start, deadline, pauses);
  return addWorkingMinutes(cal, start, allowed * share, pauses);
}
