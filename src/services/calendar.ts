// The working calendar: every day of each year stored (seeded from `chinese-days`), edited day by
// day or imported a year at a time. Each change bumps the platform's calendar version, which the
// deadline job uses to know which open deadlines to recompute.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Actor } from '../domain/actor.js';
import {
  buildCalendar, DEFAULT_WORK_HOURS, fromChineseDays, kindConflict, normalizeKind, parseCalendarRows, planYear,
  type CalendarRowError, type DayKind, type PlannedDay, type WorkCalendar, type WorkPeriod,
} from '../domain/calendar/index.js';
import { fieldError, forbidden } from '../domain/errors.js';
import { canEditCalendar } from '../domain/policies/admin.js';
import type { Db } from '../db/connection.js';
import { audit } from './audit.js';
import { readCsv } from './csv-import.js';
import { getSetting } from './settings.js';

export const SEED_YEARS = [2024, 2025, 2026];

export interface CalendarDayView {
  date: string;
  kind: DayKind;
  isWorking: boolean;
  name: string | null;
}

function chineseDaysData(): { holidays: Record<string, string>; workdays: Record<string, string> } {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'));
}

async function writeDays(db: Db, platformId: number, days: readonly { date: string; kind: DayKind; name: string | null }[], source: string, now: Date): Promise<void> {
  for (let i = 0; i < days.length; i += 1000) {
    await db.insertInto('calendar_days')
      .values(days.slice(i, i + 1000).map((d) => ({ platform_id: platformId, day: d.date, kind: d.kind, name: d.name, source, updated_at: now })))
      .onConflict((oc) => oc.columns(['platform_id', 'day']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at'),
      })))
      .execute();
  }
  await db.updateTable('platforms').set({ calendar_version: sql`calendar_version + 1` }).where('id', '=', platformId).execute();
}

/**
 * Seeds, from the State Council schedule packaged in chinese-days, every year from 2024 on that the
 * package covers and the platform does not hold yet. Years already present are never overwritten:
 * an administrator's edits win. A package update thus brings next year's holidays on the next start.
 */
export async function seedCalendar(db: Db, platformId: number, now: Date, fromYear = SEED_YEARS[0]!): Promise<number> {
  const data = chineseDaysData();
  const covered = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].filter((y) => y >= fromYear);
  const present = await db.selectFrom('calendar_days').select(sql<number>`distinct extract(year from day)::int`.as('year'))
    .where('platform_id', '=', platformId).execute();
  const have = new Set(present.map((r) => Number(r.year)));
  const years = covered.filter((y) => !have.has(y)).sort();
  if (years.length === 0) return 0;
  const days: PlannedDay[] = fromChineseDays(data, years);
  await writeDays(db, platformId, days, 'chinese-days', now);
  return days.length;
}

export async function calendarYear(db: Db, platformId: number, year: number): Promise<{ year: number; days: CalendarDayView[]; workHours: WorkPeriod[] }> {
  const rows = await db.selectFrom('calendar_days').select(['day', 'kind', 'is_working', 'name'])
    .where('platform_id', '=', platformId).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute();
  const stored = new Map(rows.map((r) => [r.day, r]));
  // A year nobody has loaded yet still shows its plain weekday rule, marked by name = null.
  const days = planYear(year, []).map((d): CalendarDayView => {
    const r = stored.get(d.date);
    return r ? { date: r.day, kind: r.kind as DayKind, isWorking: r.is_working, name: r.name } : { date: d.date, kind: d.kind, isWorking: d.isWorking, name: null };
  });
  return { year, days, workHours: await getSetting(db, platformId, 'calendar.workHours', DEFAULT_WORK_HOURS) };
}

/** A year as the import format (`date,kind,name`, every day), so an export imports back unchanged. */
export async function calendarCsvRows(db: Db, platformId: number, year: number): Promise<string[][]> {
  const { days } = await calendarYear(db, platformId, year);
  return days.map((d) => [d.date, d.kind, d.name ?? '']);
}

export async function setDay(db: Db, actor: Actor, date: string, requested: DayKind, name: string | null, now: Date): Promise<CalendarDayView> {
  if (!canEditCalendar(actor)) throw forbidden('编辑工作日历');
  const clash = kindConflict(date, requested);
  if (clash) throw fieldError('kind', clash.zh, clash.en);
  // A worked Saturday or Sunday is a make-up day, whichever way the administrator put it.
  const kind = normalizeKind(date, requested);
  return db.transaction().execute(async (tx) => {
    await writeDays(tx, actor.platformId, [{ date, kind, name }], 'admin', now);
    await audit(tx, { platformId: actor.platformId, actor, action: 'calendar.set_day', targetType: 'calendar_day', targetId: date, details: { kind, name }, at: now });
    return { date, kind, isWorking: kind === 'workday' || kind === 'makeup', name };
  });
}

export interface CalendarImportResult {
  years: number[];
  imported: number;
  rejected: CalendarRowError[];
}

/**
 * Imports a year (or several): a CSV `date,kind,name` listing holidays and make-up days (other
 * days follow the weekday rule), or the chinese-days JSON. Bad rows are reported, good ones kept.
 */
export async function importCalendar(db: Db, actor: Actor | null, platformId: number, text: string, now: Date): Promise<CalendarImportResult> {
  if (actor && !canEditCalendar(actor)) throw forbidden('编辑工作日历');
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let days: { date: string; kind: DayKind; name: string | null }[];
  let rejected: CalendarRowError[] = [];
  if (trimmed.startsWith('{')) {
    let json: { holidays?: Record<string, string>; workdays?: Record<string, string> };
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw fieldError('file', 'JSON 格式错误', 'malformed JSON');
    }
    if (!json.holidays || !json.workdays) throw fieldError('file', 'JSON 须包含 holidays 和 workdays', 'the JSON needs holidays and workdays');
    const years = [...new Set(Object.keys({ ...json.holidays, ...json.workdays }).map((d) => Number(d.slice(0, 4))))].filter(Number.isInteger);
    days = fromChineseDays({ holidays: json.holidays, workdays: json.workdays }, years);
  } else {
    const { header, records: rows, lines } = readCsv(trimmed, { lowerCase: true });
    if (rows.length > 0 && !header.includes('date')) throw fieldError('file', 'CSV 须有表头 date,kind,name', 'the CSV needs the header date,kind,name');
    const parsed = parseCalendarRows(rows);
    // parseCalendarRows numbers rows as if each took one line; report the file's real lines.
    rejected = parsed.rejected.map((r) => ({ ...r, row: lines[r.row - 2] ?? r.row }));
    const years = [...new Set(parsed.days.map((d) => Number(d.date.slice(0, 4))))];
    days = years.flatMap((y) => planYear(y, parsed.days.filter((d) => d.date.startsWith(`${y}-`))));
  }
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort();
  if (days.length > 0) {
    await db.transaction().execute(async (tx) => {
      await writeDays(tx, platformId, days, actor ? 'import' : 'cli-import', now);
      await audit(tx, { platformId, actor, action: 'calendar.import', details: { years, days: days.length, rejected: rejected.length }, at: now });
    });
  }
  return { years, imported: days.length, rejected };
}

/** The calendar value the pure deadline functions need. */
export async function loadWorkCalendar(db: Db, platformId: number): Promise<WorkCalendar> {
  const rows = await db.selectFrom('calendar_days').select(['day', 'is_working']).where('platform_id', '=', platformId).execute();
  const hours = await getSetting(db, platformId, 'calendar.workHours', DEFAULT_WORK_HOURS);
  return buildCalendar(rows.map((r) => ({ date: r.day, isWorking: r.is_working })), hours);
}
