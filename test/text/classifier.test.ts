// The text classifier on small hand-written fixtures: four matters a hotline hears every day.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  classifierText, crossValidate, evaluate, trainClassifier, TextClassifier, type ClassifierModel, type LabelledText,
} from '../../src/text/classifier.js';
import { Tokenizer } from '../../src/text/tokenizer.js';

const read = (file: string): LabelledText[] =>
  (parse(readFileSync(`test/fixtures/${file}`, 'utf8'), { columns: true, bom: true }) as Record<string, string>[])
    .map((r) => ({ text: classifierText(r['留言主题']!, r['留言详情']!), label: r['一级标签']! }));

const train = read('classify-train.csv');
const test = read('classify-test.csv');
const tokenizer = Tokenizer.create();
const classifier = trainClassifier(train, tokenizer, { seed: 7 });

describe('text classifier', () => {
  it('learns the classes and predicts held-out messages right', () => {
    expect([...classifier.labels].sort()).toEqual(['供水', '停车', '噪音', '拖欠工资']);
    for (const e of test) expect(classifier.predict(e.text, 1)[0]!.label, e.text).toBe(e.label);
    const report = evaluate(classifier, test);
    expect(report.macroF1).toBe(1);
    expect(report.accuracy).toBe(1);
    expect(report.perClass.map((c) => c.support)).toEqual([2, 2, 2, 2]);
  });

  it('gives a probability for every label, summing to 1, highest first; top cuts the list', () => {
    const all = classifier.predict('小区楼下有车乱停车，占用车位');
    expect(all).toHaveLength(4);
    expect(all[0]!.label).toBe('停车');
    expect(all.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.probability).toBeGreaterThanOrEqual(all[i]!.probability);
    for (const p of all) expect(p.probability).toBeGreaterThan(0);
    expect(classifier.predict('小区楼下有车乱停车，占用车位', 2)).toEqual(all.slice(0, 2));
  });

  it('a text it knows nothing of gets near-uniform, low confidence rather than a confident guess', () => {
    const [best] = classifier.predict('ＸＹＺ', 1);
    expect(best!.probability).toBeLessThan(0.6);
    expect(classifier.predict('').reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 9);
  });

  it('round-trips through toModel / fromModel and JSON with identical predictions', () => {
    const json = JSON.stringify(classifier.toModel());
    const back = TextClassifier.fromModel(JSON.parse(json) as ClassifierModel, tokenizer);
    expect(back.labels).toEqual(classifier.labels);
    for (const e of [...test, ...train]) expect(back.predict(e.text)).toEqual(classifier.predict(e.text));
    expect(JSON.stringify(back.toModel())).toBe(json);
  });

  it('is deterministic given a seed', () => {
    const again = trainClassifier(train, tokenizer, { seed: 7 });
    expect(JSON.stringify(again.toModel())).toBe(JSON.stringify(classifier.toModel()));
    // …and the order of the examples is part of the data, the seed of the shuffle is not the only input
    const other = trainClassifier(train, tokenizer, { seed: 8 });
    expect(other.predict(test[0]!.text, 1)[0]!.label).toBe(test[0]!.label);
  });

  it('keeps the model compact: capped features, int8 weights, calibrated temperature', () => {
    const model = classifier.toModel();
    expect(model.version).toBe(1);
    expect(model.temperature).toBeGreaterThan(0);
    expect(Number.isFinite(model.temperature)).toBe(true);
    expect(Buffer.from(model.weights, 'base64').length).toBe(model.terms.length * model.labels.length);
    const small = trainClassifier(train, tokenizer, { seed: 7, maxFeatures: 50 });
    expect(small.toModel().terms).toHaveLength(50);
    for (const e of test.slice(0, 2)) expect(small.predict(e.text, 1)[0]!.label).toBeDefined();
  });

  it('trains with rare classes (one or two examples) without crashing, and still knows them', () => {
    const rare = [...train, { text: '电梯困人，电梯故障停运', label: '电梯' }, { text: '燃气泄漏，闻到煤气味', label: '燃气' }, { text: '楼道燃气味道很重', label: '燃气' }];
    const c = trainClassifier(rare, tokenizer, { seed: 3 });
    expect(c.labels).toContain('电梯');
    expect(c.predict('电梯故障', 1)[0]!.label).toBe('电梯');
    const cv = crossValidate(rare, tokenizer, { folds: 5, seed: 3 });
    expect(cv.perClass.find((r) => r.label === '电梯')!.support).toBe(1);
    expect(cv.perClass.find((r) => r.label === '燃气')!.support).toBe(2);
    // a single class is a degenerate but valid model
    const one = trainClassifier([{ text: '噪音扰民', label: '噪音' }], tokenizer);
    expect(one.predict('随便什么')).toEqual([{ label: '噪音', probability: 1 }]);
    expect(() => trainClassifier([], tokenizer)).toThrow(/no examples/);
  });

  it('cross-validates with stratified folds and reports macro-F1, accuracy and calibration error', () => {
    const cv = crossValidate([...train, ...test], tokenizer, { folds: 4, seed: 1 });
    expect(cv.folds).toBe(4);
    expect(cv.perClass.map((c) => c.support).reduce((a, b) => a + b, 0)).toBe(train.length + test.length);
    expect(cv.macroF1).toBeGreaterThan(0.85);
    expect(cv.ece).toBeGreaterThanOrEqual(0);
    expect(cv.ece).toBeLessThan(0.5);
    expect(crossValidate([...train, ...test], tokenizer, { folds: 4, seed: 1 })).toEqual({ ...cv, trainMsPerFold: expect.any(Number) });
  });

  it('cross-validation adds prior examples to every training part and never tests them', () => {
    const prior = [{ text: '施工噪音 夜间施工', label: '噪音' }, { text: '燃气泄漏', label: '燃气' }];
    const cv = crossValidate(train, tokenizer, { folds: 4, seed: 1, prior });
    expect(cv.perClass.reduce((s, c) => s + c.support, 0)).toBe(train.length);
    expect(cv.perClass.find((c) => c.label === '燃气')).toMatchObject({ support: 0 });
    expect(cv.perClass.find((c) => c.label === '噪音')!.support).toBe(10);
  });

  it('evaluate counts a label the model does not know as missed', () => {
    const r = evaluate(classifier, [...test, { text: '电梯坏了', label: '电梯' }]);
    expect(r.perClass.find((c) => c.label === '电梯')).toMatchObject({ recall: 0, support: 1 });
    expect(r.accuracy).toBeCloseTo(8 / 9, 9);
  });
});
