// The metric formulas, pinned on a confusion matrix computed by hand.
import { describe, expect, it } from 'vitest';
import { accuracy, classReports, confusionMatrix, expectedCalibrationError, macroF1 } from '../../src/text/metrics.js';

describe('classification metrics', () => {
  // actual 0 0 0 1 1 2 2 2 2 / predicted 0 0 1 1 2 2 2 2 0
  const confusion = confusionMatrix([0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 2, 2, 2, 2, 0], 3);

  it('counts the confusion matrix with rows as the truth and columns as the prediction', () => {
    expect(confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
  });

  it('gives per-class precision, recall, F1 and support', () => {
    const r = classReports(confusion, ['噪音', '停车', '供水']);
    expect(r.map((c) => c.label)).toEqual(['噪音', '停车', '供水']);
    // 噪音: TP 2, predicted 3, support 3 → P = R = F1 = 2/3
    expect(r[0]!.precision).toBeCloseTo(2 / 3, 12);
    expect(r[0]!.recall).toBeCloseTo(2 / 3, 12);
    expect(r[0]!.f1).toBeCloseTo(2 / 3, 12);
    expect(r[0]!.support).toBe(3);
    // 停车: TP 1, predicted 2, support 2 → 0.5; 供水: TP 3, predicted 4, support 4 → 0.75
    expect(r[1]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r[2]).toMatchObject({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
  });

  it('macro-F1 is the plain mean of the classes\' F1, accuracy the diagonal share', () => {
    expect(macroF1(confusion)).toBeCloseTo((2 / 3 + 0.5 + 0.75) / 3, 12);
    expect(accuracy(confusion)).toBeCloseTo(6 / 9, 12);
  });

  it('a class never predicted has precision 0, not NaN; a class absent from truth and predictions is left out of macro-F1', () => {
    const m = confusionMatrix([0, 0, 1], [0, 0, 0], 3);
    const r = classReports(m, ['a', 'b', 'c']);
    expect(r[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    // a: P = 2/3, R = 1 → F1 = 0.8; b: 0; c: absent everywhere
    expect(macroF1(m)).toBeCloseTo(0.4, 12);
  });

  it('expected calibration error weights each confidence bin\'s gap by its share of messages', () => {
    // bin (0.8, 0.9]: two messages at 0.85, one right → |0.5 − 0.85| × 2/4 = 0.175
    // bin (0.5, 0.6]: two messages at 0.55, both right → |1 − 0.55| × 2/4 = 0.225
    expect(expectedCalibrationError([0.85, 0.85, 0.55, 0.55], [true, false, true, true])).toBeCloseTo(0.4, 12);
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false])).toBeCloseTo(0, 12);
    expect(expectedCalibrationError([], [])).toBe(0);
  });
});
