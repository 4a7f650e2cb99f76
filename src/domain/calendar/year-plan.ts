/**
 * Pure helpers to seed and import a calendar year: expand a year from its exceptions, read the
 * chinese-days data set (the caller loads the JSON; this layer does no I/O), and validate rows of an
 * uploaded CSV (`date,kind,name`).
 *
 * Kinds: 'workday' (Mon–Fri worked), 'weekend' (Sat/Sun off), 'holiday' (off, any weekday; a holiday
 * on a weekend is still 'holiday', so the name shows), 'makeup' (调休上班, a Saturday/Sunday that is
 * worked). A 'workday' given for a Saturday or Sunday is recorded as 'makeup', since that is what a
 * worked weekend day is; a 'makeup' or 'weekend' on a Monday–Friday is an error.
 */

import type { DayKind } from './work-calendar.js';
import { addDays, defaultDayKind, isValidDate } from './work-calendar.js';

export interface PlannedDay {
  date: string;
  kind: DayKind;
  isWorking: boolean;
  name: string | null;
}

export interface PlanException {
  date: string;
  kind: DayKind;
  name?: string | null;
}

const WORKING_KINDS: ReadonlySet<DayKind> = new Set<DayKind>(['workday', 'makeup']);

/** Whether a day of this kind is worked. */
export function isWorkingKind(kind: DayKind): boolean {
  return WORKING_KINDS.has(kind);
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid year ${year}`);
}

/** Every date of the year, in order. */
export function daysOfYear(year: number): string[] {
  assertYear(year);
  const out: string[] = [];
  const next = `${year + 1}-01-01`;
  for (let d = `${year}-01-01`; d !== next; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Why a kind does not fit a date, or null. Shared by planYear (throws) and parseCalendarRows
 * (rejects the row), so an import and a seed agree.
 */
export function kindConflict(date: string, kind: DayKind): { zh: string; en: string } | null {
  if (defaultDayKind(date) === 'weekend') return null; // any kind fits a Sat/Sun ('workday' becomes 'makeup')
  if (kind === 'makeup') {
    return { zh: `${date} 是周一至周五，不能是调休上班`, en: `${date} is a Monday–Friday, so it cannot be a make-up working day` };
  }
  if (kind === 'weekend') {
    return { zh: `${date} 是周一至周五，不能是休息日（放假请用节假日）`, en: `${date} is a Monday–Friday, so it cannot be a weekend day (use holiday for a day off)` };
  }
  return null;
}

/** 'workday' on a Saturday/Sunday means a worked weekend day, i.e. 'makeup'. */
export function normalizeKind(date: string, kind: DayKind): DayKind {
  return kind === 'workday' && defaultDayKind(date) === 'weekend' ? 'makeup' : kind;
}

/**
 * Every day of `year`: listed exceptions as given, the others by the weekday rule (name null).
 * RangeError for an exception outside the year, an invalid or repeated date, or a kind that does
 * not fit the weekday.
 */
export function planYear(year: number, exceptions: readonly PlanException[]): PlannedDay[] {
  assertYear(year);
  const byDate = new Map<string, PlanException>();
  for (const ex of exceptions) {
    if (!isValidDate(ex.date)) throw new RangeError(`invalid date "${ex.date}"`);
    if (!ex.date.startsWith(`${year}-`)) throw new RangeError(`${ex.date} is outside ${year}`);
    if (byDate.has(ex.date)) throw new RangeError(`${ex.date} is listed twice`);
    const conflict = kindConflict(ex.date, ex.kind);
    if (conflict) throw new RangeError(conflict.en);
    byDate.set(ex.date, ex);
  }
  return daysOfYear(year).map((date) => {
    const ex = byDate.get(date);
    const kind = ex ? normalizeKind(date, ex.kind) : defaultDayKind(date);
    return { date, kind, isWorking: isWorkingKind(kind), name: ex?.name ?? null };
  });
}

/** The shape of node_modules/chinese-days/dist/chinese-days.json (the parts we read). */
export interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** "National Day,国庆节,3" → '国庆节'; a value without commas is taken whole. */
function chineseName(value: string): string | null {
  const parts = value.split(',');
  const name = (parts.length >= 2 ? parts[1] : parts[0])?.trim();
  return name ? name : null;
}

/**
 * Planned days for each year from the chinese-days data: its holidays are 'holiday' (weekends
 * included), its workdays 'makeup'. RangeError for a year the data set does not cover, since a plain
 * weekday plan would silently miss the holidays.
 */
export function fromChineseDays(json: ChineseDaysJson, years: number[]): PlannedDay[] {
  return years.flatMap((year) => {
    const inYear = (date: string): boolean => date.startsWith(`${year}-`);
    const holidays = Object.entries(json.holidays).filter(([d]) => inYear(d));
    const workdays = Object.entries(json.workdays).filter(([d]) => inYear(d));
    if (holidays.length === 0) throw new RangeError(`the chinese-days data has no holidays for ${year}`);
    return planYear(year, [
      ...holidays.map(([date, v]) => ({ date, kind: 'holiday' as const, name: chineseName(v) })),
      ...workdays.map(([date, v]) => ({ date, kind: 'makeup' as const, name: chineseName(v) })),
    ]);
  });
}

// ---------------------------------------------------------------------------------------------
// CSV import

export interface CalendarRowError {
  row: number;
  field: string;
  message: string;
  message_en: string;
}

/** Kinds accepted in the `kind` column: the codes, and the Chinese labels. */
const KIND_ALIASES: ReadonlyMap<string, DayKind> = new Map<string, DayKind>([
  ['workday', 'workday'],
  ['weekend', 'weekend'],
  ['holiday', 'holiday'],
  ['makeup', 'makeup'],
  ['工作日', 'workday'],
  ['休息日', 'weekend'],
  ['节假日', 'holiday'],
  ['调休上班', 'makeup'],
]);

/** Spreadsheet line of a data row: 1-based, plus the header line. */
function lineOf(index: number): number {
  return index + 2;
}

/**
 * Validates CSV rows (already split into objects keyed by the header `date,kind,name`). Good rows are
 * kept, bad ones reported with their spreadsheet line and a bilingual message, all errors of a row at
 * once. A later row repeating an accepted date is rejected (the first wins).
 */
export function parseCalendarRows(rows: readonly Record<string, string>[]): {
  days: { date: string; kind: DayKind; name: string | null }[];
  rejected: CalendarRowError[];
} {
  const days: { date: string; kind: DayKind; name: string | null }[] = [];
  const rejected: CalendarRowError[] = [];
  const acceptedAt = new Map<string, number>(); // date → line it was accepted on

  rows.forEach((raw, index) => {
    const row = lineOf(index);
    const errors: CalendarRowError[] = [];
    const date = (raw.date ?? '').trim();
    const kindText = (raw.kind ?? '').trim();
    const name = (raw.name ?? '').trim() || null;

    const dateOk = isValidDate(date);
    if (!dateOk) {
      errors.push({ row, field: 'date', message: `日期“${date}”无效，应为 YYYY-MM-DD 格式的真实日期`, message_en: `invalid date "${date}", expected a real date as YYYY-MM-DD` });
    }
    const kind = KIND_ALIASES.get(kindText.toLowerCase());
    if (!kind) {
      errors.push({
        row,
        field: 'kind',
        message: `类型“${kindText}”无效，应为 工作日/休息日/节假日/调休上班 或 workday/weekend/holiday/makeup`,
        message_en: `unknown kind "${kindText}", expected workday/weekend/holiday/makeup or 工作日/休息日/节假日/调休上班`,
      });
    }
    if (dateOk && kind) {
      const conflict = kindConflict(date, kind);
      if (conflict) errors.push({ row, field: 'kind', message: conflict.zh, message_en: conflict.en });
      const first = acceptedAt.get(date);
      if (first !== undefined) {
        errors.push({ row, field: 'date', message: `日期 ${date} 重复（已见于第 ${first} 行）`, message_en: `duplicate date ${date} (already on line ${first})` });
      }
    }

    if (errors.length > 0 || !kind) {
      rejected.push(...errors);
      return;
    }
    acceptedAt.set(date, row);
    days.push({ date, kind: normalizeKind(date, kind), name });
  });
  return { days, rejected };
}
