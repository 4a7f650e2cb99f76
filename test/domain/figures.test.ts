// The formulas of DOMAIN.md §10 (src/domain/figures), each pinned on hand-built counts.
import { describe, expect, it } from 'vitest';
import {
  COUNT_KEYS, DEFAULT_FIGURE_SETTINGS, changeOf, describeChange, lastYearPeriod, monthPeriod, percent, previousPeriod, ratesOf,
  weekPeriod, yearPeriod, type Counts,
} from '../../src/domain/figures/index.js';

const counts = (c: Partial<Counts>): Counts => ({ ...Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])), ...c }) as Counts;

describe('rates', () => {
  it('each rate divides the counts docs/figures.md names', () => {
    const r = ratesOf(counts({
      received: 200, directAnswered: 20, dispatched: 180, closed: 150, closedFirstTime: 120, reopened: 6,
      assignments: 250, signedOnTime: 200, returned: 10, extended: 25, replied: 160, repliedOnTime: 144,
      toVisit: 160, visited: 150, validVisits: 120, contacted: 108, resolved: 96,
      satisfied: 80, basicSatisfied: 20, unsatisfied: 20, handled: 170, handledClosed: 136,
      callsOffered: 1000, callsAnswered: 950, callsAnswered15: 855,
    }));
    expect(r.directAnswerRate).toBeCloseTo(0.1);
    expect(r.closureRate).toBeCloseTo(150 / 180);
    expect(r.firstTimeRate).toBeCloseTo(0.8);
    expect(r.reopenRate).toBeCloseTo(0.04);
    expect(r.signOnTimeRate).toBeCloseTo(0.8);
    expect(r.returnRate).toBeCloseTo(0.04);
    expect(r.extensionRate).toBeCloseTo(0.1);
    expect(r.onTimeRate).toBeCloseTo(0.9);
    expect(r.visitRate).toBeCloseTo(150 / 160);
    expect(r.validVisitRate).toBeCloseTo(0.8);
    expect(r.responseRate).toBeCloseTo(0.9);
    expect(r.resolutionRate).toBeCloseTo(0.8);
    // k = 1: basic counts in full.
    expect(r.satisfactionRate).toBeCloseTo(100 / 120);
    // 综合 = 0.1·响应 + 0.5·解决 + 0.4·满意
    expect(r.composite).toBeCloseTo(0.1 * 0.9 + 0.5 * 0.8 + 0.4 * (100 / 120));
    expect(r.handledClosureRate).toBeCloseTo(0.8);
    expect(r.answerRate).toBeCloseTo(0.95);
    expect(r.answer15Rate).toBeCloseTo(0.9);
  });

  it('基本满意 counts with the configured weight k', () => {
    const c = counts({ validVisits: 100, satisfied: 60, basicSatisfied: 30, unsatisfied: 10, contacted: 100, resolved: 100 });
    expect(ratesOf(c, { ...DEFAULT_FIGURE_SETTINGS, basicWeight: 1 }).satisfactionRate).toBeCloseTo(0.9);
    expect(ratesOf(c, { ...DEFAULT_FIGURE_SETTINGS, basicWeight: 0.5 }).satisfactionRate).toBeCloseTo(0.75);
    expect(ratesOf(c, { ...DEFAULT_FIGURE_SETTINGS, basicWeight: 0 }).satisfactionRate).toBeCloseTo(0.6);
    // Composite weights are configurable too.
    expect(ratesOf(c, { basicWeight: 0, compositeWeights: [0, 0, 1] }).composite).toBeCloseTo(0.6);
  });

  it('a zero denominator is undefined, never 0% or 100%', () => {
    const r = ratesOf(counts({ received: 0 }));
    expect(r.closureRate).toBeNull();
    expect(r.satisfactionRate).toBeNull();
    expect(r.composite).toBeNull();
    expect(percent(r.closureRate)).toBe('—');
  });
});

describe('changes', () => {
  it('counts change in percent, as seed 000 writes it (299131 against 267321: 增加11.90%)', () => {
    const c = changeOf('count', 299131, 267321);
    expect(c!.toFixed(2)).toBe('11.90');
    expect(describeChange('count', c)).toBe('较去年增加11.90%');
    expect(describeChange('count', changeOf('count', 90, 100), '上月')).toBe('较上月减少10.00%');
    // From nothing there is no percentage.
    expect(changeOf('count', 5, 0)).toBeNull();
  });

  it('rates change in percentage points (99.57% against 98.81%: 上升0.76个百分点)', () => {
    const c = changeOf('rate', 0.9957, 0.9881);
    expect(c).toBeCloseTo(0.76, 10);
    expect(describeChange('rate', c)).toBe('较去年上升0.76个百分点');
    expect(describeChange('rate', changeOf('rate', 0.9, 0.925))).toBe('较去年下降2.50个百分点');
    expect(describeChange('rate', changeOf('rate', 0.9, 0.9))).toBe('与去年持平');
    expect(changeOf('rate', 0.5, null)).toBeNull();
    expect(describeChange('rate', null)).toBe('');
  });
});

describe('periods', () => {
  it('a year compares with the previous year, and with the same days a year earlier', () => {
    const y = yearPeriod(2017);
    expect(y).toEqual({ from: '2017-01-01', to: '2017-12-31' });
    expect(previousPeriod(y)).toEqual({ from: '2016-01-01', to: '2016-12-31' });
    expect(lastYearPeriod(y)).toEqual({ from: '2016-01-01', to: '2016-12-31' });
  });

  it('a month compares with the previous month whatever its length; February 29 maps to 28', () => {
    expect(previousPeriod(monthPeriod('2024-03'))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previousPeriod(monthPeriod('2026-01'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastYearPeriod(monthPeriod('2024-02'))).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    // A quarter: the previous quarter.
    expect(previousPeriod({ from: '2026-04-01', to: '2026-06-30' })).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('any other range compares with as many days just before it; weeks run Monday to Sunday', () => {
    expect(previousPeriod({ from: '2017-10-27', to: '2017-12-31' })).toEqual({ from: '2017-08-22', to: '2017-10-26' });
    expect(weekPeriod('2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(previousPeriod(weekPeriod('2026-11-22'))).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(() => monthPeriod('2026-13')).toThrow();
  });
});
