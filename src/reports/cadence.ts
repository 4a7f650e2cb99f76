// When a report schedule fires and what it then reports on (pure; Asia/Shanghai wall time).
//   weekly  on `day` (1 Monday … 7 Sunday) at `hour`:00  → the week before (Monday to Sunday)
//   monthly on `day` (1 … 28) at `hour`:00                → the month before
//   annual  on `month`-`day` at `hour`:00                 → the year before
// A schedule of kind annual, monthly or weekly has the cadence of its kind; a `units` schedule
// (承办单位办件情况表) may run at any cadence and covers the same whole period.
import { addDays, atLocal, isValidDate, localDate, weekdayOf } from '../domain/calendar/index.js';
import { dayRange, lastWholePeriod, type ReportKind, type ReportPeriod } from './content/periods.js';

export const CADENCES = ['weekly', 'monthly', 'annual'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface Timing {
  cadence: Cadence;
  day: number;
  month: number | null;
  hour: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What is wrong with a timing, as [field, 中文, English], or null. */
export function timingProblem(kind: ReportKind, t: Timing): [string, string, string] | null {
  if (kind !== 'units' && kind !== t.cadence) return ['cadence', `${kind === 'annual' ? '年度' : kind === 'monthly' ? '月度' : '每周'}报告的发送周期应与报告相同`, `a ${kind} report is sent ${kind}`];
  if (!Number.isInteger(t.hour) || t.hour < 0 || t.hour > 23) return ['hour', '发送时间应为 0–23 点', 'hour is 0–23'];
  if (t.cadence === 'weekly' && !(t.day >= 1 && t.day <= 7)) return ['day', '每周发送日应为 1（周一）至 7（周日）', 'a weekly day is 1 (Monday) to 7 (Sunday)'];
  if (t.cadence === 'monthly' && !(t.day >= 1 && t.day <= 28)) return ['day', '每月发送日应为 1–28 日', 'a monthly day is 1–28'];
  if (t.cadence === 'annual') {
    if (t.month === null || !(t.month >= 1 && t.month <= 12)) return ['month', '每年发送月份应为 1–12', 'an annual month is 1–12'];
    if (!isValidDate(`2001-${pad(t.month)}-${pad(t.day)}`)) return ['day', '每年发送日期不存在', 'no such day in that month'];
  }
  return null;
}

/** The latest instant at or before `now` when the schedule fires. */
export function lastFireAt(t: Timing, now: Date): Date {
  const today = localDate(now);
  const hour = `${pad(t.hour)}:00`;
  let date: string;
  if (t.cadence === 'weekly') {
    const isoDay = ((weekdayOf(today) + 6) % 7) + 1;
    date = addDays(today, -((isoDay - t.day + 7) % 7));
    if (atLocal(date, hour) > now) date = addDays(date, -7);
  } else if (t.cadence === 'monthly') {
    date = `${today.slice(0, 7)}-${pad(t.day)}`;
    if (atLocal(date, hour) > now) {
      const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
      date = m === 1 ? `${y - 1}-12-${pad(t.day)}` : `${y}-${pad(m - 1)}-${pad(t.day)}`;
    }
  } else {
    date = `${today.slice(0, 4)}-${pad(t.month ?? 1)}-${pad(t.day)}`;
    if (atLocal(date, hour) > now) date = `${Number(today.slice(0, 4)) - 1}-${pad(t.month ?? 1)}-${pad(t.day)}`;
  }
  return atLocal(date, hour);
}

/** The period a schedule firing at `fireAt` reports on. */
export function periodFor(kind: ReportKind, cadence: Cadence, fireAt: Date): ReportPeriod {
  const period = lastWholePeriod(cadence, localDate(fireAt));
  return kind === 'units' ? dayRange(period.from, period.to) : period;
}

/** The next instant after `now` when the schedule fires (for the schedules list). */
export function nextFireAt(t: Timing, now: Date): Date {
  const last = lastFireAt(t, now);
  const date = localDate(last);
  const hour = `${pad(t.hour)}:00`;
  if (t.cadence === 'weekly') return atLocal(addDays(date, 7), hour);
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  if (t.cadence === 'monthly') return atLocal(m === 12 ? `${y + 1}-01-${pad(t.day)}` : `${y}-${pad(m + 1)}-${pad(t.day)}`, hour);
  return atLocal(`${y + 1}-${pad(t.month ?? 1)}-${pad(t.day)}`, hour);
}
