// Text classifier for hotline messages (issue 5 §2): TF-IDF over jieba words and character n-grams
// (features.ts), multinomial logistic regression (softmax) with L2 trained by SGD, and confidence
// calibrated by temperature scaling fitted on held-out folds of the training data, so a suggestion
// shown "80%" is right about 8 times in 10. Pure: no database, no files; the caller passes the
// platform's Tokenizer and stores the JSON model wherever it likes.
import { analyze, DEFAULT_FEATURES, type FeatureOptions, type SparseVector, Vocabulary } from './features.js';
import { accuracy, classReports, confusionMatrix, expectedCalibrationError, macroF1, type ClassReport } from './metrics.js';
import type { Tokenizer } from './tokenizer.js';

export type { ClassReport } from './metrics.js';

export interface LabelledText { text: string; label: string }
/** `probability` is calibrated; over all labels the probabilities sum to 1 (within float error). */
export interface Prediction { label: string; probability: number }

export interface TrainOptions {
  /** Seed of the shuffles and folds: the same data and seed give the same model, byte for byte. Default 1. */
  seed?: number;
  /**
   * Passes over the data (default: 10 up to 10,000 examples, then about 100,000 steps in all, at
   * least 2: a big set needs fewer passes for as many steps, and a pass is the cost of training).
   */
  epochs?: number;
  /** L2 penalty λ on the weights, per example (default 1e-5). */
  l2?: number;
  /** Initial SGD step, decayed linearly to 0 (default 4; the features are unit vectors). */
  learningRate?: number;
  /**
   * Class weights ∝ (n / (K · n_class))^power: 0 trains on raw frequencies, 1 fully balances the
   * classes (rare subjects count as much as common ones: what macro-F1 and a catalogue of rare
   * subjects want). Default 1.
   */
  classWeightPower?: number;
  /** Character n-gram lengths (default [1, 3]). */
  charNgrams?: [number, number];
  /** Weights of the word block and the character block (default 1 and 1). */
  wordWeight?: number;
  charWeight?: number;
  /** A term must occur in this many training texts to become a feature (default 2). */
  minDf?: number;
  /** Feature cap (default: 100,000, lowered for many classes so the model stays under ~15 MB). */
  maxFeatures?: number;
  /**
   * Folds for fitting the temperature: 0 = no calibration; 1 = one stratified 10 % hold-out: the
   * model is trained once on the other 90 %, the temperature fitted on the slice, and that model is
   * the one kept (no second training: for big sets a tenth of the data is worth less than half the
   * time); k ≥ 2 = k-fold out-of-fold logits, then the final model on everything (k + 1 trainings).
   * Default 2 up to 20,000 examples, 1 beyond.
   */
  calibrationFolds?: number;
  /**
   * Texts of the same kind without labels (composed like the examples, see classifierText): they
   * join the idf counts (what a term is worth is learnt from every message, not only the few
   * labelled; the vocabulary itself comes from the labelled texts), and — self-training, when
   * `pseudoLabelThreshold` is given — those the model trained on the labelled examples predicts
   * with calibrated probability ≥ the threshold are added with that label and the model is trained
   * again. Their labels are the model's own guesses: they never count in any score.
   */
  unlabelled?: readonly string[];
  /**
   * Naive-Bayes feature scaling (as in NBSVM, Wang & Manning 2012, for many classes): each feature's
   * idf is multiplied by (spread of its per-class naive Bayes log-probabilities)^γ, so terms that
   * tell classes apart weigh more before the regression sees them. γ = this option; 0 = plain TF-IDF.
   * Default 1 (chosen on the sample file: 5-fold macro-F1 0.797 → 0.830, sample → dev 0.780 → 0.801).
   */
  naiveBayesScaling?: number;
  /**
   * Confidence a prediction of an unlabelled text needs to become a training example. Default: no
   * self-training (idf only): on the sample file it did not pay (5-fold 0.851 idf only, 0.833 with
   * pseudo-labels ≥ 0.9; sample → dev 0.808 against 0.805). Above 1: none.
   */
  pseudoLabelThreshold?: number;
}

/** The stored model: plain JSON, weights as base64 of typed arrays. */
export interface ClassifierModel {
  version: 1;
  labels: string[];
  features: FeatureOptions;
  /** Feature terms (word terms `w\0…`, character n-grams `c\0…`), in feature order. */
  terms: string[];
  /** base64 Float32Array: idf per feature. */
  idf: string;
  /** base64 Int8Array, feature-major (terms × labels): weights quantised per feature row. */
  weights: string;
  /** base64 Float32Array: the scale of each feature row (weight = int8 × scale). */
  weightScale: string;
  bias: number[];
  /** Logits are divided by it before the softmax (fitted on held-out folds; 1 = uncalibrated). */
  temperature: number;
  /** `pseudoLabelled`: unlabelled texts the model labelled itself and was trained on (self-training). */
  trained: { examples: number; perLabel: number[]; seed: number; pseudoLabelled?: number };
}

export interface EvaluationReport {
  macroF1: number;
  accuracy: number;
  /** Expected calibration error of the top label's probability (10 equal-width bins). */
  ece: number;
  perClass: ClassReport[];
  /** `confusion[actual][predicted]`, indices into `perClass`. */
  confusion: number[][];
}

export interface CrossValidationReport extends EvaluationReport {
  folds: number;
  /** Mean wall time to train one fold's model (including its calibration), ms. */
  trainMsPerFold: number;
}

// ── Model ─────────────────────────────────────────────────────────────────────────────────────

export class TextClassifier {
  readonly labels: readonly string[];
  private readonly vocabulary: Vocabulary;
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;
  private readonly temperature: number;

  private constructor(private readonly model: ClassifierModel, private readonly tokenizer: Tokenizer) {
    this.labels = model.labels;
    this.vocabulary = new Vocabulary(model.terms, decodeFloat32(model.idf), model.features);
    const q = decodeInt8(model.weights);
    const scale = decodeFloat32(model.weightScale);
    const k = model.labels.length;
    if (q.length !== model.terms.length * k || scale.length !== model.terms.length || model.bias.length !== k) {
      throw new Error('classifier model is inconsistent: weights do not match terms × labels');
    }
    this.weights = new Float32Array(q.length);
    for (let f = 0; f < scale.length; f++) for (let c = 0; c < k; c++) this.weights[f * k + c] = q[f * k + c]! * scale[f]!;
    this.bias = Float64Array.from(model.bias);
    this.temperature = model.temperature;
  }

  /** All labels (or the `top` best) by calibrated probability, highest first; ties by label order. */
  predict(text: string, top?: number): Prediction[] {
    return this.predictTerms(analyze(text, this.tokenizer, this.vocabulary.options), top);
  }

  /** @internal predict from already analysed terms (cross-validation analyses each text once). */
  predictTerms(terms: Map<string, number>, top?: number): Prediction[] {
    const p = softmax(scores(this.vocabulary.vectorize(terms), this.weights, this.bias), this.temperature);
    const order = [...p.keys()].sort((a, b) => p[b]! - p[a]! || a - b);
    const chosen = top === undefined ? order : order.slice(0, Math.max(0, top));
    return chosen.map((c) => ({ label: this.labels[c]!, probability: p[c]! }));
  }

  toModel(): ClassifierModel {
    return structuredClone(this.model);
  }

  static fromModel(model: ClassifierModel, tokenizer: Tokenizer): TextClassifier {
    if (model?.version !== 1) throw new Error(`unsupported classifier model version: ${String(model?.version)}`);
    return new TextClassifier(structuredClone(model), tokenizer);
  }
}

/**
 * Trains on labelled texts. Every distinct label becomes a class, however rare: a subject seen once
 * is still learnt (weakly) rather than crashing or vanishing.
 */
export function trainClassifier(examples: readonly LabelledText[], tokenizer: Tokenizer, options: TrainOptions = {}): TextClassifier {
  if (examples.length === 0) throw new Error('no examples to train on');
  const labels = labelsOf(examples);
  const y = Int32Array.from(examples, (e) => labels.indexOf(e.label));
  const o = resolve(options, examples.length, labels.length);
  // Small sets keep each text's terms between the two passes; big ones analyse twice rather than
  // hold millions of n-gram maps in memory.
  const cached = examples.length <= 5_000 ? examples.map((e) => analyze(e.text, tokenizer, o.features)) : null;
  const termsAt = (i: number) => cached?.[i] ?? analyze(examples[i]!.text, tokenizer, o.features);
  const texts = options.unlabelled ?? [];
  const unlabelled = { count: texts.length, termsAt: (j: number) => analyze(texts[j]!, tokenizer, o.features) };
  return TextClassifier.fromModel(fitModel(examples.length, termsAt, y, labels, o, unlabelled), tokenizer);
}

/** Scores a trained classifier on labelled texts (labels it does not know count as always missed). */
export function evaluate(classifier: TextClassifier, examples: readonly LabelledText[]): EvaluationReport {
  const labels = [...classifier.labels, ...labelsOf(examples).filter((l) => !classifier.labels.includes(l))];
  const actual: number[] = [];
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (const e of examples) {
    const best = classifier.predict(e.text, 1)[0]!;
    actual.push(labels.indexOf(e.label));
    predicted.push(labels.indexOf(best.label));
    confidence.push(best.probability);
  }
  return report(labels, actual, predicted, confidence);
}

/**
 * Stratified k-fold cross-validation: each fold's model (vocabulary, idf, weights, temperature) is
 * fitted on the other folds only, then scored on its own; the report pools all folds' predictions.
 */
export function crossValidate(
  examples: readonly LabelledText[], tokenizer: Tokenizer,
  options: TrainOptions & { folds?: number; prior?: readonly LabelledText[] } = {},
): CrossValidationReport {
  const k = options.folds ?? 5;
  if (!Number.isInteger(k) || k < 2) throw new Error('folds must be a whole number ≥ 2');
  if (examples.length < k) throw new Error(`${examples.length} examples cannot make ${k} folds`);
  // A label only the prior examples have can still be predicted: it is a class of the report (support 0).
  const labels = labelsOf([...examples, ...(options.prior ?? [])]);
  const y = Int32Array.from(examples, (e) => labels.indexOf(e.label));
  const features = resolve(options, examples.length, labels.length).features;
  const terms = examples.map((e) => analyze(e.text, tokenizer, features));
  // Prior examples (e.g. the catalogue's names) join every fold's training part, never a test part.
  const prior = (options.prior ?? []).map((e) => ({ label: e.label, terms: analyze(e.text, tokenizer, features) }));
  // Unlabelled texts (self-training, idf) are analysed once for all folds; a fold never sees a test label.
  const unlabelledTerms = (options.unlabelled ?? []).map((t) => analyze(t, tokenizer, features));
  const unlabelled = { count: unlabelledTerms.length, termsAt: (j: number) => unlabelledTerms[j]! };
  const folds = stratifiedFolds(y, k, options.seed ?? 1);
  const actual: number[] = [];
  const predicted: number[] = [];
  const confidence: number[] = [];
  let trainMs = 0;
  for (const test of folds) {
    const inTest = new Set(test);
    const train = [...y.keys()].filter((i) => !inTest.has(i));
    const t0 = performance.now();
    // The fold's model knows only the labels its training part holds, like a real model would.
    const parts = [...train.map((i) => ({ label: examples[i]!.label, terms: terms[i]! })), ...prior];
    const foldLabels = labelsOf(parts);
    const o = resolve(options, parts.length, foldLabels.length);
    const foldY = Int32Array.from(parts, (e) => foldLabels.indexOf(e.label));
    const model = fitModel(parts.length, (j) => parts[j]!.terms, foldY, foldLabels, o, unlabelled);
    const classifier = TextClassifier.fromModel(model, tokenizer);
    trainMs += performance.now() - t0;
    for (const i of test) {
      const best = classifier.predictTerms(terms[i]!, 1)[0]!;
      actual.push(y[i]!);
      predicted.push(labels.indexOf(best.label));
      confidence.push(best.probability);
    }
  }
  return { ...report(labels, actual, predicted, confidence), folds: k, trainMsPerFold: trainMs / k };
}

/**
 * The text a message is classified by: its title twice, then its body. The title is the citizen's
 * own one-line summary (A市某小区夜间施工噪音扰民) and says more about the matter per character
 * than the body, so it counts double. Train and predict with the same composition.
 */
export function classifierText(title: string, body: string): string {
  const t = title.trim();
  return t ? `${t}\n${t}\n${body.trim()}` : body.trim();
}

// ── Training ──────────────────────────────────────────────────────────────────────────────────

interface Resolved {
  seed: number;
  epochs: number;
  l2: number;
  learningRate: number;
  classWeightPower: number;
  minDf: number;
  maxFeatures: number;
  calibrationFolds: number;
  /** Passes were given (else they follow the number of training rows, see epochsFor). */
  fixedEpochs: boolean;
  pseudoLabelThreshold: number;
  naiveBayesScaling: number;
  features: FeatureOptions;
}

/** 10 passes up to 10,000 rows, then about 100,000 steps in all, at least 2 passes. */
const epochsFor = (rows: number): number => Math.max(2, Math.min(10, Math.ceil(100_000 / Math.max(1, rows))));

function resolve(o: TrainOptions, n: number, classes: number): Resolved {
  const [charMin, charMax] = o.charNgrams ?? [DEFAULT_FEATURES.charMin, DEFAULT_FEATURES.charMax];
  if (!(charMin >= 1 && charMax >= charMin)) throw new Error('charNgrams must be [min, max] with 1 ≤ min ≤ max');
  return {
    seed: o.seed ?? 1,
    // 10 passes for a couple of thousand texts; big sets need fewer passes for as many steps.
    epochs: o.epochs ?? epochsFor(n),
    fixedEpochs: o.epochs !== undefined,
    pseudoLabelThreshold: o.pseudoLabelThreshold ?? Infinity,
    naiveBayesScaling: o.naiveBayesScaling ?? 1,
    l2: o.l2 ?? 1e-5,
    learningRate: o.learningRate ?? 4,
    classWeightPower: o.classWeightPower ?? 1,
    minDf: o.minDf ?? 2,
    // int8 weights: terms × classes bytes (+ base64's third) ≈ 16 MB for 300 classes at 40,000 terms.
    maxFeatures: o.maxFeatures ?? Math.max(5_000, Math.min(100_000, Math.floor(12_000_000 / Math.max(1, classes)))),
    calibrationFolds: o.calibrationFolds ?? (n <= 20_000 ? 2 : 1),
    features: {
      charMin, charMax,
      wordWeight: o.wordWeight ?? DEFAULT_FEATURES.wordWeight,
      charWeight: o.charWeight ?? DEFAULT_FEATURES.charWeight,
    },
  };
}

/** Texts without labels, analysed on demand (see TrainOptions.unlabelled). */
interface Unlabelled { count: number; termsAt: (j: number) => Map<string, number> }

function fitModel(
  n: number, termsAt: (i: number) => Map<string, number>, y: Int32Array, labels: string[], o: Resolved,
  unlabelled: Unlabelled = { count: 0, termsAt: () => new Map() },
): ClassifierModel {
  const k = labels.length;
  const u = unlabelled.count;
  // The vocabulary comes from the labelled texts (a term no labelled text has gets no weight worth
  // keeping), from at most VOCABULARY_SAMPLE of them (every s-th): document frequencies of 10,000
  // texts rank terms as well as those of 50,000, and a big set is then analysed once more only, not
  // twice in full (analysis is about half of a big training's time). Unlabelled texts refine the idf.
  const stride = Math.max(1, Math.ceil(n / VOCABULARY_SAMPLE));
  const sampled = Math.ceil(n / stride);
  let vocabulary = Vocabulary.build((function* () {
    for (let i = 0; i < n; i += stride) yield termsAt(i);
  })(), o.features, sampled >= 2 * o.minDf ? o.minDf : 1, o.maxFeatures);
  if (u > 0) {
    const idfStride = Math.max(1, Math.ceil((n + u) / VOCABULARY_SAMPLE));
    vocabulary = vocabulary.withIdfOf((function* () {
      for (let i = 0; i < n + u; i += idfStride) yield i < n ? termsAt(i) : unlabelled.termsAt(i - n);
    })());
  }
  let x: SparseVector[] = [];
  for (let i = 0; i < n; i++) x.push(vocabulary.vectorize(termsAt(i)));
  const f = vocabulary.size;
  if (o.naiveBayesScaling > 0 && k >= 2) {
    // The scaling is learnt from these training rows and kept in the model's idf, so prediction
    // needs nothing new. (The temperature's held-out rows are among them: a slight optimism the
    // cross-validation's ECE, measured on folds the model never saw, would show.)
    const factor = naiveBayesSpread(x, y, k, f, o.naiveBayesScaling);
    const scaled = vocabulary.scaled(factor);
    x = x.map((v) => vocabulary.rescale(v, factor));
    vocabulary = scaled;
  }
  let model = trainCalibrated(x, y, k, f, o, n);
  let pseudo = 0;
  if (u > 0 && o.pseudoLabelThreshold <= 1 && k >= 2) {
    // Self-training: the unlabelled texts the model is sure of join as examples of their predicted
    // label; the model is trained again. The temperature is fitted on held-out LABELLED rows only
    // (the pseudo-labelled always train): a model agrees with its own guesses too easily.
    const extraX: SparseVector[] = [];
    const extraY: number[] = [];
    for (let j = 0; j < u; j++) {
      const v = vocabulary.vectorize(unlabelled.termsAt(j));
      const p = softmax(scores(v, model.weights, model.bias), model.temperature);
      let best = 0;
      for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
      if (p[best]! >= o.pseudoLabelThreshold) {
        extraX.push(v);
        extraY.push(best);
      }
    }
    pseudo = extraX.length;
    if (pseudo > 0) {
      const rows = n + pseudo;
      const again = o.fixedEpochs ? o : { ...o, epochs: epochsFor(rows) };
      const allY = new Int32Array(rows);
      allY.set(y);
      allY.set(extraY, n);
      model = trainCalibrated([...x, ...extraX], allY, k, f, again, n);
    }
  }
  const { q, scale } = quantize(model.weights, f, k);
  const perLabel = new Array<number>(k).fill(0);
  for (const c of y) perLabel[c]! += 1;
  return {
    version: 1, labels, features: o.features, terms: [...vocabulary.terms],
    idf: encode(vocabulary.idf), weights: encode(q), weightScale: encode(scale),
    bias: [...model.bias], temperature: model.temperature,
    trained: { examples: n, perLabel, seed: o.seed, ...(pseudo ? { pseudoLabelled: pseudo } : {}) },
  };
}

const VOCABULARY_SAMPLE = 10_000;

/**
 * Multinomial logistic regression by plain SGD, one example at a time in a seeded order, step
 * decaying linearly to 0. The L2 shrink is applied through one shared scale factor (W = scale · V),
 * so a step touches only the rows of the example's features: O(nnz × classes), not O(features × classes).
 * Weights are feature-major (row f holds the k classes of feature f), so a step walks nnz contiguous
 * rows; the row loops are unrolled by four (V8 does not vectorise; unrolling halves the loop
 * overhead that dominates at 200 classes: measured 0.40 → 0.21 ms for 700 rows × 200 classes).
 */
function sgd(x: readonly SparseVector[], y: Int32Array, rows: Int32Array, k: number, f: number, o: Resolved): { weights: Float32Array; bias: Float64Array } {
  // float32: half the memory traffic of float64 on the rows each step reads (the cost at 200+ classes).
  const w = new Float32Array(f * k);
  const bias = new Float64Array(k);
  const cw = classWeights(y, rows, k, o.classWeightPower);
  const order = Int32Array.from(rows);
  const random = mulberry32(o.seed);
  const total = o.epochs * order.length;
  const logit = new Float64Array(k);
  const active = new Int32Array(k);
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (let r = 0; r < order.length; r++) {
      const i = order[r]!;
      const eta = o.learningRate * (1 - t / total);
      t += 1;
      const { index, value } = x[i]!;
      logit.set(bias);
      for (let j = 0; j < index.length; j++) scoreRow(logit, w, index[j]! * k, value[j]! * scale, k);
      softmaxInPlace(logit, 1);
      const yi = y[i]!;
      const weight = cw[yi]!;
      // The gradient, kept only for the classes it moves: once a class is clearly ruled out
      // (p < 1e-4) its step is negligible, and with hundreds of classes most are.
      let m = 0;
      for (let c = 0; c < k; c++) {
        const g = weight * (logit[c]! - (c === yi ? 1 : 0));
        if (c === yi || Math.abs(g) >= 1e-4) {
          logit[c] = g;
          active[m++] = c;
        } else {
          logit[c] = 0;
        }
      }
      scale *= 1 - eta * o.l2;
      const step = eta / scale;
      if (m * 4 >= k) {
        // Most classes move: the dense row update (the ruled-out ones carry a zero gradient).
        for (let j = 0; j < index.length; j++) updateRow(w, logit, index[j]! * k, -value[j]! * step, k);
      } else {
        for (let j = 0; j < index.length; j++) {
          const v = value[j]! * step;
          const base = index[j]! * k;
          for (let a = 0; a < m; a++) {
            const c = active[a]!;
            w[base + c]! -= v * logit[c]!;
          }
        }
      }
      for (let c = 0; c < k; c++) bias[c]! -= eta * logit[c]!;
      if (scale < 1e-6) {
        for (let q = 0; q < w.length; q++) w[q]! *= scale;
        scale = 1;
      }
    }
  }
  for (let q = 0; q < w.length; q++) w[q]! *= scale;
  return { weights: w, bias };
}

/** The hot loop of scoring: `logit[c] += v · w[base + c]` for every class, unrolled by four. */
function scoreRow(logit: Float64Array, w: Float32Array, base: number, v: number, k: number): void {
  let c = 0;
  for (; c + 3 < k; c += 4) {
    logit[c]! += v * w[base + c]!;
    logit[c + 1]! += v * w[base + c + 1]!;
    logit[c + 2]! += v * w[base + c + 2]!;
    logit[c + 3]! += v * w[base + c + 3]!;
  }
  for (; c < k; c++) logit[c]! += v * w[base + c]!;
}

/** The hot loop of a dense update: `w[base + c] += v · g[c]` for every class, unrolled by four. */
function updateRow(w: Float32Array, g: Float64Array, base: number, v: number, k: number): void {
  let c = 0;
  for (; c + 3 < k; c += 4) {
    w[base + c]! += v * g[c]!;
    w[base + c + 1]! += v * g[c + 1]!;
    w[base + c + 2]! += v * g[c + 2]!;
    w[base + c + 3]! += v * g[c + 3]!;
  }
  for (; c < k; c++) w[base + c]! += v * g[c]!;
}

/** (n / (K · n_c))^power for each class present, normalised so the examples' mean weight is 1. */
function classWeights(y: Int32Array, rows: Int32Array, k: number, power: number): Float64Array {
  const count = new Float64Array(k);
  for (const i of rows) count[y[i]!]! += 1;
  const present = count.filter((c) => c > 0).length;
  const cw = count.map((c) => (c > 0 ? (rows.length / (present * c)) ** power : 0));
  let mean = 0;
  for (const i of rows) mean += cw[y[i]!]! / rows.length;
  return cw.map((v) => v / mean);
}

/**
 * Trains the model and fits its temperature. Temperature scaling: models trained on part of the data
 * score the rest; the temperature T that minimises the held-out negative log-likelihood of
 * softmax(logits / T) is kept. With k ≥ 2 folds the final model is then trained on everything; with
 * one 10 % hold-out (big sets) the model trained on the other 90 % is the final one.
 */
function trainCalibrated(
  x: readonly SparseVector[], y: Int32Array, k: number, f: number, o: Resolved, heldFrom: number,
): { weights: Float32Array; bias: Float64Array; temperature: number } {
  // Rows from `heldFrom` on always train and are never held out (pseudo-labelled texts).
  const everyone = Int32Array.from(y.keys());
  const candidates = y.subarray(0, heldFrom);
  if (o.calibrationFolds === 0 || heldFrom < 10 || k < 2) return { ...sgd(x, y, everyone, k, f, o), temperature: 1 };
  const held: { logit: Float64Array; y: number }[] = [];
  if (o.calibrationFolds === 1) {
    const slice = new Set(stratifiedFolds(candidates, 10, o.seed + 7919)[0]);
    const model = sgd(x, y, everyone.filter((i) => !slice.has(i)), k, f, o);
    for (const i of slice) held.push({ logit: scores(x[i]!, model.weights, model.bias), y: y[i]! });
    return { ...model, temperature: fitTemperature(held) };
  }
  for (const test of stratifiedFolds(candidates, o.calibrationFolds, o.seed + 7919)) {
    const inTest = new Set(test);
    const { weights, bias } = sgd(x, y, everyone.filter((i) => !inTest.has(i)), k, f, o);
    for (const i of test) held.push({ logit: scores(x[i]!, weights, bias), y: y[i]! });
  }
  return { ...sgd(x, y, everyone, k, f, o), temperature: fitTemperature(held) };
}

/**
 * Per feature: (max − min over classes of log θ_cf)^γ, θ_cf ∝ the class's summed feature values + α
 * (multinomial naive Bayes, classes alike). A term spread evenly over the classes gets a small
 * factor, one concentrated in some classes a big one.
 */
function naiveBayesSpread(x: readonly SparseVector[], y: Int32Array, k: number, f: number, gamma: number): Float32Array {
  const sum = new Float64Array(f * k);
  const total = new Float64Array(k);
  x.forEach(({ index, value }, i) => {
    const c = y[i]!;
    for (let j = 0; j < index.length; j++) {
      sum[index[j]! * k + c]! += value[j]!;
      total[c]! += value[j]!;
    }
  });
  const alpha = 0.1;
  const logTotal = total.map((t) => Math.log(t + alpha * f));
  const out = new Float32Array(f);
  for (let r = 0; r < f; r++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = Math.log(sum[r * k + c]! + alpha) - logTotal[c]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    out[r] = (hi - lo) ** gamma;
  }
  return out;
}

/** The temperature minimising the held-out negative log-likelihood (golden-section search over log T). */
function fitTemperature(held: readonly { logit: Float64Array; y: number }[]): number {
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let s = 0;
    for (const h of held) s -= Math.log(Math.max(1e-300, softmax(h.logit, t)[h.y]!));
    return s;
  };
  // NLL is unimodal in log T: golden-section search over T ∈ [0.05, 20].
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let it = 0; it < 40; it++) {
    if (fa <= fb) {
      hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = nll(a);
    } else {
      lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────

function scores(v: SparseVector, w: Float32Array, bias: Float64Array): Float64Array {
  const k = bias.length;
  const logit = Float64Array.from(bias);
  for (let j = 0; j < v.index.length; j++) scoreRow(logit, w, v.index[j]! * k, v.value[j]!, k);
  return logit;
}

function softmax(logit: Float64Array, temperature: number): Float64Array {
  const p = Float64Array.from(logit);
  softmaxInPlace(p, temperature);
  return p;
}

function softmaxInPlace(v: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (const z of v) if (z > max) max = z;
  let sum = 0;
  for (let c = 0; c < v.length; c++) {
    v[c] = Math.exp((v[c]! - max) / temperature);
    sum += v[c]!;
  }
  for (let c = 0; c < v.length; c++) v[c]! /= sum;
}

/** Each feature row to int8 with its own scale (max |w| ↦ 127): a quarter of float32's size. */
function quantize(w: Float32Array, f: number, k: number): { q: Int8Array; scale: Float32Array } {
  const q = new Int8Array(f * k);
  const scale = new Float32Array(f);
  for (let r = 0; r < f; r++) {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(w[r * k + c]!));
    scale[r] = max / 127;
    const s = scale[r]!;
    if (s > 0) for (let c = 0; c < k; c++) q[r * k + c] = Math.round(w[r * k + c]! / s);
  }
  return { q, scale };
}

/** Labels in a fixed order (code-unit order), so the same data gives the same model. */
function labelsOf(examples: readonly { label: string }[]): string[] {
  return [...new Set(examples.map((e) => e.label))].sort();
}

/**
 * Stratified folds: each class's examples shuffled (seeded) and dealt round-robin, the deal carried
 * on from class to class so fold sizes differ by at most one. A class rarer than k sits in fewer folds.
 */
export function stratifiedFolds(y: Int32Array | readonly number[], k: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => byClass.set(c, [...(byClass.get(c) ?? []), i]));
  const folds = Array.from({ length: k }, () => [] as number[]);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(byClass.get(c)!);
    shuffle(members, random);
    for (const i of members) {
      folds[next % k]!.push(i);
      next += 1;
    }
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

function report(labels: readonly string[], actual: number[], predicted: number[], confidence: number[]): EvaluationReport {
  const confusion = confusionMatrix(actual, predicted, labels.length);
  return {
    macroF1: macroF1(confusion),
    accuracy: accuracy(confusion),
    ece: expectedCalibrationError(confidence, actual.map((a, i) => a === predicted[i])),
    perClass: classReports(confusion, labels),
    confusion,
  };
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

const encode = (a: Float32Array | Int8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function decodeFloat32(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

function decodeInt8(s: string): Int8Array {
  const b = Buffer.from(s, 'base64');
  return new Int8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}
