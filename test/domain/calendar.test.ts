import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  addClockMinutes,
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  atLocal,
  buildCalendar,
  DEFAULT_WORK_HOURS,
  defaultDayKind,
  elapsedShare,
  fromChineseDays,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  workingMinutesBetween,
  type ChineseDaysJson,
  type Interval,
  type WorkCalendar,
  type WorkPeriod,
} from '../../src/domain/calendar/index.js';

// The real 2024–2026 State Council calendar, as shipped by the chinese-days package.
const chineseDays = JSON.parse(
  readFileSync(new URL('../../node_modules/chinese-days/dist/chinese-days.json', import.meta.url), 'utf8'),
) as ChineseDaysJson;
const cal: WorkCalendar = buildCalendar(fromChineseDays(chineseDays, [2024, 2025, 2026]));

/** 'YYYY-MM-DD HH:MM[:SS]' in Shanghai time → instant. Explicit offset: the suite runs with TZ=UTC. */
function t(local: string): Date {
  const [date, time] = local.split(' ');
  const hms = time!.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${hms}+08:00`);
}

/** Instant → 'YYYY-MM-DD HH:MM' in Shanghai time (':SS' appended when not on the minute). */
function show(d: Date): string {
  const iso = new Date(d.getTime() + 8 * 3600_000).toISOString();
  const base = iso.slice(0, 16).replace('T', ' ');
  return iso.slice(17, 23) === '00.000' ? base : `${base}:${iso.slice(17, 19)}`;
}

function pause(from: string, to: string): Interval {
  return { from: t(from), to: t(to) };
}

describe('local time (Asia/Shanghai, fixed +08:00)', () => {
  it.each([
    // instant (UTC)                  local date
    ['2026-01-01T15:59:59.999Z', '2026-01-01'], // Thu 23:59:59.999 local
    ['2026-01-01T16:00:00.000Z', '2026-01-02'], // Fri 00:00 local, still Thursday in UTC
    ['2025-12-31T16:00:00.000Z', '2026-01-01'], // New Year starts 8 h before UTC's
    ['2024-02-28T16:00:00.000Z', '2024-02-29'], // leap day
  ])('localDate(%s) = %s', (iso, date) => {
    expect(localDate(new Date(iso))).toBe(date);
  });

  it.each([
    ['2026-09-30', '17:00', '2026-09-30T09:00:00.000Z'], // Wed
    ['2026-01-01', '00:00', '2025-12-31T16:00:00.000Z'], // Thu midnight is the previous UTC day
    ['2026-01-01', '24:00', '2026-01-01T16:00:00.000Z'], // end of day = next midnight
  ])('atLocal(%s, %s) = %s', (date, hhmm, iso) => {
    expect(atLocal(date, hhmm).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-30', '08:30'],
    ['2026-13-01', '08:30'],
    ['2026-1-1', '08:30'],
    ['2026-01-01', '8:30'],
    ['2026-01-01', '24:30'],
    ['2026-01-01', '12:60'],
  ])('atLocal(%s, %s) throws RangeError', (date, hhmm) => {
    expect(() => atLocal(date, hhmm)).toThrow(RangeError);
  });

  it('localDate rejects an invalid Date', () => {
    expect(() => localDate(new Date('nope'))).toThrow(RangeError);
  });

  it.each([
    ['2026-03-02', 'workday'], // Mon
    ['2026-03-06', 'workday'], // Fri
    ['2026-03-07', 'weekend'], // Sat
    ['2026-03-08', 'weekend'], // Sun
    ['2026-10-01', 'workday'], // Thu: National Day, but the weekday rule knows no holidays
    ['2026-02-14', 'weekend'], // Sat: a 调休 working day, but the weekday rule knows no make-up days
  ] as const)('defaultDayKind(%s) = %s', (date, kind) => {
    expect(defaultDayKind(date)).toBe(kind);
  });
});

describe('working days on the 2024–2026 calendar', () => {
  it.each([
    // date         working  why
    ['2026-01-01', false], // Thu 元旦
    ['2026-01-02', false], // Fri 元旦
    ['2026-01-04', true], //  Sun 调休上班
    ['2026-02-13', true], //  Fri
    ['2026-02-14', true], //  Sat 调休上班 before the Spring Festival
    ['2026-02-15', false], // Sun 春节
    ['2026-02-16', false], // Mon 春节
    ['2026-02-20', false], // Fri 春节
    ['2026-02-23', false], // Mon 春节, last day of the break
    ['2026-02-24', true], //  Tue back to work
    ['2026-02-28', true], //  Sat 调休上班 after the Spring Festival
    ['2026-03-07', false], // Sat, ordinary weekend
    ['2026-05-09', true], //  Sat 调休上班
    ['2026-09-20', true], //  Sun 调休上班
    ['2026-09-25', false], // Fri 中秋
    ['2026-10-01', false], // Thu 国庆节
    ['2026-10-07', false], // Wed 国庆节
    ['2026-10-08', true], //  Thu
    ['2026-10-10', true], //  Sat 调休上班 after National Day
    ['2026-10-11', false], // Sun
    ['2025-10-06', false], // Mon 中秋 inside the 2025 National Day break
    ['2025-10-11', true], //  Sat 调休上班
    ['2024-02-04', true], //  Sun 调休上班
    ['2024-06-10', false], // Mon 端午
    // outside the loaded years: the weekday rule
    ['2027-03-01', true], //  Mon
    ['2027-03-06', false], // Sat
    ['2023-01-02', true], //  Mon (a real 2023 holiday, but 2023 is not loaded)
    ['2027-10-01', true], //  Fri (likewise: 2027 holidays are not loaded)
  ])('isWorkingDay(%s) = %s', (date, working) => {
    expect(isWorkingDay(cal, date)).toBe(working);
  });

  it('an empty calendar is the plain Mon–Fri rule', () => {
    const plain = buildCalendar([]);
    expect(isWorkingDay(plain, '2026-10-01')).toBe(true); //  Thu
    expect(isWorkingDay(plain, '2026-02-14')).toBe(false); // Sat
  });

  it.each([
    // date         next working day
    ['2026-09-30', '2026-10-08'], // Wed → Thu after National Day
    ['2026-10-08', '2026-10-09'], // Thu → Fri
    ['2026-10-09', '2026-10-10'], // Fri → Sat 调休
    ['2026-10-10', '2026-10-12'], // Sat 调休 → Mon
    ['2026-02-13', '2026-02-14'], // Fri → Sat 调休
    ['2026-02-14', '2026-02-24'], // Sat 调休 → Tue after the Spring Festival
    ['2026-02-16', '2026-02-24'], // Mon (holiday) → Tue
    ['2026-02-27', '2026-02-28'], // Fri → Sat 调休
    ['2026-03-06', '2026-03-09'], // Fri → Mon
    ['2025-12-31', '2026-01-04'], // Wed → Sun 调休 (01-01..01-03 off)
    ['2026-12-31', '2027-01-01'], // Thu → Fri: 2027 is not loaded, weekday rule
  ])('nextWorkingDay(%s) = %s', (date, next) => {
    expect(nextWorkingDay(cal, date)).toBe(next);
  });
});

describe('addWorkingDays / addWorkingMinutes (7.5 h days: 08:30–12:00, 13:30–17:30)', () => {
  it('3 working days after Wed 2026-09-30 17:00 is Sat 2026-10-10 17:00 (调休)', () => {
    // Checked against the data, not assumed: 30 min left on 09-30, 10-01..10-07 off,
    // 10-08 and 10-09 full days (900 min), and 10-10 is a worked Saturday.
    expect(isWorkingDay(cal, '2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(cal, `2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2026-10-08') && isWorkingDay(cal, '2026-10-09') && isWorkingDay(cal, '2026-10-10')).toBe(true);
    // 30 + 450 + 450 = 930; 1350 − 930 = 420 = 210 (morning) + 210 (13:30 → 17:00).
    expect(show(addWorkingDays(cal, t('2026-09-30 17:00'), 3))).toBe('2026-10-10 17:00');
  });

  it.each([
    // start (Shanghai)     days  deadline            notes
    ['2026-02-12 09:00', 1, '2026-02-13 09:00'], //  Thu → Fri
    ['2026-02-13 10:00', 1, '2026-02-14 10:00'], //  Fri → Sat 调休
    ['2026-02-13 10:00', 2, '2026-02-24 10:00'], //  Fri → Tue, over the whole Spring Festival
    ['2026-02-13 10:00', 6, '2026-02-28 10:00'], //  Fri → Sat 调休 after the break
    ['2026-02-13 10:00', 7, '2026-03-02 10:00'], //  Fri → Mon
    ['2026-02-12 09:00', 10, '2026-03-04 09:00'], // Thu, 投诉 10 working days → Wed
    ['2026-02-14 17:30', 1, '2026-02-24 17:30'], //  Sat 调休 at closing → counts from Tue's opening
    ['2026-02-15 10:00', 1, '2026-02-24 17:30'], //  Sun 春节 → counts from Tue's opening
    ['2026-02-15 10:00', 5, '2026-02-28 17:30'], //  Sun 春节 → 5th working day is Sat 调休
    ['2026-01-01 09:00', 1, '2026-01-04 17:30'], //  Thu 元旦 → Sun 调休 all day
    ['2025-12-31 12:00', 1, '2026-01-04 12:00'], //  Wed at the end of the morning → Sun 调休
    ['2026-03-02 08:30', 1, '2026-03-02 17:30'], //  Mon at opening → same day's closing
    ['2026-03-02 07:00', 1, '2026-03-02 17:30'], //  Mon before opening → same day
    ['2026-03-02 18:00', 1, '2026-03-03 17:30'], //  Mon after closing → Tue
    ['2026-03-02 12:30', 1, '2026-03-03 12:00'], //  Mon lunch break → Tue 12:00 (period end stays)
    ['2026-03-06 10:00', 1, '2026-03-09 10:00'], //  Fri → Mon
    ['2026-03-07 10:00', 1, '2026-03-09 17:30'], //  Sat → Mon's closing
    ['2026-03-02 10:00', 0.5, '2026-03-02 15:15'], // Mon, half a day = 225 min: 120 + 105
    ['2026-03-02 10:00', 0, '2026-03-02 10:00'], //  zero moves nothing
    ['2026-03-07 10:00', 0, '2026-03-07 10:00'], //  Sat, zero moves nothing even outside hours
  ])('%s + %s working days = %s', (start, days, deadline) => {
    expect(show(addWorkingDays(cal, t(start), days))).toBe(deadline);
  });

  it.each([
    // start (Shanghai)     minutes  result
    ['2026-03-02 08:30', 210, '2026-03-02 12:00'], // Mon: end of the morning stays at 12:00
    ['2026-03-02 08:30', 211, '2026-03-02 13:31'], // Mon: one more minute jumps the lunch break
    ['2026-03-02 12:30', 60, '2026-03-02 14:30'], //  Mon lunch break: counts from 13:30
    ['2026-03-02 12:30', 240, '2026-03-02 17:30'], // Mon lunch break: to closing, stays at 17:30
    ['2026-03-02 12:30', 241, '2026-03-03 08:31'], // Mon: one more minute → Tue morning
    ['2026-03-02 07:00', 60, '2026-03-02 09:30'], //  Mon before opening
    ['2026-03-02 18:00', 60, '2026-03-03 09:30'], //  Mon after closing → Tue
    ['2026-03-02 17:30', 1, '2026-03-03 08:31'], //   Mon exactly at closing → Tue
    ['2026-03-02 12:00', 1, '2026-03-02 13:31'], //   Mon exactly at noon → afternoon
    ['2026-03-08 23:59', 30, '2026-03-09 09:00'], //  Sun night → Mon
    ['2026-03-02 08:30', 0.5, '2026-03-02 08:30:30'], // fractional minutes are exact to the ms
    ['2026-09-30 17:00', 30, '2026-09-30 17:30'], //  Wed: stays at closing before the holiday
    ['2026-09-30 17:00', 31, '2026-10-08 08:31'], //  Wed → Thu after National Day
  ])('%s + %s working minutes = %s', (start, minutes, result) => {
    expect(show(addWorkingMinutes(cal, t(start), minutes))).toBe(result);
  });

  it.each([
    ['2026-03-02 16:30', 2, '2026-03-03 09:30'], //  Mon → Tue
    ['2026-03-02 10:00', 7.5, '2026-03-03 10:00'], // Mon: 7.5 h is one working day
    ['2026-09-30 16:30', 24, '2026-10-12 09:00'], // Wed, 1440 min: 60 + 10-08 + 10-09 + Sat 10-10 = 1410, Mon +30
  ])('%s + %s working hours = %s', (start, hours, result) => {
    expect(show(addWorkingHours(cal, t(start), hours))).toBe(result);
  });

  it('a working day is minutesPerDay working minutes', () => {
    expect(cal.minutesPerDay).toBe(450);
    for (const start of ['2026-02-13 10:00', '2026-03-07 10:00', '2026-09-30 17:00']) {
      expect(addWorkingDays(cal, t(start), 4)).toEqual(addWorkingMinutes(cal, t(start), 4 * 450));
    }
  });

  it('365 working days, checked against a day-by-day count', () => {
    // From an opening, n days end at closing on the n-th working day (the start day is the first).
    let date = '2024-01-02'; // Tue
    for (let n = 1; n < 365; n++) date = nextWorkingDay(cal, date);
    expect(show(addWorkingDays(cal, t('2024-01-02 08:30'), 365))).toBe(`${date} 17:30`);
    expect(workingMinutesBetween(cal, t('2024-01-02 08:30'), t(`${date} 17:30`))).toBe(365 * 450);
  });

  it('stays fast on long spans and long holes (day steps, not minute steps)', () => {
    // Ten years with no working day at all: the walk steps over ~3650 days, then finds Mon 2040-01-02.
    const holes: { date: string; isWorking: boolean }[] = [];
    for (let ms = Date.UTC(2030, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 86_400_000) {
      holes.push({ date: new Date(ms).toISOString().slice(0, 10), isWorking: false });
    }
    const holey = buildCalendar(holes);
    const began = performance.now();
    expect(show(addWorkingDays(holey, t('2029-12-31 17:30'), 1))).toBe('2040-01-02 17:30'); // Mon → Mon
    expect(nextWorkingDay(holey, '2029-12-31')).toBe('2040-01-02');
    for (let i = 0; i < 50; i++) addWorkingDays(cal, t('2024-01-02 08:30'), 365 + i);
    expect(performance.now() - began).toBeLessThan(2000); // generous: a per-minute loop takes far longer
  });

  it.each([
    ['minutes', (): Date => addWorkingMinutes(cal, t('2026-03-02 10:00'), -1)],
    ['hours', (): Date => addWorkingHours(cal, t('2026-03-02 10:00'), -0.5)],
    ['days', (): Date => addWorkingDays(cal, t('2026-03-02 10:00'), -1)],
    ['NaN', (): Date => addWorkingMinutes(cal, t('2026-03-02 10:00'), NaN)],
    ['Infinity', (): Date => addWorkingDays(cal, t('2026-03-02 10:00'), Infinity)],
    ['invalid start', (): Date => addWorkingMinutes(cal, new Date('nope'), 10)],
    ['clock minutes', (): Date => addClockMinutes(t('2026-03-02 10:00'), -1)],
  ])('negative or invalid %s throw RangeError', (_what, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('pauses (挂起)', () => {
  it.each([
    // start (Shanghai)     minutes  pauses                                          result
    ['2026-03-02 09:00', 60, [pause('2026-03-02 09:15', '2026-03-02 09:45')], '2026-03-02 10:30'], // Mon, 30 min pause
    ['2026-03-02 09:00', 60, [pause('2026-03-02 08:00', '2026-03-02 10:00')], '2026-03-02 11:00'], // Mon, pause covers the start
    ['2026-03-02 09:00', 60, [pause('2026-03-01 08:00', '2026-03-02 08:00')], '2026-03-02 10:00'], // Sun→Mon, before the start: no effect
    ['2026-03-02 09:00', 60, [pause('2026-03-02 12:00', '2026-03-02 13:30')], '2026-03-02 10:00'], // Mon, after the deadline: no effect
    ['2026-03-02 09:00', 60, [pause('2026-03-02 11:30', '2026-03-02 14:00')], '2026-03-02 10:00'], // Mon, lunch pause: no effect
    ['2026-03-02 09:00', 15, [pause('2026-03-02 09:15', '2026-03-02 10:00')], '2026-03-02 09:15'], // Mon, lands on the pause start: stays
    ['2026-03-02 09:00', 60, [pause('2026-03-02 09:15', '2026-03-02 09:45'), pause('2026-03-02 09:30', '2026-03-02 10:00')], '2026-03-02 10:45'], // overlapping pauses merge
    ['2026-03-02 09:00', 60, [pause('2026-03-02 09:30', '2026-03-02 10:00'), pause('2026-03-02 09:10', '2026-03-02 09:20')], '2026-03-02 10:40'], // unsorted pauses
    ['2026-03-02 09:00', 60, [pause('2026-03-02 09:30', '2026-03-02 09:30')], '2026-03-02 10:00'], // empty pause
    ['2026-03-02 11:00', 120, [pause('2026-03-02 11:30', '2026-03-03 09:00')], '2026-03-03 10:30'], // Mon → Tue over night
  ])('%s + %s min with pauses %j = %s', (start, minutes, pauses, result) => {
    expect(show(addWorkingMinutes(cal, t(start), minutes, pauses))).toBe(result);
  });

  it('a pause across National Day only removes the working time inside it', () => {
    const start = t('2026-09-30 09:00'); // Wed
    expect(show(addWorkingDays(cal, start, 3))).toBe('2026-10-10 09:00'); // Sat 调休, no pause
    // Paused Wed 15:00 → Thu 10-08 10:00: 150 min on 09-30 and 90 min on 10-08 are lost;
    // the holiday in between was not working time anyway. 09:00 + 240 working min → 14:30.
    const p = [pause('2026-09-30 15:00', '2026-10-08 10:00')];
    expect(show(addWorkingDays(cal, start, 3, p))).toBe('2026-10-10 14:30');
    // A pause wholly inside the holiday changes nothing.
    expect(show(addWorkingDays(cal, start, 3, [pause('2026-10-02 09:00', '2026-10-06 17:00')]))).toBe('2026-10-10 09:00');
  });

  it('a pause across the Spring Festival 2026', () => {
    const start = t('2026-02-12 09:00'); // Thu, 投诉 10 working days → Wed 03-04 09:00
    // Paused Sat 02-14 (调休) 12:00 → Wed 02-25 08:30: loses 02-14 afternoon (240) and all of Tue 02-24 (450).
    const p = [pause('2026-02-14 12:00', '2026-02-25 08:30')];
    // So the deadline moves from Wed 03-04 09:00 by 690 working minutes:
    // Wed 09:00→12:00 (180) + 13:30→17:30 (240), Thu 03-05 08:30→12:00 (210) + 13:30→14:30 (60).
    expect(show(addWorkingDays(cal, start, 10, p))).toBe('2026-03-05 14:30');
    expect(workingMinutesBetween(cal, start, t('2026-03-05 14:30'), p)).toBe(4500);
  });

  it('a pause that ends before it starts is a RangeError', () => {
    expect(() => addWorkingMinutes(cal, t('2026-03-02 09:00'), 60, [pause('2026-03-02 10:00', '2026-03-02 09:00')])).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal, t('2026-03-02 09:00'), 60, [{ from: new Date('x'), to: t('2026-03-02 09:00') }])).toThrow(RangeError);
  });
});

describe('addClockMinutes (urgent limits run on the clock)', () => {
  it.each([
    // start (Shanghai)     minutes  pauses                                          result
    ['2026-10-01 10:00', 30, [], '2026-10-01 10:30'], //   Thu 国庆节: the clock ignores the calendar
    ['2026-03-07 23:00', 120, [], '2026-03-08 01:00'], //  Sat → Sun across midnight
    ['2026-03-02 12:30', 30, [], '2026-03-02 13:00'], //   lunch break counts
    ['2026-03-02 10:00', 60, [pause('2026-03-02 10:20', '2026-03-02 10:50')], '2026-03-02 11:30'], // pause after start extends
    ['2026-03-02 10:00', 60, [pause('2026-03-02 09:50', '2026-03-02 10:10')], '2026-03-02 11:10'], // only the part after start
    ['2026-03-02 10:00', 60, [pause('2026-03-02 08:00', '2026-03-02 09:00')], '2026-03-02 11:00'], // before start: no effect
    ['2026-03-02 10:00', 60, [pause('2026-03-02 11:00', '2026-03-02 12:00')], '2026-03-02 11:00'], // at the deadline: no effect
    ['2026-03-02 10:00', 0, [pause('2026-03-02 10:00', '2026-03-02 12:00')], '2026-03-02 10:00'], // zero moves nothing
  ])('%s + %s clock minutes with pauses %j = %s', (start, minutes, pauses, result) => {
    expect(show(addClockMinutes(t(start), minutes, pauses))).toBe(result);
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    // from (Shanghai)      to                   minutes
    ['2026-03-02 08:30', '2026-03-02 17:30', 450], // Mon, one full day
    ['2026-03-02 07:00', '2026-03-02 20:00', 450], // Mon, hours outside the periods don't count
    ['2026-03-02 12:05', '2026-03-02 13:25', 0], //  Mon, inside the lunch break
    ['2026-03-06 17:00', '2026-03-09 09:00', 60], // Fri → Mon over the weekend
    ['2026-09-30 17:00', '2026-10-08 09:00', 60], // Wed → Thu over National Day
    ['2026-02-13 08:30', '2026-02-24 17:30', 1350], // Fri, Sat 调休, Tue: the Spring Festival counts nothing
    ['2026-03-02 10:00', '2026-03-02 10:00', 0], //  empty
    ['2026-03-02 11:00', '2026-03-02 10:00', 0], //  to before from
    ['2026-03-02 08:30', '2026-03-02 08:30:30', 0.5], // exact, fractional
  ])('%s → %s = %s', (from, to, minutes) => {
    expect(workingMinutesBetween(cal, t(from), t(to))).toBe(minutes);
  });

  it('excludes pauses, and the holiday inside a pause is not counted twice', () => {
    const p = [pause('2026-09-30 15:00', '2026-10-08 10:00')];
    expect(workingMinutesBetween(cal, t('2026-09-30 09:00'), t('2026-10-08 12:00'), p)).toBe(270 + 120);
  });

  // Starts every 37 minutes (so they hit openings, closings, lunch and nights in turn) over the
  // Spring Festival, National Day and an ordinary stretch; amounts around the period boundaries.
  const starts: Date[] = [];
  for (const [from, to] of [
    ['2026-02-10 00:00', '2026-03-03 00:00'],
    ['2026-09-24 00:00', '2026-10-13 00:00'],
    ['2024-12-28 00:00', '2025-01-06 00:00'],
  ] as const) {
    for (let ms = t(from).getTime(); ms < t(to).getTime(); ms += 37 * 60_000) starts.push(new Date(ms));
  }
  const amounts = [1, 29, 210, 211, 240, 449, 450, 451, 900, 1350, 2250, 4500, 6750];
  const pauseSets: Interval[][] = [
    [],
    [pause('2026-02-14 10:00', '2026-02-25 11:00')],
    [pause('2026-09-30 15:00', '2026-10-08 10:00'), pause('2026-10-09 09:00', '2026-10-09 09:30')],
  ];

  it(`is the inverse of addWorkingMinutes (${starts.length} starts × ${amounts.length} amounts × ${pauseSets.length} pause sets)`, () => {
    for (const pauses of pauseSets) {
      for (const start of starts) {
        for (const m of amounts) {
          const end = addWorkingMinutes(cal, start, m, pauses);
          expect(workingMinutesBetween(cal, start, end, pauses)).toBe(m);
          // …and the earliest such instant: a millisecond earlier, the time has not yet run.
          expect(workingMinutesBetween(cal, start, new Date(end.getTime() - 1), pauses)).toBeLessThan(m);
        }
      }
    }
  });

  it('adding in two steps equals adding at once', () => {
    for (const start of starts.slice(0, 300)) {
      for (const [a, b] of [[210, 1], [450, 450], [30, 1320]] as const) {
        expect(addWorkingMinutes(cal, addWorkingMinutes(cal, start, a), b)).toEqual(addWorkingMinutes(cal, start, a + b));
      }
    }
  });
});

describe('elapsedShare (yellow light at 75%)', () => {
  // Thu 2026-02-12 09:00, 10 working days → Wed 2026-03-04 09:00. 75% = 7.5 days = 3375 minutes:
  // seven days end Sat 02-28 (调休) 09:00, then 225 more minutes → 14:15 that Saturday.
  const start = t('2026-02-12 09:00');
  const deadline = addWorkingDays(cal, start, 10);

  it('reaches 75% exactly on Sat 2026-02-28 14:15 (调休)', () => {
    expect(show(deadline)).toBe('2026-03-04 09:00');
    expect(show(addWorkingMinutes(cal, start, 3375))).toBe('2026-02-28 14:15');
    expect(elapsedShare(cal, start, deadline, t('2026-02-28 14:15'))).toBe(0.75);
    expect(elapsedShare(cal, start, deadline, t('2026-02-28 14:14'))).toBeLessThan(0.75);
  });

  it.each([
    // now (Shanghai)       share
    ['2026-02-12 08:00', 0], //      before the start
    ['2026-02-12 09:00', 0], //      at the start
    ['2026-02-13 09:00', 0.1], //    Fri: one day of ten
    ['2026-02-14 09:00', 0.2], //    Sat 调休: two days of ten
    ['2026-02-20 10:00', 1320 / 4500], // Fri 春节: frozen since Sat 17:30 over the holiday
    ['2026-03-04 09:00', 1], //      at the deadline
    ['2026-03-04 12:00', 1.04], //   Wed, 180 min late: not clamped (4680 / 4500)
  ])('at %s the share is %s', (now, share) => {
    expect(elapsedShare(cal, start, deadline, t(now))).toBeCloseTo(share, 10);
  });

  it('stays frozen during a pause, and the pause counts in neither part', () => {
    const p = [pause('2026-02-24 08:30', '2026-02-26 08:30')]; // Tue–Wed paused
    const extended = addWorkingDays(cal, start, 10, p);
    expect(show(extended)).toBe('2026-03-06 09:00'); // two working days later
    const during = [t('2026-02-24 10:00'), t('2026-02-25 16:00')].map((now) => elapsedShare(cal, start, extended, now, p));
    expect(during).toEqual([1320 / 4500, 1320 / 4500]); // as at Sat 02-14 17:30, before the holiday
    expect(elapsedShare(cal, start, extended, extended, p)).toBe(1);
  });

  it('a zero time limit is 0 before the deadline and 1 from it on', () => {
    const at = t('2026-03-07 10:00'); // Sat
    expect(elapsedShare(cal, at, at, t('2026-03-07 09:00'))).toBe(0);
    expect(elapsedShare(cal, at, at, at)).toBe(1);
  });
});

describe('buildCalendar', () => {
  it('defaults to 08:30–12:00 and 13:30–17:30 (7.5 h)', () => {
    expect(DEFAULT_WORK_HOURS).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
    expect(buildCalendar([]).minutesPerDay).toBe(450);
  });

  it('takes custom hours: one 09:00–17:00 period is an 8 h day', () => {
    const eight = buildCalendar([{ date: '2026-03-07', isWorking: true }], [{ start: '09:00', end: '17:00' }]);
    expect(eight.minutesPerDay).toBe(480);
    expect(show(addWorkingDays(eight, t('2026-03-06 13:00'), 1))).toBe('2026-03-07 13:00'); // Fri → Sat (listed as working)
    expect(show(addWorkingMinutes(eight, t('2026-03-06 12:30'), 60))).toBe('2026-03-06 13:30'); // no lunch break
  });

  it('accepts touching periods and a period ending at 24:00', () => {
    const cal2 = buildCalendar([], [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }]);
    expect(cal2.minutesPerDay).toBe(16 * 60);
    expect(show(addWorkingMinutes(cal2, t('2026-03-02 11:00'), 120))).toBe('2026-03-02 13:00'); // Mon
    expect(show(addWorkingMinutes(cal2, t('2026-03-02 23:00'), 60))).toBe('2026-03-03 00:00'); // Mon ends at midnight
  });

  it.each<[string, WorkPeriod[]]>([
    ['empty', []],
    ['unsorted', [{ start: '13:30', end: '17:30' }, { start: '08:30', end: '12:00' }]],
    ['overlapping', [{ start: '08:30', end: '12:00' }, { start: '11:30', end: '17:30' }]],
    ['start equal to end', [{ start: '08:30', end: '08:30' }]],
    ['start after end', [{ start: '17:30', end: '08:30' }]],
    ['malformed time', [{ start: '8:30', end: '12:00' }]],
    ['hour 25', [{ start: '08:30', end: '25:00' }]],
    ['minute 60', [{ start: '08:60', end: '12:00' }]],
    ['past midnight', [{ start: '08:30', end: '24:01' }]],
  ])('bad work hours (%s) throw RangeError', (_why, hours) => {
    expect(() => buildCalendar([], hours)).toThrow(RangeError);
  });

  it('rejects invalid and repeated dates', () => {
    expect(() => buildCalendar([{ date: '2026-02-30', isWorking: false }])).toThrow(RangeError);
    expect(() => buildCalendar([{ date: '2026-10-01', isWorking: false }, { date: '2026-10-01', isWorking: false }])).toThrow(RangeError);
  });

  it('is an immutable value, independent of its inputs', () => {
    const hours = [{ start: '09:00', end: '12:00' }];
    const days = [{ date: '2026-03-02', isWorking: false }];
    const c = buildCalendar(days, hours);
    hours[0]!.end = '18:00';
    days[0]!.isWorking = true;
    expect(c.minutesPerDay).toBe(180);
    expect(c.hours).toEqual([{ start: '09:00', end: '12:00' }]);
    expect(isWorkingDay(c, '2026-03-02')).toBe(false); // Mon, listed as off
    expect(Object.isFrozen(c) && Object.isFrozen(c.hours) && Object.isFrozen(c.periods)).toBe(true);
  });
});
