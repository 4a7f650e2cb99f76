import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  buildCalendar,
  daysOfYear,
  fromChineseDays,
  isWorkingDay,
  parseCalendarRows,
  planYear,
  type ChineseDaysJson,
  type DayKind,
  type PlanException,
} from '../../src/domain/calendar/index.js';

const chineseDays = JSON.parse(
  readFileSync(new URL('../../node_modules/chinese-days/dist/chinese-days.json', import.meta.url), 'utf8'),
) as ChineseDaysJson;

describe('daysOfYear', () => {
  it.each([
    [2024, 366], // leap
    [2025, 365],
    [2026, 365],
    [2000, 366], // divisible by 400
    [2100, 365], // divisible by 100, not 400
  ])('%s has %s days, in order, from 01-01 to 12-31', (year, count) => {
    const days = daysOfYear(year);
    expect(days).toHaveLength(count);
    expect(days[0]).toBe(`${year}-01-01`);
    expect(days.at(-1)).toBe(`${year}-12-31`);
    expect([...days].sort()).toEqual(days);
    expect(new Set(days).size).toBe(count);
  });

  it('rejects a non-integer year', () => {
    expect(() => daysOfYear(2026.5)).toThrow(RangeError);
  });
});

describe('planYear', () => {
  it('without exceptions follows the weekday rule: 2026 has 261 Mon–Fri days', () => {
    const plan = planYear(2026, []);
    expect(plan).toHaveLength(365);
    expect(plan.filter((d) => d.isWorking)).toHaveLength(261); // 52 weeks + Thu 01-01
    expect(plan[0]).toEqual({ date: '2026-01-01', kind: 'workday', isWorking: true, name: null }); // Thu
    expect(plan[2]).toEqual({ date: '2026-01-03', kind: 'weekend', isWorking: false, name: null }); // Sat
  });

  it('applies exceptions', () => {
    const plan = planYear(2026, [
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' }, //  Thu
      { date: '2026-10-03', kind: 'holiday', name: '国庆节' }, //  Sat: still 'holiday', so the name shows
      { date: '2026-10-10', kind: 'makeup', name: '国庆节' }, //   Sat 调休
      { date: '2026-09-20', kind: 'workday' }, //                  Sun given as 'workday' → 'makeup'
      { date: '2026-03-02', kind: 'workday', name: null }, //      Mon, as the rule says anyway
    ]);
    const byDate = new Map(plan.map((d) => [d.date, d]));
    expect(byDate.get('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', isWorking: false, name: '国庆节' });
    expect(byDate.get('2026-10-03')).toEqual({ date: '2026-10-03', kind: 'holiday', isWorking: false, name: '国庆节' });
    expect(byDate.get('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'makeup', isWorking: true, name: '国庆节' });
    expect(byDate.get('2026-09-20')).toEqual({ date: '2026-09-20', kind: 'makeup', isWorking: true, name: null });
    expect(byDate.get('2026-10-11')).toEqual({ date: '2026-10-11', kind: 'weekend', isWorking: false, name: null }); // Sun
  });

  it.each<[string, PlanException[]]>([
    ['a date in another year', [{ date: '2025-12-31', kind: 'holiday' }]],
    ['an invalid date', [{ date: '2026-02-30', kind: 'holiday' }]],
    ['a malformed date', [{ date: '2026-2-3', kind: 'holiday' }]],
    ['a repeated date', [{ date: '2026-10-01', kind: 'holiday' }, { date: '2026-10-01', kind: 'holiday' }]],
    ['a makeup on a weekday', [{ date: '2026-10-09', kind: 'makeup' }]], // Fri
    ['a weekend on a weekday', [{ date: '2026-10-09', kind: 'weekend' }]], // Fri
  ])('throws RangeError for %s', (_why, exceptions) => {
    expect(() => planYear(2026, exceptions)).toThrow(RangeError);
  });
});

describe('fromChineseDays (node_modules/chinese-days/dist/chinese-days.json)', () => {
  const plan = fromChineseDays(chineseDays, [2024, 2025, 2026]);
  const byDate = new Map(plan.map((d) => [d.date, d]));

  it('plans every day of every year, once, in order', () => {
    expect(plan).toHaveLength(366 + 365 + 365);
    expect(new Set(plan.map((d) => d.date)).size).toBe(plan.length);
    expect(plan.map((d) => d.date)).toEqual([...daysOfYear(2024), ...daysOfYear(2025), ...daysOfYear(2026)]);
  });

  it.each<[string, DayKind, boolean, string | null]>([
    // date          kind        working  name
    ['2026-01-01', 'holiday', false, '元旦'], //  Thu
    ['2026-01-03', 'holiday', false, '元旦'], //  Sat, a holiday on a weekend
    ['2026-01-04', 'makeup', true, '元旦'], //    Sun 调休
    ['2026-02-14', 'makeup', true, '春节'], //    Sat 调休
    ['2026-02-15', 'holiday', false, '春节'], //  Sun
    ['2026-02-23', 'holiday', false, '春节'], //  Mon
    ['2026-02-24', 'workday', true, null], //     Tue
    ['2026-02-28', 'makeup', true, '春节'], //    Sat 调休
    ['2026-03-07', 'weekend', false, null], //    Sat
    ['2026-10-01', 'holiday', false, '国庆节'], // Thu
    ['2026-10-10', 'makeup', true, '国庆节'], //  Sat 调休
    ['2025-10-06', 'holiday', false, '中秋'], //  Mon
    ['2024-02-04', 'makeup', true, '春节'], //    Sun 调休
  ])('%s is %s (working: %s, name: %s)', (date, kind, isWorking, name) => {
    expect(byDate.get(date)).toEqual({ date, kind, isWorking, name });
  });

  it.each([
    // year  working days  (Mon–Fri, minus weekday holidays, plus 调休 days)
    [2024, 251], // 262 − 19 + 8
    [2025, 248], // 261 − 18 + 5
    [2026, 248], // 261 − 19 + 6
  ])('%s has %s working days', (year, count) => {
    expect(plan.filter((d) => d.date.startsWith(`${year}-`) && d.isWorking)).toHaveLength(count);
  });

  it('feeds buildCalendar', () => {
    const cal = buildCalendar(plan);
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); //  Sat 调休
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false); // Thu 国庆节
  });

  it('throws for a year the data set does not cover, rather than plan it without holidays', () => {
    expect(() => fromChineseDays(chineseDays, [2099])).toThrow(RangeError);
  });

  it('takes the Chinese name from "English,中文,n", or a bare value whole', () => {
    const json = { holidays: { '2030-01-01': "New Year's Day,元旦,1", '2030-05-01': '劳动节' }, workdays: {} };
    const got = fromChineseDays(json, [2030]);
    expect(got.find((d) => d.date === '2030-01-01')?.name).toBe('元旦');
    expect(got.find((d) => d.date === '2030-05-01')?.name).toBe('劳动节');
  });
});

describe('parseCalendarRows (CSV header date,kind,name)', () => {
  it('keeps good rows, with codes or Chinese kinds, trimmed, empty name → null', () => {
    const { days, rejected } = parseCalendarRows([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' }, //     Thu
      { date: '2026-10-10', kind: '调休上班', name: '国庆节调休' }, // Sat
      { date: ' 2026-10-02 ', kind: ' 节假日 ', name: '  ' }, //      Fri, padded
      { date: '2026-10-12', kind: '工作日', name: '' }, //            Mon
      { date: '2026-10-11', kind: '休息日', name: '' }, //            Sun
      { date: '2026-10-03', kind: 'Holiday', name: '国庆节' }, //     Sat, code in another case
      { date: '2026-10-17', kind: 'workday' }, //                    Sat as 'workday' → 'makeup'; no name column
    ]);
    expect(rejected).toEqual([]);
    expect(days).toEqual([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-10', kind: 'makeup', name: '国庆节调休' },
      { date: '2026-10-02', kind: 'holiday', name: null },
      { date: '2026-10-12', kind: 'workday', name: null },
      { date: '2026-10-11', kind: 'weekend', name: null },
      { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-17', kind: 'makeup', name: null },
    ]);
  });

  it.each([
    // row (data)                                            field   message contains (zh / en)
    [{ date: '2026-02-30', kind: 'holiday', name: '' }, 'date', '2026-02-30', 'invalid date'], //    no Feb 30
    [{ date: '2026/10/01', kind: 'holiday', name: '' }, 'date', '2026/10/01', 'invalid date'], //    wrong format
    [{ date: '', kind: 'holiday', name: '' }, 'date', '日期', 'invalid date'], //                     empty
    [{ date: '2026-10-01', kind: '假期', name: '' }, 'kind', '假期', 'unknown kind'], //             Thu, unknown kind
    [{ date: '2026-10-01', kind: '', name: '' }, 'kind', '类型', 'unknown kind'], //                 Thu, empty kind
    [{ date: '2026-10-09', kind: 'makeup', name: '' }, 'kind', '调休上班', 'make-up'], //            Fri
    [{ date: '2026-10-09', kind: '调休上班', name: '' }, 'kind', '调休上班', 'make-up'], //          Fri
    [{ date: '2026-10-09', kind: 'weekend', name: '' }, 'kind', '休息日', 'weekend'], //             Fri
    [{ date: '2026-10-09', kind: '休息日', name: '' }, 'kind', '休息日', 'weekend'], //              Fri
  ])('rejects %j on line 3 (%s)', (bad, field, zh, en) => {
    const { days, rejected } = parseCalendarRows([{ date: '2026-10-08', kind: 'workday', name: '' }, bad]); // Thu first
    expect(days).toEqual([{ date: '2026-10-08', kind: 'workday', name: null }]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ row: 3, field });
    expect(rejected[0]!.message).toContain(zh);
    expect(rejected[0]!.message_en).toContain(en);
  });

  it('rejects a repeated date, naming the line that was kept', () => {
    const { days, rejected } = parseCalendarRows([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' }, //  line 2, kept
      { date: '2026-10-02', kind: 'holiday', name: '国庆节' }, //  line 3, kept
      { date: '2026-10-01', kind: 'workday', name: '' }, //        line 4, duplicate of line 2
    ]);
    expect(days.map((d) => d.date)).toEqual(['2026-10-01', '2026-10-02']);
    expect(rejected).toEqual([
      { row: 4, field: 'date', message: '日期 2026-10-01 重复（已见于第 2 行）', message_en: 'duplicate date 2026-10-01 (already on line 2)' },
    ]);
  });

  it('a rejected row does not block a later row with the same date', () => {
    const { days, rejected } = parseCalendarRows([
      { date: '2026-10-01', kind: '放假', name: '' }, //   line 2, unknown kind
      { date: '2026-10-01', kind: '节假日', name: '' }, // line 3, the fix
    ]);
    expect(days).toEqual([{ date: '2026-10-01', kind: 'holiday', name: null }]);
    expect(rejected.map((e) => [e.row, e.field])).toEqual([[2, 'kind']]);
  });

  it('reports every bad field of a row and every bad row, keeping the good ones', () => {
    const { days, rejected } = parseCalendarRows([
      { date: '2026-13-01', kind: 'vacation', name: '' }, //  line 2: both fields
      { date: '2026-05-09', kind: 'makeup', name: '劳动节' }, // line 3: Sat 调休, good
      { date: '2026-05-08', kind: 'makeup', name: '' }, //    line 4: Fri
    ]);
    expect(days).toEqual([{ date: '2026-05-09', kind: 'makeup', name: '劳动节' }]);
    expect(rejected.map((e) => [e.row, e.field])).toEqual([[2, 'date'], [2, 'kind'], [4, 'kind']]);
    for (const e of rejected) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/); // Chinese
      expect(e.message_en).toMatch(/^(invalid|unknown|duplicate|20\d\d-\d\d-\d\d is) /); // English
    }
  });

  it('an empty file is empty, not an error', () => {
    expect(parseCalendarRows([])).toEqual({ days: [], rejected: [] });
  });
});
