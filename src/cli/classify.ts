// `minsheng classify train | eval | cv`: the text classifier (src/text/classifier.ts) on labelled CSV
// exports, file-only: these commands never start the database. A model file holds the classifier
// with the columns it was trained on and the user words its tokenizer knew, so `eval` reads
// messages exactly as `train` did.
import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { readCsv } from '../services/csv-import.js';
import {
  classifierText, crossValidate, evaluate, trainClassifier,
  type ClassifierModel, type EvaluationReport, type LabelledText, TextClassifier,
} from '../text/classifier.js';
import { readWordList, Tokenizer } from '../text/tokenizer.js';

/** What `classify train` writes. */
export interface ClassifierFile {
  format: 'minsheng-classifier';
  textColumns: string[];
  labelColumn: string;
  /** The tokenizer's user words (from --words files), so eval and prediction cut text the same way. */
  words: string[];
  model: ClassifierModel;
}

/** A failure the user can fix: printed as one line, exit code 1, no stack. */
class InputError extends Error {}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const columnsList = (value: string): string[] => {
  const cols = value.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
  if (!cols.length) throw new InvalidArgumentError('give at least one column name, e.g. 留言主题,留言详情');
  return cols;
};

const wholeNumber = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}.`);
  return n;
};

/**
 * The labelled messages of CSV files. With two or more text columns the first is the title
 * (counted double, see classifierText) and the rest the body. Rows without a label or without text
 * are skipped and counted, not guessed.
 */
export function readLabelled(files: readonly string[], textColumns: readonly string[], labelColumn: string): { examples: LabelledText[]; skipped: number } {
  const examples: LabelledText[] = [];
  let skipped = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    let table: ReturnType<typeof readCsv>;
    try {
      table = readCsv(text);
    } catch (e) {
      throw new InputError(`${file}: ${(e as { message_en?: string }).message_en ?? (e as Error).message}`);
    }
    if (!table.header.length) throw new InputError(`${file} is empty (no header row)`);
    for (const c of [...textColumns, labelColumn]) {
      if (!table.header.includes(c)) throw new InputError(`${file}: column "${c}" not found (it has: ${table.header.join(', ')})`);
    }
    if (!table.records.length) throw new InputError(`${file} has a header but no rows`);
    for (const r of table.records) {
      const label = (r[labelColumn] ?? '').trim();
      const parts = textColumns.map((c) => (r[c] ?? '').trim());
      const body = parts.slice(1).filter(Boolean).join('\n');
      const message = parts.length > 1 ? classifierText(parts[0]!, body) : parts[0]!;
      if (!label || !message.trim()) {
        skipped += 1;
        continue;
      }
      examples.push({ text: message, label });
    }
  }
  if (!examples.length) throw new InputError('no labelled rows with text in the CSV');
  return { examples, skipped };
}

/**
 * Unlabelled messages (CSV files with the same text columns, no label needed) for self-training and
 * idf: composed like the labelled ones; empty texts and texts equal to a labelled message (the same
 * message exported twice) are dropped, so a message is never both.
 */
export function readUnlabelled(files: readonly string[], textColumns: readonly string[], labelled: readonly LabelledText[]): string[] {
  const seen = new Set(labelled.map((e) => e.text));
  const texts: string[] = [];
  for (const file of files) {
    let table: ReturnType<typeof readCsv>;
    try {
      table = readCsv(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(`cannot read unlabelled ${file}: ${(e as { message_en?: string }).message_en ?? (e as Error).message}`);
    }
    for (const c of textColumns) {
      if (!table.header.includes(c)) throw new InputError(`${file}: column "${c}" not found (it has: ${table.header.join(', ')})`);
    }
    for (const r of table.records) {
      const parts = textColumns.map((c) => (r[c] ?? '').trim());
      const body = parts.slice(1).filter(Boolean).join('\n');
      const message = parts.length > 1 ? classifierText(parts[0]!, body) : parts[0]!;
      if (!message.trim() || seen.has(message)) continue;
      seen.add(message);
      texts.push(message);
    }
  }
  return texts;
}

/**
 * A subject catalogue (the CSV `minsheng catalogue import` reads: 一级分类,二级分类,三级分类) as prior
 * examples: each row's names below `level`, labelled with its name at `level`. Only labels the
 * labelled data has are kept (a class known only by its name would be guessed, never learnt), and
 * 其他 ("other") says nothing. The catalogue is what the platform knows before any ticket: the
 * names 特种设备 or 传销 under 商贸旅游 teach the model what a few hundred messages may not.
 */
export function readCatalogue(file: string, level: number, labels: ReadonlySet<string>): LabelledText[] {
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read catalogue ${file}: ${(e as { message_en?: string }).message_en ?? (e as Error).message}`);
  }
  if (table.header.length <= level) throw new InputError(`catalogue ${file}: --catalogue-level ${level} needs more than ${level} columns (it has: ${table.header.join(', ')})`);
  const seen = new Set<string>();
  const prior: LabelledText[] = [];
  for (const r of table.records) {
    const label = (r[table.header[level - 1]!] ?? '').trim();
    const text = table.header.slice(level).map((h) => (r[h] ?? '').trim()).filter((n) => n && n !== '其他').join(' ');
    if (!labels.has(label) || !text || seen.has(`${label}\n${text}`)) continue;
    seen.add(`${label}\n${text}`);
    prior.push({ text, label });
  }
  return prior;
}

const readWords = (files: readonly string[]): string[] => files.flatMap((f) => {
  try {
    return readWordList(f);
  } catch (e) {
    throw new InputError(`cannot read word list ${f}: ${(e as Error).message}`);
  }
});

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

/** The per-class table, then the summary lines; the last line is always `macro-F1 0.NNN`. */
export function formatReport(report: EvaluationReport, extra: string[] = []): string {
  const width = Math.max(8, ...report.perClass.map((c) => [...c.label].length * 2)) + 2;
  const lines = [`${pad('label', width)}precision  recall  f1     support`];
  for (const c of report.perClass) {
    lines.push(`${pad(c.label, width)}${c.precision.toFixed(3).padEnd(11)}${c.recall.toFixed(3).padEnd(8)}${c.f1.toFixed(3).padEnd(7)}${c.support}`);
  }
  lines.push(`accuracy ${report.accuracy.toFixed(3)}`, `ECE ${report.ece.toFixed(3)}`, ...extra, `macro-F1 ${report.macroF1.toFixed(3)}`);
  return lines.join('\n');
}

interface CommonOptions {
  csv: string[]; textColumns: string[]; labelColumn: string; words?: string[]; catalogue?: string; catalogueLevel: number;
  unlabelled?: string[]; pseudoThreshold?: number;
}

const unlabelledHelp = 'a CSV of UNLABELLED messages with the same text columns: used for idf and self-training (confident predictions join the training data); repeat for more';
const probability = (value: string): number => {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError('--pseudo-threshold must be a number > 0 (above 1: no pseudo-labels, idf only).');
  return n;
};

const catalogueHelp = 'a subject catalogue CSV (一级分类,二级分类,三级分类): its names join the training data as prior examples of their class';

/** Adds `classify train | eval | cv` to the program. */
export function registerClassify(program: Command): void {
  const classify = program.command('classify').description('text classifier on labelled CSV files (no database): train a model, evaluate it, cross-validate');

  const run = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof InputError) program.error(`error: ${e.message}`);
      throw e;
    }
  };

  classify.command('train').description('train a classifier from labelled CSV files and write the model (JSON)')
    .requiredOption('--csv <file>', 'a labelled CSV (UTF-8); repeat for more files', collect)
    .requiredOption('--text-columns <a,b>', 'text columns; with two or more, the first is the title', columnsList)
    .requiredOption('--label-column <name>', 'the label column, e.g. 一级标签')
    .requiredOption('--out <model>', 'where to write the model JSON')
    .option('--words <file>', 'a word list for the tokenizer (one word a line); repeat for more', collect)
    .option('--catalogue <file>', catalogueHelp)
    .option('--catalogue-level <n>', 'the catalogue level the label column holds (1 = 一级分类)', wholeNumber('--catalogue-level', 1), 1)
    .option('--unlabelled <file>', unlabelledHelp, collect)
    .option('--pseudo-threshold <p>', 'self-training: the calibrated confidence an unlabelled message needs to become a training example (default: none, idf only)', probability)
    .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 1)
    .action((o: CommonOptions & { out: string; seed: number }) => run(() => {
      const words = readWords(o.words ?? []);
      const { examples, skipped } = readLabelled(o.csv, o.textColumns, o.labelColumn);
      const prior = o.catalogue ? readCatalogue(o.catalogue, o.catalogueLevel, new Set(examples.map((e) => e.label))) : [];
      if (o.catalogue) console.log(`catalogue: ${prior.length} names as prior examples`);
      const unlabelled = readUnlabelled(o.unlabelled ?? [], o.textColumns, examples);
      const t0 = performance.now();
      const classifier = trainClassifier([...examples, ...prior], Tokenizer.create(words), { seed: o.seed, unlabelled, pseudoLabelThreshold: o.pseudoThreshold });
      const ms = performance.now() - t0;
      const file: ClassifierFile = { format: 'minsheng-classifier', textColumns: o.textColumns, labelColumn: o.labelColumn, words, model: classifier.toModel() };
      const json = JSON.stringify(file);
      writeFileSync(o.out, json);
      const pseudo = file.model.trained.pseudoLabelled ?? 0;
      if (o.unlabelled) {
        console.log(`unlabelled: ${unlabelled.length} messages for idf`
          + (o.pseudoThreshold !== undefined ? `, ${pseudo} of them confident enough to train on (pseudo-labels ≥ ${o.pseudoThreshold})` : ''));
      }
      console.log(`trained on ${examples.length} messages${skipped ? ` (${skipped} rows without label or text skipped)` : ''}, ${classifier.labels.length} labels, `
        + `${file.model.terms.length} features, temperature ${file.model.temperature.toFixed(2)}, in ${(ms / 1000).toFixed(1)} s`);
      console.log(`model: ${o.out} (${(json.length / 1e6).toFixed(2)} MB)`);
    }));

  classify.command('eval').description('score a model on a labelled CSV: per-class precision / recall / F1, last line macro-F1')
    .requiredOption('--model <file>', 'a model written by classify train')
    .requiredOption('--csv <file>', 'a labelled CSV (UTF-8); repeat for more files', collect)
    .option('--text-columns <a,b>', 'text columns (default: those the model was trained on)', columnsList)
    .requiredOption('--label-column <name>', 'the label column')
    .option('--words <file>', 'word lists for the tokenizer (default: the words the model was trained with)', collect)
    .action((o: Partial<CommonOptions> & { model: string; labelColumn: string }) => run(() => {
      const file = readModelFile(o.model);
      const words = o.words ? readWords(o.words) : file.words;
      let classifier: TextClassifier;
      try {
        classifier = TextClassifier.fromModel(file.model, Tokenizer.create(words));
      } catch (e) {
        throw new InputError(`${o.model}: ${(e as Error).message}`);
      }
      const { examples, skipped } = readLabelled(o.csv ?? [], o.textColumns ?? file.textColumns, o.labelColumn);
      const t0 = performance.now();
      const report = evaluate(classifier, examples);
      const ms = performance.now() - t0;
      const unknown = report.perClass.filter((c) => !classifier.labels.includes(c.label) && c.support > 0);
      const extra = [
        `${examples.length} messages${skipped ? ` (${skipped} skipped)` : ''}, predicted in ${(ms / examples.length).toFixed(2)} ms a message`,
        ...(unknown.length ? [`labels the model does not know: ${unknown.map((c) => c.label).join(', ')}`] : []),
      ];
      console.log(formatReport(report, extra));
    }));

  classify.command('cv').description('stratified k-fold cross-validation on labelled CSV files, last line macro-F1')
    .requiredOption('--csv <file>', 'a labelled CSV (UTF-8); repeat for more files', collect)
    .requiredOption('--text-columns <a,b>', 'text columns; with two or more, the first is the title', columnsList)
    .requiredOption('--label-column <name>', 'the label column')
    .option('--words <file>', 'a word list for the tokenizer; repeat for more', collect)
    .option('--catalogue <file>', `${catalogueHelp} (added to every training part, never tested)`)
    .option('--catalogue-level <n>', 'the catalogue level the label column holds (1 = 一级分类)', wholeNumber('--catalogue-level', 1), 1)
    .option('--unlabelled <file>', `${unlabelledHelp} (never tested; no test label is ever used)`, collect)
    .option('--pseudo-threshold <p>', 'self-training: the calibrated confidence an unlabelled message needs to become a training example (default: none, idf only)', probability)
    .option('--folds <k>', 'folds', wholeNumber('--folds', 2), 5)
    .option('--seed <n>', 'random seed (folds and training)', wholeNumber('--seed', 0), 1)
    .action((o: CommonOptions & { folds: number; seed: number }) => run(() => {
      const tokenizer = Tokenizer.create(readWords(o.words ?? []));
      const { examples, skipped } = readLabelled(o.csv, o.textColumns, o.labelColumn);
      if (examples.length < o.folds) throw new InputError(`${examples.length} messages cannot make ${o.folds} folds`);
      const prior = o.catalogue ? readCatalogue(o.catalogue, o.catalogueLevel, new Set(examples.map((e) => e.label))) : [];
      const unlabelled = readUnlabelled(o.unlabelled ?? [], o.textColumns, examples);
      const t0 = performance.now();
      const report = crossValidate(examples, tokenizer, { folds: o.folds, seed: o.seed, prior, unlabelled, pseudoLabelThreshold: o.pseudoThreshold });
      const total = performance.now() - t0;
      console.log(formatReport(report, [
        `${examples.length} messages${skipped ? ` (${skipped} skipped)` : ''}, ${o.folds} folds, seed ${o.seed}${o.catalogue ? `, ${prior.length} catalogue names in every training part` : ''}`
          + (o.unlabelled ? `, ${unlabelled.length} unlabelled messages (idf${o.pseudoThreshold !== undefined ? `, self-training ≥ ${o.pseudoThreshold}` : ''})` : ''),
        `train time ${(report.trainMsPerFold / 1000).toFixed(1)} s a fold (with calibration), ${(total / 1000).toFixed(1)} s in all`,
      ]));
    }));
}

function readModelFile(path: string): ClassifierFile {
  let file: ClassifierFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ClassifierFile;
  } catch (e) {
    throw new InputError(`cannot read model ${path}: ${(e as Error).message}`);
  }
  if (file?.format !== 'minsheng-classifier' || !file.model) throw new InputError(`${path} is not a model written by "minsheng classify train"`);
  return file;
}
