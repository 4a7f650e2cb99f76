// The period each kind of report covers, and how the report names it and its comparison.
// Weeks are ISO weeks: Monday to Sunday, numbered by ISO 8601 (week 1 holds the year's first
// Thursday), so "2026年第47周" is the same seven days in every report, CLI call and schedule.
import { addDays, isValidDate, localDate, weekdayOf } from '../../domain/calendar/index.js';
import { monthPeriod, weekPeriod, yearPeriod } from '../../domain/figures/index.js';

export const REPORT_KINDS = ['annual', 'monthly', 'weekly', 'units'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  annual: '年度报告', monthly: '月度报告', weekly: '周报', units: '承办单位办件情况表',
};

export interface ReportPeriod {
  from: string;
  to: string;
  /** 2017年 | 2017年12月 | 2026年第47周（11月16日—11月22日） */
  label: string;
  /** What the previous period is called in prose (较去年, 较上月, 较上周): 去年 | 上月 | 上周 | 上期. */
  against: string;
  /** A stable key for one period of one kind: 2017 | 2017-12 | 2026-W47 | 2017-10-27_2017-12-31 */
  key: string;
}

const YEAR = /^\d{4}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function yearRange(year: number): ReportPeriod {
  return { ...yearPeriod(year), label: `${year}年`, against: '去年', key: String(year) };
}

export function monthRange(month: string): ReportPeriod {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return { ...monthPeriod(month), label: `${Number(m[1])}年${Number(m[2])}月`, against: '上月', key: month };
}

/** ISO week-numbering year and week of a date. */
export function isoWeek(date: string): { year: number; week: number } {
  // The Thursday of the date's week decides the year; its day of year decides the week.
  const monday = addDays(date, -((weekdayOf(date) + 6) % 7));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The Monday-to-Sunday week holding `date`. */
export function weekRange(date: string): ReportPeriod {
  if (!isValidDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const { from, to } = weekPeriod(date);
  const { year, week } = isoWeek(from);
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return {
    from, to, label: `${year}年第${week}周（${md(from)}—${md(to)}）`, against: '上周',
    key: `${year}-W${String(week).padStart(2, '0')}`,
  };
}

export function dayRange(from: string, to: string): ReportPeriod {
  return { from, to, label: `${from}至${to}`, against: '上期', key: `${from}_${to}` };
}

export const isYear = (s: string): boolean => YEAR.test(s) && Number(s) >= 2000 && Number(s) <= 2100;
export const isMonth = (s: string): boolean => MONTH.test(s);

/**
 * The last whole period of a cadence before the local date `date` (Asia/Shanghai): what a schedule
 * firing that day reports on. Fired on a Monday (or any day), a weekly schedule reports the week
 * before this one; a monthly one the month before; an annual one the year before.
 */
export function lastWholePeriod(cadence: 'annual' | 'monthly' | 'weekly', date: string): ReportPeriod {
  if (cadence === 'annual') return yearRange(Number(date.slice(0, 4)) - 1);
  if (cadence === 'monthly') {
    const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
    return monthRange(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
  }
  return weekRange(addDays(date, -7));
}

/** Today in Asia/Shanghai. */
export const today = (now: Date): string => localDate(now);
