// The text classifier (docs/text-classifier.md) on the labelled messages of the shared data
// (../shared/data/teddy2020, read in place, never copied): training time, prediction latency per
// message beside the tokenizer's cut of the same text alone (the ratio is what the model adds),
// 5-fold cross-validated macro-F1, and training on a city-sized synthetic set (N texts × 200
// classes made by mixing the real messages) with the model's size. No database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { classifierText, crossValidate, evaluate, trainClassifier, type LabelledText } from '../src/text/classifier.js';
import { Tokenizer } from '../src/text/tokenizer.js';
import { writeResult } from './support.js';

export interface ClassifyBenchOptions {
  /** Texts in the synthetic city-sized set (default 50,000; 0 skips it). */
  n?: number;
  classes?: number;
}

const say = (line: string) => console.log(`[bench classify] ${line}`);
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data/teddy2020');
const FILES = ['messages_labeled_sample.csv', 'messages_labeled_dev.csv'];

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

function labelled(): LabelledText[] {
  return FILES.flatMap((f) => (parse(readFileSync(path.join(DATA, f), 'utf8'), { columns: true, bom: true }) as Record<string, string>[])
    .map((r) => ({ text: classifierText(r['留言主题']!, r['留言详情']!), label: r['一级标签']! })));
}

/** Per-call latencies (ms) of `fn` over the texts, after one warm-up pass. */
function latencies(texts: readonly string[], fn: (t: string) => unknown): number[] {
  for (const t of texts.slice(0, 50)) fn(t);
  return texts.map((t) => {
    const t0 = performance.now();
    fn(t);
    return performance.now() - t0;
  });
}

/** CPU time (ms) of `fn` per text, all texts together: what a message costs when the machine is shared. */
function cpuPerText(texts: readonly string[], fn: (t: string) => unknown): number {
  const c0 = process.cpuUsage();
  for (const t of texts) fn(t);
  return cpuMs(c0) / texts.length;
}

/**
 * A city-sized set from the real messages: class c has its own "matter", the title of one real
 * message, and each text is that title plus the body of a random message and a sentence of
 * another, so classes overlap in vocabulary the way a city's subjects do.
 */
function synthetic(source: readonly LabelledText[], n: number, classes: number): LabelledText[] {
  let s = 12345;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const titles = source.map((e) => e.text.split('\n')[0]!);
  const bodies = source.map((e) => e.text.split('\n').slice(2).join('\n'));
  const matter = Array.from({ length: classes }, (_, c) => titles[(c * 7919) % titles.length]!);
  return Array.from({ length: n }, (_, i) => {
    const c = i % classes;
    const body = bodies[Math.floor(random() * bodies.length)]!;
    const other = bodies[Math.floor(random() * bodies.length)]!.split('。')[0]!;
    return { text: classifierText(matter[c]!, `${body}。${other}`), label: `类${String(c).padStart(3, '0')}` };
  });
}

export async function benchClassify(options: ClassifyBenchOptions = {}): Promise<void> {
  const n = options.n ?? 50_000;
  const classes = options.classes ?? 200;
  const examples = labelled();
  const tokenizer = Tokenizer.create();
  say(`${examples.length} labelled messages, ${new Set(examples.map((e) => e.label)).size} classes`);

  // CPU time beside wall time: on a shared machine the wall clock also counts other people's work.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const classifier = trainClassifier(examples, tokenizer);
  const trainMs = performance.now() - t0;
  const trainCpuMs = cpuMs(cpu0);
  const model = classifier.toModel();
  say(`trained in ${(trainMs / 1000).toFixed(2)} s (CPU ${(trainCpuMs / 1000).toFixed(2)} s): ${model.terms.length} features, temperature ${model.temperature.toFixed(2)}, model ${(JSON.stringify(model).length / 1e6).toFixed(2)} MB`);

  const texts = examples.map((e) => e.text);
  const cut = latencies(texts, (t) => tokenizer.words(t));
  const predict = latencies(texts, (t) => classifier.predict(t));
  const latency = {
    cutP50: round(quantile(cut, 0.5)), cutP95: round(quantile(cut, 0.95)),
    predictP50: round(quantile(predict, 0.5)), predictP95: round(quantile(predict, 0.95)),
    cutCpuMean: round(cpuPerText(texts, (t) => tokenizer.words(t))), predictCpuMean: round(cpuPerText(texts, (t) => classifier.predict(t))),
  };
  say(`per message: tokenizer cut alone p50 ${latency.cutP50} ms p95 ${latency.cutP95} ms; predict p50 ${latency.predictP50} ms p95 ${latency.predictP95} ms `
    + `(${(latency.predictP50 / latency.cutP50).toFixed(1)}× the cut); CPU a message: cut ${latency.cutCpuMean} ms, predict ${latency.predictCpuMean} ms`);

  const c0 = performance.now();
  const cv = crossValidate(examples, tokenizer, { folds: 5, seed: 1 });
  const cvMs = performance.now() - c0;
  say(`5-fold CV: macro-F1 ${cv.macroF1.toFixed(3)}, accuracy ${cv.accuracy.toFixed(3)}, ECE ${cv.ece.toFixed(3)} (${(cvMs / 1000).toFixed(1)} s)`);

  let city: object | null = null;
  if (n > 0) {
    const big = synthetic(examples, n, classes);
    say(`synthetic set: ${n.toLocaleString('en')} texts × ${classes} classes, training…`);
    const bigCpu0 = process.cpuUsage();
    const b0 = performance.now();
    const bigClassifier = trainClassifier(big, tokenizer);
    const bigMs = performance.now() - b0;
    const bigCpuMs = cpuMs(bigCpu0);
    const bigModel = bigClassifier.toModel();
    const bytes = JSON.stringify(bigModel).length;
    const bigPredict = latencies(big.slice(0, 500).map((e) => e.text), (t) => bigClassifier.predict(t, 5));
    // Quality check of the fast path (2 passes, one 10 % calibration slice): 2,000 fresh texts made the same way.
    const fresh = evaluate(bigClassifier, synthetic(examples, n + 2_000, classes).slice(n));
    city = {
      n, classes, trainMs: Math.round(bigMs), trainCpuMs: Math.round(bigCpuMs), features: bigModel.terms.length, modelMB: round(bytes / 1e6, 2), temperature: round(bigModel.temperature),
      predictTop5P50: round(quantile(bigPredict, 0.5)), predictTop5P95: round(quantile(bigPredict, 0.95)),
      freshAccuracy: round(fresh.accuracy), freshMacroF1: round(fresh.macroF1), freshEce: round(fresh.ece),
    };
    say(`synthetic: trained in ${(bigMs / 1000).toFixed(1)} s (CPU ${(bigCpuMs / 1000).toFixed(1)} s), ${bigModel.terms.length} features, model ${(bytes / 1e6).toFixed(1)} MB, predict top 5 p50 ${round(quantile(bigPredict, 0.5))} ms; `
      + `on 2,000 fresh texts accuracy ${fresh.accuracy.toFixed(3)}, macro-F1 ${fresh.macroF1.toFixed(3)}, ECE ${fresh.ece.toFixed(3)}`);
  }

  const line = `classify ${examples.length} messages: train ${(trainMs / 1000).toFixed(2)} s (CPU ${(trainCpuMs / 1000).toFixed(2)} s), predict p50 ${latency.predictP50} ms / p95 ${latency.predictP95} ms `
    + `(tokenizer cut alone ${latency.cutP50} ms), 5-fold CV macro-F1 ${cv.macroF1.toFixed(3)} ECE ${cv.ece.toFixed(3)}`
    + (city ? `; ${n.toLocaleString('en')} × ${classes} synthetic: train ${((city as { trainMs: number }).trainMs / 1000).toFixed(0)} s `
      + `(CPU ${((city as { trainCpuMs: number }).trainCpuMs / 1000).toFixed(0)} s), model ${(city as { modelMB: number }).modelMB} MB` : '');
  say(`written to ${writeResult('classify', {
    messages: examples.length, trainMs: Math.round(trainMs), trainCpuMs: Math.round(trainCpuMs), features: model.terms.length, latencyMs: latency,
    cv: { folds: 5, macroF1: round(cv.macroF1), accuracy: round(cv.accuracy), ece: round(cv.ece), trainMsPerFold: Math.round(cv.trainMsPerFold), perClass: cv.perClass },
    synthetic: city,
  }, line)}`);
}
