import { describe, expect, it } from 'vitest';
import {
  annualComposite, chargeDeductions, DEFAULT_TEMPLATE, indicatorPoints, monthLists, rankScores, scoreUnit, templateProblems,
  type DeductionEvent, type Indicator, type Template,
} from '../../src/domain/evaluation/index.js';

const ind = (over: Partial<Indicator>): Indicator => ({ key: 'onTimeRate', weight: 20, target: 95, floor: 70, curve: 'linear', ...over });
const at = (d: number) => new Date(Date.UTC(2026, 2, d));
const ev = (kind: DeductionEvent['kind'], ticketId: number, day: number): DeductionEvent => ({ kind, ticketId, refId: null, at: at(day) });

const template = (over: Partial<Template> = {}): Template => ({
  ...DEFAULT_TEMPLATE,
  indicators: [ind({ key: 'onTimeRate', weight: 60 }), ind({ key: 'satisfactionRate', weight: 40, target: 90, floor: 50, curve: 'step' })],
  deductions: [{ kind: 'overdue', points: 1, cap: 2.5 }, { kind: 'supervision', points: 2, cap: null }],
  bonusCap: 3,
  ...over,
});

describe('indicator curves', () => {
  it('linear: 0 at the floor, full at the target, straight between, clipped outside', () => {
    const i = ind({});
    expect(indicatorPoints(i, 70)).toBe(0);
    expect(indicatorPoints(i, 60)).toBe(0);
    expect(indicatorPoints(i, 95)).toBe(20);
    expect(indicatorPoints(i, 100)).toBe(20);
    expect(indicatorPoints(i, 82.5)).toBeCloseTo(10, 10);
  });
  it('linear with the target below the floor scores a lower-is-better figure', () => {
    const i = ind({ key: 'returnRate', weight: 10, target: 5, floor: 30 });
    expect(indicatorPoints(i, 5)).toBe(10);
    expect(indicatorPoints(i, 2)).toBe(10);
    expect(indicatorPoints(i, 30)).toBe(0);
    expect(indicatorPoints(i, 17.5)).toBeCloseTo(5, 10);
  });
  it('step: all or nothing at the target', () => {
    const i = ind({ curve: 'step' });
    expect(indicatorPoints(i, 95)).toBe(20);
    expect(indicatorPoints(i, 94.99)).toBe(0);
    expect(indicatorPoints(ind({ curve: 'step', target: 5, floor: 30 }), 6)).toBe(0);
  });
  it('ratio: value over target, capped at the weight', () => {
    const i = ind({ curve: 'ratio', target: 80 });
    expect(indicatorPoints(i, 40)).toBe(10);
    expect(indicatorPoints(i, 100)).toBe(20);
  });
  it('no denominator (null) earns full points: nothing to judge', () => {
    expect(indicatorPoints(ind({}), null)).toBe(20);
  });
});

describe('deductions', () => {
  it('charges in time order up to the cap; the event reaching it pays what is left, later ones nothing', () => {
    const { charged, tallies } = chargeDeductions(template(), [ev('overdue', 3, 9), ev('overdue', 1, 2), ev('overdue', 2, 5), ev('overdue', 4, 20), ev('supervision', 7, 1)]);
    expect(charged.map((c) => [c.kind, c.ticketId, c.points])).toEqual([['overdue', 1, 1], ['overdue', 2, 1], ['overdue', 3, 0.5], ['supervision', 7, 2]]);
    expect(tallies).toEqual([{ kind: 'overdue', events: 4, points: 2.5, capped: 1 }, { kind: 'supervision', events: 1, points: 2, capped: 0 }]);
  });
  it('a kind without a rule costs nothing', () => {
    const { charged, tallies } = chargeDeductions(template(), [ev('province', 1, 1)]);
    expect(charged).toEqual([]);
    expect(tallies).toEqual([{ kind: 'province', events: 1, points: 0, capped: 1 }]);
  });
});

describe('unit score', () => {
  it('Σ indicator points − deductions + capped bonuses, clipped to [0, max]', () => {
    const s = scoreUnit(template(), { onTimeRate: 82.5, satisfactionRate: 91 }, [ev('supervision', 1, 1)], [2, 2]);
    expect(s.indicators.map((i) => i.points)).toEqual([30, 40]);
    expect(s.indicatorPoints).toBe(70);
    expect(s.deductions).toBe(2);
    expect(s.bonuses).toBe(3);
    expect(s.total).toBe(71);
    expect(scoreUnit(template(), { onTimeRate: 100, satisfactionRate: 100 }, [], [3]).total).toBe(100);
    const many = Array.from({ length: 60 }, (_, i) => ev('supervision', i + 1, 1));
    expect(scoreUnit(template(), { onTimeRate: 0, satisfactionRate: 0 }, many, []).total).toBe(0);
  });
});

describe('rankings and lists', () => {
  it('ties share a rank, the next rank skips', () => {
    const r = rankScores([{ id: 'a', total: 90 }, { id: 'b', total: 95 }, { id: 'c', total: 90 }, { id: 'd', total: 80 }]);
    expect([...r.entries()].sort()).toEqual([['a', 2], ['b', 1], ['c', 2], ['d', 4]]);
  });
  it('full mark, bottom N below full mark with ties at the edge, threshold, deposit', () => {
    const t = template({ lists: { fullMark: 100, blackBottomN: 2, blackBelow: 60 }, deposit: { perBlackMonth: 2000, perPointBelow: 100, threshold: 90 } });
    const scores = [{ id: 1, total: 100 }, { id: 2, total: 100 }, { id: 3, total: 95 }, { id: 4, total: 88 }, { id: 5, total: 88 }, { id: 6, total: 97 }];
    const l = monthLists(t, scores);
    expect([...l.fullMark]).toEqual([1, 2]);
    expect([...l.black].sort()).toEqual([4, 5]);
    expect([...l.deposit.entries()].sort()).toEqual([[4, 2200], [5, 2200]]);
    const low = monthLists(t, [...scores, { id: 7, total: 50 }]);
    expect([...low.black].sort()).toEqual([4, 5, 7]);
  });
  it('a month where everyone scores full blacklists nobody', () => {
    const l = monthLists(template(), [{ id: 1, total: 100 }, { id: 2, total: 100 }]);
    expect(l.black.size).toBe(0);
    expect(l.deposit.size).toBe(0);
  });
});

describe('annual composite', () => {
  const t = template({ annual: { monthlyWeight: 0.7, annualWeight: 0.3, onSiteWeight: 0.2 } });
  it('mean of months × w1 + annual × w2, key units add the on-site score on the same scale', () => {
    expect(annualComposite(t, { monthly: [90, 100], annualScore: 80, onSiteScore: null, keyUnit: false })).toEqual({ monthlyMean: 95, composite: 90.5, incomplete: false });
    expect(annualComposite(t, { monthly: [90, 100], annualScore: 80, onSiteScore: 60, keyUnit: true })).toEqual({ monthlyMean: 95, composite: 85.42, incomplete: false });
  });
  it('missing parts are left out and flagged', () => {
    expect(annualComposite(t, { monthly: [90], annualScore: null, onSiteScore: null, keyUnit: false })).toEqual({ monthlyMean: 90, composite: 90, incomplete: true });
    expect(annualComposite(t, { monthly: [], annualScore: null, onSiteScore: null, keyUnit: false }).composite).toBeNull();
  });
});

describe('template checks', () => {
  it('the default template is valid', () => expect(templateProblems(DEFAULT_TEMPLATE)).toEqual([]));
  it('names the field of each problem', () => {
    const bad = template({ indicators: [ind({ weight: 80 }), ind({ weight: 30 }), ind({ key: 'nope' as never, weight: 1, curve: 'linear', target: 5, floor: 5 })], lists: { fullMark: 120, blackBottomN: null, blackBelow: null } });
    expect(templateProblems(bad).map((p) => p.field)).toEqual([
      'body.indicators.1.key', 'body.indicators.2.key', 'body.indicators.2.floor', 'body.indicators', 'body.lists.fullMark',
    ]);
  });
});
