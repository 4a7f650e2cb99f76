/**
 * Working-day calendar for time limits (SLA), DOMAIN.md §7. Pure: plain values in, plain values out;
 * no clock, no I/O.
 *
 * Semantics (a product decision, tested in test/domain/calendar.test.ts):
 *
 * - Time zone. Everything local is Asia/Shanghai, which has been a fixed UTC+08:00 with no daylight
 *   saving since 1991, so we convert with a fixed offset instead of a tz database. Instants are
 *   `Date`s; dates are 'YYYY-MM-DD' strings in Shanghai local time.
 * - Working days. A date is a working day if the calendar says so; a date the calendar does not list
 *   falls back to the weekday rule (Mon–Fri working, Sat/Sun not). Holidays are listed as not working,
 *   调休 make-up days (worked Saturdays/Sundays) as working.
 * - Working time accrues only on working days, inside the work periods (default 08:30–12:00 and
 *   13:30–17:30, 7.5 h). `minutesPerDay` is the sum of the periods.
 * - A working day is `minutesPerDay` working minutes: addWorkingDays(cal, start, n) is exactly
 *   addWorkingMinutes(cal, start, n × minutesPerDay). So a ticket accepted on a Saturday, before
 *   opening or in the lunch break starts counting at the next opening; one accepted after closing
 *   starts at the next working day's opening; one accepted at Monday 10:00 with 1 working day is due
 *   Tuesday 10:00.
 * - A result that lands exactly on the end of a period stays there: the deadline is 17:30 that day,
 *   not 08:30 the next working day (and 12:00, not 13:30).
 * - Adding zero leaves the start unchanged (nothing is added, so nothing moves), even outside hours.
 * - Pauses (挂起) stop the clock: working (or, for addClockMinutes, clock) time that falls inside a
 *   pause does not count; the parts of a pause outside working time change nothing. Pauses may
 *   overlap each other and may start before the start instant; only their overlap matters.
 * - Urgent limits run on the wall clock (addClockMinutes): every minute counts, except inside pauses
 *   that lie after the start.
 * - workingMinutesBetween counts exact (possibly fractional) working minutes in [from, to), pauses
 *   excluded, 0 when to ≤ from. It is the inverse of addWorkingMinutes: for m > 0,
 *   workingMinutesBetween(cal, s, addWorkingMinutes(cal, s, m, p), p) === m.
 * - elapsedShare = working minutes used so far ÷ working minutes allowed (start → deadline), the
 *   pauses excluded from both. 0 before the clock starts, 1 at the deadline, above 1 once working
 *   time past the deadline has elapsed (not clamped, so reports can show 150%). The yellow light is
 *   share ≥ 0.75; whether a ticket is overdue is `now > deadline`, not the share.
 * - Negative, non-finite amounts, invalid dates and pauses that end before they start throw
 *   RangeError; so do work hours that are empty, unsorted, overlapping or with start ≥ end.
 * - Cost: the walks go day by day (a few steps per calendar day), never minute by minute, and always
 *   end because beyond the last listed date the weekday rule yields a working day every week.
 */

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup'; // makeup = 调休上班 (a weekend day that is worked)

export interface CalendarDayInput {
  date: string;
  isWorking: boolean;
}

/** A daily work period in local time, 'HH:MM' to 'HH:MM' (end may be '24:00'). */
export interface WorkPeriod {
  start: string;
  end: string;
}

/** A pause (挂起): the clock stops inside [from, to). */
export interface Interval {
  from: Date;
  to: Date;
}

/** An immutable calendar value; build it with buildCalendar. */
export interface WorkCalendar {
  /** The work periods as given (validated, frozen). */
  readonly hours: readonly Readonly<WorkPeriod>[];
  /** The same periods in minutes after local midnight. */
  readonly periods: readonly { readonly start: number; readonly end: number }[];
  /** Working minutes in one working day: the sum of the periods. */
  readonly minutesPerDay: number;
  /** Explicit answers by date; dates not here follow defaultDayKind. */
  readonly days: ReadonlyMap<string, boolean>;
}

export const DEFAULT_WORK_HOURS: WorkPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

// Asia/Shanghai has had a fixed +08:00 offset without DST since 1991 (see the header).
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01). Working on integers keeps the day walks cheap and
// free of the machine's local time zone.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date; RangeError for malformed or impossible dates (2026-02-30). */
function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`invalid date "${date}", expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over into March; a round trip catches it. Years 0–99 are mapped to
  // 1900–1999 by Date.UTC, which the round trip rejects too (we never need them).
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`invalid date "${date}"`);
  }
  return ms / DAY_MS;
}

function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** The instant of local midnight starting the given day. */
function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The day number of the local date an instant falls on. */
function dayNumberOfInstant(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** True if the 'YYYY-MM-DD' string is a real calendar date. */
export function isValidDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday, for a 'YYYY-MM-DD' date. */
export function weekdayOf(date: string): number {
  return weekdayOfDayNumber(dayNumber(date));
}

/** The date `n` days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  return dateOfDayNumber(dayNumber(date) + n);
}

// ---------------------------------------------------------------------------------------------
// Local time

const HHMM_RE = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight of 'HH:MM'; '24:00' is allowed so a period can end at midnight. */
function minutesOfDay(hhmm: string): number {
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new RangeError(`invalid time "${hhmm}", expected HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new RangeError(`invalid time "${hhmm}"`);
  return h * 60 + min;
}

function assertInstant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid instant`);
  return ms;
}

/** The Shanghai local date ('YYYY-MM-DD') of an instant. */
export function localDate(instant: Date): string {
  return dateOfDayNumber(dayNumberOfInstant(assertInstant(instant, 'instant')));
}

/** The instant of a Shanghai local date and 'HH:MM' time. */
export function atLocal(date: string, hhmm: string): Date {
  return new Date(dayStartMs(dayNumber(date)) + minutesOfDay(hhmm) * MINUTE_MS);
}

/** The weekday rule used for dates a calendar does not list: Monday–Friday work. */
export function defaultDayKind(date: string): 'workday' | 'weekend' {
  const wd = weekdayOf(date);
  return wd === 0 || wd === 6 ? 'weekend' : 'workday';
}

// ---------------------------------------------------------------------------------------------
// Building a calendar

/** Checks the periods are well-formed, each start < end, sorted and not overlapping. */
function validateHours(hours: readonly WorkPeriod[]): { start: number; end: number }[] {
  if (hours.length === 0) throw new RangeError('work hours are empty: no deadline could ever be reached');
  const periods = hours.map((p) => ({ start: minutesOfDay(p.start), end: minutesOfDay(p.end) }));
  periods.forEach((p, i) => {
    if (p.start >= p.end) throw new RangeError(`work period ${i + 1} must start before it ends`);
    const prev = periods[i - 1];
    // Touching periods (12:00–12:00) are allowed; they simply join up.
    if (prev && p.start < prev.end) {
      throw new RangeError(`work period ${i + 1} must start after period ${i} ends (sorted, no overlap)`);
    }
  });
  return periods;
}

/**
 * Builds an immutable calendar from day rows (typically a year or more of `calendar_days`) and work
 * hours. A date listed twice is a RangeError: the rows are meant to be unique per date.
 */
export function buildCalendar(days: Iterable<CalendarDayInput>, hours: WorkPeriod[] = DEFAULT_WORK_HOURS): WorkCalendar {
  const periods = validateHours(hours);
  const map = new Map<string, boolean>();
  for (const d of days) {
    dayNumber(d.date); // validates
    if (map.has(d.date)) throw new RangeError(`date ${d.date} is listed twice in the calendar`);
    map.set(d.date, d.isWorking);
  }
  return Object.freeze({
    hours: Object.freeze(hours.map((p) => Object.freeze({ start: p.start, end: p.end }))),
    periods: Object.freeze(periods.map((p) => Object.freeze(p))),
    minutesPerDay: periods.reduce((sum, p) => sum + (p.end - p.start), 0),
    days: map,
  });
}

// The walks below look a date up once per day; keying by day number spares formatting a string
// each time. Built lazily, so a WorkCalendar made without buildCalendar works too; a WeakMap keeps
// the value itself plain and frees the index with the calendar.
const dayIndexes = new WeakMap<WorkCalendar, ReadonlyMap<number, boolean>>();

function dayIndex(cal: WorkCalendar): ReadonlyMap<number, boolean> {
  let index = dayIndexes.get(cal);
  if (!index) {
    index = new Map([...cal.days].map(([date, working]) => [dayNumber(date), working]));
    dayIndexes.set(cal, index);
  }
  return index;
}

function isWorkingDayNumber(cal: WorkCalendar, day: number): boolean {
  const listed = dayIndex(cal).get(day);
  if (listed !== undefined) return listed;
  const wd = weekdayOfDayNumber(day);
  return wd !== 0 && wd !== 6;
}

/** Whether a date is worked: the calendar's answer, else Monday–Friday. */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  return isWorkingDayNumber(cal, dayNumber(date));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(cal: WorkCalendar, date: string): string {
  let day = dayNumber(date) + 1;
  // Terminates: past the last listed date the weekday rule gives a working day within 3 days.
  while (!isWorkingDayNumber(cal, day)) day++;
  return dateOfDayNumber(day);
}

// ---------------------------------------------------------------------------------------------
// Segments of running clock. Everything below is built on one idea: a lazy, increasing stream of
// half-open [start, end) millisecond segments in which the clock runs. Working hours produce one;
// subtracting the pauses produces another; adding and measuring just walk it.

type Segment = readonly [number, number];

/** Working-time segments from `fromMs` onward, clipped to start at `fromMs`; endless. */
function* workingSegments(cal: WorkCalendar, fromMs: number): Generator<Segment, never> {
  for (let day = dayNumberOfInstant(fromMs); ; day++) {
    if (!isWorkingDayNumber(cal, day)) continue;
    const base = dayStartMs(day);
    for (const p of cal.periods) {
      const s = base + p.start * MINUTE_MS;
      const e = base + p.end * MINUTE_MS;
      if (e > fromMs) yield [Math.max(s, fromMs), e];
    }
  }
}

/** Sorted, merged pauses with empty ones dropped; RangeError for a pause ending before it starts. */
function normalizePauses(pauses: readonly Interval[]): Segment[] {
  const list = pauses
    .map((p, i): Segment => {
      const from = assertInstant(p.from, `pause ${i + 1} start`);
      const to = assertInstant(p.to, `pause ${i + 1} end`);
      if (to < from) throw new RangeError(`pause ${i + 1} ends before it starts`);
      return [from, to];
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of list) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The segments with the (normalized) pauses cut out; keeps them increasing and non-empty. */
function* withoutPauses(segments: Iterable<Segment>, pauses: readonly Segment[]): Generator<Segment, void> {
  let i = 0; // pauses before i end before the current segment, hence before all later ones too
  for (const [s, e] of segments) {
    while (i < pauses.length && pauses[i]![1] <= s) i++;
    let cur = s;
    for (let j = i; j < pauses.length && pauses[j]![0] < e && cur < e; j++) {
      const [ps, pe] = pauses[j]!;
      if (ps > cur) yield [cur, ps];
      cur = Math.max(cur, pe);
    }
    if (cur < e) yield [cur, e];
  }
}

/** Walks the running-clock segments until `amountMs` has run; the instant it is used up. */
function advance(segments: Iterable<Segment>, startMs: number, amountMs: number): Date {
  if (amountMs === 0) return new Date(startMs);
  let remaining = amountMs;
  for (const [s, e] of segments) {
    // `<=` so that a result exactly at a segment's end stays there (17:30, not 08:30 next day).
    if (remaining <= e - s) return new Date(s + remaining);
    remaining -= e - s;
  }
  // Only reachable for a finite stream, which we never build.
  throw new RangeError('the clock never runs long enough');
}

function amountMs(amount: number, unitMs: number, what: string): number {
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${amount}`);
  return Math.round(amount * unitMs);
}

// ---------------------------------------------------------------------------------------------
// Public arithmetic

/** The instant when `minutes` working minutes have run from `start`, pauses excluded. */
export function addWorkingMinutes(cal: WorkCalendar, start: Date, minutes: number, pauses: readonly Interval[] = []): Date {
  const startMs = assertInstant(start, 'start');
  const ms = amountMs(minutes, MINUTE_MS, 'minutes');
  return advance(withoutPauses(workingSegments(cal, startMs), normalizePauses(pauses)), startMs, ms);
}

export function addWorkingHours(cal: WorkCalendar, start: Date, hours: number, pauses: readonly Interval[] = []): Date {
  amountMs(hours, 60 * MINUTE_MS, 'hours'); // validate before scaling, for the message
  return addWorkingMinutes(cal, start, hours * 60, pauses);
}

/** n working days = n × minutesPerDay working minutes (see the header). */
export function addWorkingDays(cal: WorkCalendar, start: Date, days: number, pauses: readonly Interval[] = []): Date {
  amountMs(days, cal.minutesPerDay * MINUTE_MS, 'days');
  return addWorkingMinutes(cal, start, days * cal.minutesPerDay, pauses);
}

/** Wall-clock minutes (urgent limits); pauses after `start` extend the result. */
export function addClockMinutes(start: Date, minutes: number, pauses: readonly Interval[] = []): Date {
  const startMs = assertInstant(start, 'start');
  const ms = amountMs(minutes, MINUTE_MS, 'minutes');
  const always: Segment[] = [[startMs, Infinity]];
  return advance(withoutPauses(always, normalizePauses(pauses)), startMs, ms);
}

/** Working minutes in [from, to), pauses excluded; 0 if to ≤ from. Exact, may be fractional. */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date, pauses: readonly Interval[] = []): number {
  const fromMs = assertInstant(from, 'from');
  const toMs = assertInstant(to, 'to');
  if (toMs <= fromMs) return 0;
  let total = 0;
  for (const [s, e] of withoutPauses(workingSegments(cal, fromMs), normalizePauses(pauses))) {
    if (s >= toMs) break;
    total += Math.min(e, toMs) - s;
  }
  return total / MINUTE_MS;
}

/**
 * Share of the allowed working time (start → deadline) used by `now`, pauses excluded from both;
 * ≥ 0.75 is the yellow light. Not clamped above 1. When no working time is allowed at all, the share
 * is 0 before the deadline and 1 from it on.
 */
export function elapsedShare(cal: WorkCalendar, start: Date, deadline: Date, now: Date, pauses: readonly Interval[] = []): number {
  const allowed = workingMinutesBetween(cal, start, deadline, pauses);
  if (allowed === 0) return assertInstant(now, 'now') >= deadline.getTime() ? 1 : 0;
  return workingMinutesBetween(cal, start, now, pauses) / allowed;
}
