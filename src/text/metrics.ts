// Classification metrics (issue 5 §2), kept apart from the classifier so the formulas can be pinned
// by hand-computed tests: confusion matrix, per-class precision / recall / F1, macro-F1, accuracy and
// the expected calibration error of the top label's probability.

export interface ClassReport { label: string; precision: number; recall: number; f1: number; support: number }

/** Rows are the true class, columns the predicted one: `m[actual][predicted]` counts messages. */
export function confusionMatrix(actual: readonly number[], predicted: readonly number[], classes: number): number[][] {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) m[actual[i]!]![predicted[i]!]! += 1;
  return m;
}

/**
 * Per class: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean; a ratio
 * whose denominator is 0 counts as 0 (a class never predicted has precision 0), as scikit-learn does.
 */
export function classReports(confusion: readonly (readonly number[])[], labels: readonly string[]): ClassReport[] {
  return labels.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, row) => s + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
}

/**
 * The unweighted mean of F1 over the classes that occur in the truth or in the predictions: a class
 * the model knows but that neither the test set holds nor the model predicted says nothing either way.
 */
export function macroF1(confusion: readonly (readonly number[])[]): number {
  const reports = classReports(confusion, confusion.map((_, i) => String(i)));
  const seen = reports.filter((r, c) => r.support > 0 || confusion.some((row) => row[c]! > 0));
  return seen.length ? seen.reduce((s, r) => s + r.f1, 0) / seen.length : 0;
}

export function accuracy(confusion: readonly (readonly number[])[]): number {
  let right = 0;
  let all = 0;
  confusion.forEach((row, c) => row.forEach((v, p) => {
    all += v;
    if (p === c) right += v;
  }));
  return all ? right / all : 0;
}

/**
 * Expected calibration error of the top label: messages binned by their confidence into `bins`
 * equal-width bins on [0, 1]; ECE = Σ_b (n_b / n) · |accuracy_b − mean confidence_b|. A calibrated
 * model that says 0.8 is right 8 times in 10, so its ECE is near 0.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  if (confidence.length !== correct.length) throw new Error('confidence and correct differ in length');
  const n = confidence.length;
  if (n === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(confidence[i]! * bins) - 1));
    count[b]! += 1;
    conf[b]! += confidence[i]!;
    if (correct[i]) right[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += Math.abs(right[b]! - conf[b]!) / n;
  return ece;
}
