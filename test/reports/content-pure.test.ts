// The pure parts of report content: how figures are written (seed 000's prose), the periods each
// kind covers (ISO weeks), and when a schedule fires and what it then reports on.
import { describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/calendar/index.js';
import { lastFireAt, nextFireAt, periodFor, timingProblem } from '../../src/reports/cadence.js';
import { chineseNumber, chineseRange, nameList, shareList } from '../../src/reports/content/format.js';
import { isoWeek, lastWholePeriod, monthRange, weekRange, yearRange } from '../../src/reports/content/periods.js';

describe('writing figures', () => {
  it('numbers sections in Chinese', () => {
    expect([1, 2, 5, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '二', '五', '十', '十一', '二十', '二十三']);
  });

  it('writes shares as seed 000 does, leaving out those under 0.05%', () => {
    const total = 299131;
    const text = shareList([
      { label: '市政管理类', count: 212761 }, { label: '咨询服务类', count: 48602 }, { label: '批评投诉类', count: 37477 },
      { label: '意见建议类', count: 287 }, { label: '应急救助类', count: 4 },
    ], total);
    expect(text).toBe('市政管理类212761件，占受理问题总数的71.13%；咨询服务类48602件，占总数的16.25%；批评投诉类37477件，占总数的12.53%；意见建议类287件，占总数的0.10%；应急救助类4件');
    expect(shareList([{ label: '微博', count: 98 }, { label: '邮件', count: 18 }], total)).toBe('微博98件；邮件18件');
  });

  it('writes names and date ranges', () => {
    expect(nameList(['灌南县', '高新区'])).toBe('灌南县和高新区');
    expect(nameList(['a', 'b', 'c'])).toBe('a、b和c');
    expect(chineseRange('2017-10-27', '2017-12-31')).toBe('2017年10月27日至12月31日');
    expect(chineseRange('2017-12-27', '2018-01-02')).toBe('2017年12月27日至2018年1月2日');
  });
});

describe('periods', () => {
  it('covers a year, a month and an ISO week', () => {
    expect(yearRange(2017)).toMatchObject({ from: '2017-01-01', to: '2017-12-31', against: '去年', key: '2017' });
    expect(monthRange('2024-02')).toMatchObject({ from: '2024-02-01', to: '2024-02-29', label: '2024年2月', key: '2024-02' });
    expect(weekRange('2025-12-10')).toMatchObject({ from: '2025-12-08', to: '2025-12-14', key: '2025-W50', label: '2025年第50周（12月8日—12月14日）' });
    // 2021-01-03 (a Sunday) belongs to ISO week 53 of 2020; 2024-12-30 to week 1 of 2025.
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(weekRange('2024-12-30').key).toBe('2025-W01');
    expect(() => monthRange('2024-13')).toThrow();
  });

  it('reports on the last whole period before a day', () => {
    expect(lastWholePeriod('monthly', '2026-01-01').key).toBe('2025-12');
    expect(lastWholePeriod('annual', '2026-02-05').key).toBe('2025');
    expect(lastWholePeriod('weekly', '2026-11-23').from).toBe('2026-11-16');
  });
});

describe('schedule timing (Asia/Shanghai)', () => {
  const monthly = { cadence: 'monthly' as const, day: 1, month: null, hour: 8 };
  it('fires at the last past instant, and reports the period before it', () => {
    expect(lastFireAt(monthly, atLocal('2026-12-01', '08:30'))).toEqual(atLocal('2026-12-01', '08:00'));
    expect(lastFireAt(monthly, atLocal('2026-12-01', '07:59'))).toEqual(atLocal('2026-11-01', '08:00'));
    expect(lastFireAt(monthly, atLocal('2026-01-01', '07:00'))).toEqual(atLocal('2025-12-01', '08:00'));
    expect(nextFireAt(monthly, atLocal('2026-12-01', '08:30'))).toEqual(atLocal('2027-01-01', '08:00'));
    expect(periodFor('monthly', 'monthly', atLocal('2026-12-01', '08:00')).key).toBe('2026-11');
    const weekly = { cadence: 'weekly' as const, day: 1, month: null, hour: 9 };
    // 2026-11-25 is a Wednesday: the last Monday 09:00 is the 23rd.
    expect(lastFireAt(weekly, atLocal('2026-11-25', '12:00'))).toEqual(atLocal('2026-11-23', '09:00'));
    expect(periodFor('weekly', 'weekly', atLocal('2026-11-23', '09:00'))).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    const annual = { cadence: 'annual' as const, day: 5, month: 2, hour: 10 };
    expect(lastFireAt(annual, atLocal('2026-01-20', '00:00'))).toEqual(atLocal('2025-02-05', '10:00'));
    expect(periodFor('annual', 'annual', atLocal('2026-02-05', '10:00')).key).toBe('2025');
    expect(periodFor('units', 'monthly', atLocal('2026-12-01', '08:00'))).toMatchObject({ from: '2026-11-01', to: '2026-11-30', key: '2026-11-01_2026-11-30' });
  });

  it('names the field that is wrong', () => {
    expect(timingProblem('weekly', monthly)?.[0]).toBe('cadence');
    expect(timingProblem('monthly', { ...monthly, day: 29 })?.[0]).toBe('day');
    expect(timingProblem('units', { cadence: 'weekly', day: 8, month: null, hour: 8 })?.[0]).toBe('day');
    expect(timingProblem('annual', { cadence: 'annual', day: 30, month: 2, hour: 8 })?.[0]).toBe('day');
    expect(timingProblem('annual', { cadence: 'annual', day: 1, month: null, hour: 8 })?.[0]).toBe('month');
    expect(timingProblem('units', { cadence: 'monthly', day: 28, month: null, hour: 23 })).toBeNull();
  });
});
