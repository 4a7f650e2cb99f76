// The features of the text classifier: TF-IDF over the tokenizer's content words and over character
// n-grams of the normalised text. Words carry meaning (拖欠 工资, 噪音); character n-grams catch what
// segmentation cuts differently or does not know (新地名, 错别字, 农民工工资 vs 工资). Each block gets
// sublinear tf (1 + ln tf) × smoothed idf, is L2-normalised on its own (so long messages do not drown
// the word block in n-grams), weighted, and the whole vector normalised again.
import type { Tokenizer } from './tokenizer.js';
import { normalizeText } from './words.js';

export interface FeatureOptions {
  /** Shortest and longest character n-gram (default 1–3). */
  charMin: number;
  charMax: number;
  /** Weight of the word block against the character block (each is unit length before weighting). */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 1, charMax: 3, wordWeight: 1, charWeight: 1 };

/** A sparse vector: feature indices ascending, with their values. */
export interface SparseVector { index: Int32Array; value: Float32Array }

// Terms of the two blocks share one vocabulary, told apart by a prefix no text can produce.
const WORD = 'w\u0000';
const CHAR = 'c\u0000';
export const isWordTerm = (term: string): boolean => term.startsWith(WORD);
export const termText = (term: string): string => term.slice(2);

/** The terms of a text with their counts: its content words and its character n-grams. */
export function analyze(text: string, tokenizer: Tokenizer, options: FeatureOptions): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (t: string) => terms.set(t, (terms.get(t) ?? 0) + 1);
  for (const w of tokenizer.words(text)) add(WORD + w.replace(/\d+/g, '0'));
  // n-grams run inside stretches of letters and digits only: punctuation ends a stretch, and every
  // number reads as 0 (a house number or a date says nothing about the matter).
  const normal = normalizeText(text).replace(/\d+(?:\.\d+)?/g, '0');
  for (const run of normal.split(/[^\p{L}\p{N}]+/u)) {
    if (!run) continue;
    // Chinese is all in the BMP, one code unit a character: slice the string; split only astral text.
    const chars = /[\uD800-\uDFFF]/.test(run) ? [...run] : null;
    const length = chars ? chars.length : run.length;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let i = 0; i + n <= length; i++) add(CHAR + (chars ? chars.slice(i, i + n).join('') : run.slice(i, i + n)));
    }
  }
  return terms;
}

/** The vocabulary a model keeps: its terms, their idf, and a lookup from term to feature index. */
export class Vocabulary {
  readonly index: Map<string, number>;
  readonly wordBlock: Uint8Array;
  private scratch: Float64Array | null = null;

  constructor(readonly terms: readonly string[], readonly idf: Float32Array, readonly options: FeatureOptions) {
    this.index = new Map(terms.map((t, i) => [t, i]));
    this.wordBlock = Uint8Array.from(terms, (t) => (isWordTerm(t) ? 1 : 0));
  }

  get size(): number {
    return this.terms.length;
  }

  /**
   * Chooses the vocabulary from training documents: terms in at least `minDf` documents and, past
   * `maxFeatures`, the most frequent ones (by document frequency, ties by term), so the model keeps
   * a bounded size whatever the city's volume. idf = ln((1 + n) / (1 + df)) + 1.
   */
  static build(docs: Iterable<Map<string, number>>, options: FeatureOptions, minDf: number, maxFeatures: number): Vocabulary {
    const df = new Map<string, number>();
    let n = 0;
    for (const doc of docs) {
      n += 1;
      for (const t of doc.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    }
    let kept = [...df].filter(([, d]) => d >= minDf);
    if (kept.length > maxFeatures) {
      kept.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      kept = kept.slice(0, maxFeatures);
    }
    // Features in term order (the native string sort), so the same data gives the same model byte for byte.
    const terms = kept.map(([t]) => t).sort();
    const idf = Float32Array.from(terms, (t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
    return new Vocabulary(terms, idf, options);
  }

  /**
   * The same terms with idf counted over other documents (e.g. the labelled and the unlabelled
   * texts together): which terms to keep is decided by the labelled data, what a term is worth
   * by every message of the kind.
   */
  withIdfOf(docs: Iterable<Map<string, number>>): Vocabulary {
    const df = new Float64Array(this.terms.length);
    let n = 0;
    for (const doc of docs) {
      n += 1;
      for (const t of doc.keys()) {
        const f = this.index.get(t);
        if (f !== undefined) df[f]! += 1;
      }
    }
    return new Vocabulary(this.terms, Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1), this.options);
  }

  /** The same terms with each idf multiplied by `factor[f]` (supervised term weighting). */
  scaled(factor: Float32Array): Vocabulary {
    return new Vocabulary(this.terms, this.idf.map((v, f) => v * factor[f]!), this.options);
  }

  /**
   * A vector of this vocabulary as `scaled(factor)` would have made it: each value times its
   * factor, then the blocks and the whole normalised again, as vectorize does (without analysing
   * the text again: for a big set that is a third of training).
   */
  rescale(v: SparseVector, factor: Float32Array): SparseVector {
    const value = new Float32Array(v.value.length);
    let wordNorm = 0;
    let charNorm = 0;
    for (let j = 0; j < value.length; j++) {
      const f = v.index[j]!;
      const x = v.value[j]! * factor[f]!;
      value[j] = x;
      if (this.wordBlock[f]) wordNorm += x * x;
      else charNorm += x * x;
    }
    const wordScale = wordNorm > 0 ? this.options.wordWeight / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? this.options.charWeight / Math.sqrt(charNorm) : 0;
    let total = 0;
    for (let j = 0; j < value.length; j++) {
      value[j]! *= this.wordBlock[v.index[j]!] ? wordScale : charScale;
      total += value[j]! * value[j]!;
    }
    if (total > 0) {
      const s = 1 / Math.sqrt(total);
      for (let j = 0; j < value.length; j++) value[j]! *= s;
    }
    return { index: v.index, value };
  }

  /** The TF-IDF vector of a document's terms (unknown terms dropped); empty if nothing is known. */
  vectorize(doc: Map<string, number>): SparseVector {
    // Values go to a scratch row indexed by feature, so only the indices need sorting (a typed-array sort).
    const scratch = (this.scratch ??= new Float64Array(this.terms.length));
    const found = new Int32Array(doc.size);
    let m = 0;
    let wordNorm = 0;
    let charNorm = 0;
    for (const [t, count] of doc) {
      const f = this.index.get(t);
      if (f === undefined) continue;
      const v = (1 + Math.log(count)) * this.idf[f]!;
      scratch[f] = v;
      found[m++] = f;
      if (this.wordBlock[f]) wordNorm += v * v;
      else charNorm += v * v;
    }
    const index = found.slice(0, m).sort();
    const wordScale = wordNorm > 0 ? this.options.wordWeight / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? this.options.charWeight / Math.sqrt(charNorm) : 0;
    const value = new Float32Array(m);
    let total = 0;
    for (let i = 0; i < m; i++) {
      const f = index[i]!;
      const x = scratch[f]! * (this.wordBlock[f] ? wordScale : charScale);
      scratch[f] = 0;
      value[i] = x;
      total += x * x;
    }
    if (total > 0) {
      const s = 1 / Math.sqrt(total);
      for (let i = 0; i < m; i++) value[i]! *= s;
    }
    return { index, value };
  }
}
