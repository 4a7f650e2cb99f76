// The text classifier on small hand-written fixtures: four matters a hotline hears every day.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  classifierText, crossValidate, evaluate, trainClassifier, TextClassifier, type ClassifierModel, type LabelledText,
} from '../../src/text/classifier.js';
import { analyze, DEFAULT_FEATURES, Vocabulary } from '../../src/text/features.js';
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

  it('self-trains on unlabelled texts: what only they show is learnt from the confident guesses', () => {
    // 油烟 (cooking fumes) is in no labelled text; the unlabelled ones pair it with 噪音's words
    // (扰民, 楼下, 晚上), so the model labels them 噪音 confidently and then learns 油烟 from them.
    const unlabelled = Array.from({ length: 12 }, (_, i) => `楼下饭店油烟扰民${i}，晚上噪音很大，油烟和噪音扰民严重`);
    const self = trainClassifier(train, tokenizer, { seed: 7, unlabelled, pseudoLabelThreshold: 0.5 });
    expect(self.toModel().trained.pseudoLabelled).toBe(12);
    expect(self.predict('油烟', 1)[0]!.label).toBe('噪音');
    // idf only (threshold above 1): nothing is pseudo-labelled and 油烟 stays unknown
    const idfOnly = trainClassifier(train, tokenizer, { seed: 7, unlabelled, pseudoLabelThreshold: 2 });
    expect(idfOnly.toModel().trained.pseudoLabelled).toBeUndefined();
    expect(idfOnly.toModel().terms.some((t) => t.includes('油烟'))).toBe(false);
    expect(idfOnly.toModel().idf).not.toBe(classifier.toModel().idf);
    // still held-out right, and deterministic
    for (const e of test) expect(self.predict(e.text, 1)[0]!.label, e.text).toBe(e.label);
    const again = trainClassifier(train, tokenizer, { seed: 7, unlabelled, pseudoLabelThreshold: 0.5 });
    expect(JSON.stringify(again.toModel())).toBe(JSON.stringify(self.toModel()));
  });

  it('calibrates a big set on one 10 % hold-out slice and keeps the model trained without it', () => {
    const many = [...train, ...train.map((e) => ({ text: `${e.text}。`, label: e.label }))];
    const held = trainClassifier(many, tokenizer, { seed: 5, calibrationFolds: 1 });
    const t = held.toModel().temperature;
    expect(Number.isFinite(t) && t > 0 && t !== 1).toBe(true);
    for (const e of test) expect(held.predict(e.text, 1)[0]!.label, e.text).toBe(e.label);
    // the slice is held out of training: the kept model differs from one trained on everything
    const all = trainClassifier(many, tokenizer, { seed: 5, calibrationFolds: 0 });
    expect(held.toModel().weights).not.toBe(all.toModel().weights);
    expect(all.toModel().temperature).toBe(1);
  });

  it('trains many classes fast enough for a city (sparse, unrolled updates; fewer passes for big sets)', () => {
    // 60 classes × 20 texts mixed from the fixtures: a smoke test of the many-class path, not a benchmark
    const texts = [...train, ...test].map((e) => e.text);
    // (each class named by two characters of its own: numbers all read as 0 in the features)
    const code = (c: number) => '甲乙丙丁戊己庚辛壬癸'[c % 10]! + '子丑寅卯辰巳'[Math.floor(c / 10)]!;
    const big = Array.from({ length: 1200 }, (_, i) => ({ text: `${code(i % 60)}事项 ${texts[(i * 7) % texts.length]!}`, label: `类${i % 60}` }));
    const c0 = process.cpuUsage();
    const c = trainClassifier(big, tokenizer, { seed: 1 });
    const cpu = process.cpuUsage(c0);
    expect(c.labels).toHaveLength(60);
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(30);
    const report = evaluate(c, big.slice(0, 120));
    expect(report.accuracy).toBeGreaterThan(0.5);
  });

  it('scales features by their naive Bayes spread: a term of one class outweighs a term of all', () => {
    const plain = trainClassifier(train, tokenizer, { seed: 7, naiveBayesScaling: 0 }).toModel();
    const scaled = classifier.toModel(); // the default, γ = 1
    expect(scaled.terms).toEqual(plain.terms);
    const idf = (m: ClassifierModel, term: string) => {
      const b = Buffer.from(m.idf, 'base64');
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))[m.terms.indexOf(term)]!;
    };
    // 噪音 is said in the 噪音 class only, 小区 in every class
    for (const term of ['w\u0000噪音', 'w\u0000小区']) expect(plain.terms, term).toContain(term);
    const ratio = (m: ClassifierModel) => idf(m, 'w\u0000噪音') / idf(m, 'w\u0000小区');
    expect(ratio(scaled)).toBeGreaterThan(1.3 * ratio(plain));
  });

  it('rescales a vector as the scaled vocabulary would vectorise the text', () => {
    const doc = analyze(train[0]!.text, tokenizer, DEFAULT_FEATURES);
    const vocabulary = Vocabulary.build([doc, analyze(train[1]!.text, tokenizer, DEFAULT_FEATURES)], DEFAULT_FEATURES, 1, 1000);
    const factor = Float32Array.from(vocabulary.terms, (_, f) => 1 + (f % 5));
    const direct = vocabulary.scaled(factor).vectorize(doc);
    const rescaled = vocabulary.rescale(vocabulary.vectorize(doc), factor);
    expect([...rescaled.index]).toEqual([...direct.index]);
    rescaled.value.forEach((v, j) => expect(v).toBeCloseTo(direct.value[j]!, 5));
  });
});
