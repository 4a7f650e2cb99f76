// Periods are ranges of whole days (YYYY-MM-DD, first and last inclusive) in Asia/Shanghai. The
// previous period of a whole month, quarter or year is the previous month, quarter or year; any
// other range compares with the same number of days just before it. The same period last year is
// the same days a year earlier (29 February maps to 28 February).

export interface Period { from: string; to: string }

const DAY_MS = 86_400_000;
const toUtc = (d: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const shiftDays = (d: string, n: number): string => fromUtc(toUtc(d) + n * DAY_MS);
export const daysIn = (p: Period): number => Math.round((toUtc(p.to) - toUtc(p.from)) / DAY_MS) + 1;
export const isValidDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && fromUtc(toUtc(d)) === d;

const lastDayOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export const yearPeriod = (year: number): Period => ({ from: ymd(year, 1, 1), to: ymd(year, 12, 31) });

export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: ymd(y, mo, 1), to: ymd(y, mo, lastDayOfMonth(y, mo)) };
}

/** The week (Monday to Sunday) holding `day`. */
export function weekPeriod(day: string): Period {
  const dow = (new Date(toUtc(day)).getUTCDay() + 6) % 7;
  const from = shiftDays(day, -dow);
  return { from, to: shiftDays(from, 6) };
}

/** Whole months: from the 1st of a month to the last day of a month. */
function monthsSpanned(p: Period): number | null {
  const [fy, fm, fd] = p.from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = p.to.split('-').map(Number) as [number, number, number];
  if (fd !== 1 || td !== lastDayOfMonth(ty, tm)) return null;
  const n = (ty - fy) * 12 + (tm - fm) + 1;
  return n > 0 ? n : null;
}

function addMonths(d: string, n: number): string {
  const [y, m] = d.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return ymd(Math.floor(idx / 12), (idx % 12) + 1, 1);
}

export function previousPeriod(p: Period): Period {
  const months = monthsSpanned(p);
  if (months !== null) {
    const from = addMonths(p.from, -months);
    const lastMonthStart = addMonths(p.from, -1);
    const [y, m] = lastMonthStart.split('-').map(Number) as [number, number];
    return { from, to: ymd(y, m, lastDayOfMonth(y, m)) };
  }
  const n = daysIn(p);
  return { from: shiftDays(p.from, -n), to: shiftDays(p.from, -1) };
}

function yearEarlier(d: string): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return ymd(y - 1, m, Math.min(day, lastDayOfMonth(y - 1, m)));
}

export const lastYearPeriod = (p: Period): Period => ({ from: yearEarlier(p.from), to: yearEarlier(p.to) });
