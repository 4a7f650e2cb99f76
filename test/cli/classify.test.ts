// `minsheng classify train | eval | cv` as a real process: file-only, no database.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierFile } from '../../src/cli/classify.js';
import { classifierText, evaluate, TextClassifier } from '../../src/text/classifier.js';
import { Tokenizer } from '../../src/text/tokenizer.js';

const run = promisify(execFile);
// A database URL nothing listens on: the classify commands must not need one.
const env = { ...process.env, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:9/none' };
const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

const TRAIN = 'test/fixtures/classify-train.csv';
const TEST = 'test/fixtures/classify-test.csv';
const COLUMNS = ['--text-columns', '留言主题,留言详情', '--label-column', '一级标签'];
let dir: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'classify-'));
  model = path.join(dir, 'model.json');
  const r = await minsheng(['classify', 'train', '--csv', TRAIN, ...COLUMNS, '--out', model]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/trained on 40 messages, 4 labels, \d+ features/);
}, 60_000);

describe('minsheng classify', () => {
  it('eval prints the per-class table and, last, the macro-F1 the classifier computes', async () => {
    const r = await minsheng(['classify', 'eval', '--model', model, '--csv', TEST, ...COLUMNS]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^label\s+precision\s+recall\s+f1\s+support$/);
    for (const label of ['噪音', '停车', '供水', '拖欠工资']) expect(r.stdout).toMatch(new RegExp(`^${label}\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+2$`, 'm'));
    expect(lines.at(-1)).toMatch(/^macro-F1 \d\.\d{3}$/);
    // the same figure, computed in this process from the model file
    const file = JSON.parse(readFileSync(model, 'utf8')) as ClassifierFile;
    expect(file.textColumns).toEqual(['留言主题', '留言详情']);
    const classifier = TextClassifier.fromModel(file.model, Tokenizer.create(file.words));
    const rows = parse(readFileSync(TEST, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const report = evaluate(classifier, rows.map((x) => ({ text: classifierText(x['留言主题']!, x['留言详情']!), label: x['一级标签']! })));
    expect(lines.at(-1)).toBe(`macro-F1 ${report.macroF1.toFixed(3)}`);
    expect(report.macroF1).toBe(1);
  }, 60_000);

  it('cv prints the table, accuracy, ECE and train time, and macro-F1 last', async () => {
    const r = await minsheng(['classify', 'cv', '--csv', TRAIN, '--csv', TEST, ...COLUMNS, '--folds', '4']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(r.stdout).toMatch(/^accuracy 0\.\d{3}|^accuracy 1\.000/m);
    expect(r.stdout).toMatch(/^ECE \d\.\d{3}$/m);
    expect(r.stdout).toMatch(/^train time \d+\.\d s a fold/m);
    expect(r.stdout).toContain('48 messages, 4 folds');
    expect(lines.at(-1)).toMatch(/^macro-F1 (0\.9\d\d|1\.000)$/);
  }, 60_000);

  it('refuses a missing column, an empty file, a wrong model and bad numbers with a message and exit code ≠ 0', async () => {
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const headerOnly = path.join(dir, 'header.csv');
    writeFileSync(headerOnly, '留言主题,留言详情,一级标签\n');
    const notModel = path.join(dir, 'not-model.json');
    writeFileSync(notModel, '{"hello":1}');
    // Each is a process start: run them side by side.
    const [badColumn, r2, r3, r4, r5, r6] = await Promise.all([
      minsheng(['classify', 'train', '--csv', TRAIN, '--text-columns', '留言主题,留言详情', '--label-column', '二级标签', '--out', path.join(dir, 'x.json')]),
      minsheng(['classify', 'cv', '--csv', empty, ...COLUMNS]),
      minsheng(['classify', 'eval', '--model', model, '--csv', headerOnly, ...COLUMNS]),
      minsheng(['classify', 'eval', '--model', notModel, '--csv', TEST, ...COLUMNS]),
      minsheng(['classify', 'cv', '--csv', TRAIN, ...COLUMNS, '--folds', '1']),
      minsheng(['classify', 'train', '--csv', path.join(dir, 'missing.csv'), ...COLUMNS, '--out', path.join(dir, 'y.json')]),
    ]);
    expect(badColumn.code).not.toBe(0);
    expect(badColumn.stderr).toContain('column "二级标签" not found');
    expect(badColumn.stderr).not.toMatch(/\n\s+at /); // a message, not a stack

    expect(r2.code).not.toBe(0);
    expect(r2.stderr).toContain('is empty');

    expect(r3.code).not.toBe(0);
    expect(r3.stderr).toContain('no rows');

    expect(r4.code).not.toBe(0);
    expect(r4.stderr).toContain('not a model written by');

    expect(r5.code).not.toBe(0);
    expect(r5.stderr).toContain('--folds must be a whole number ≥ 2');

    expect(r6.code).not.toBe(0);
    expect(r6.stderr).toContain('cannot read');
  }, 120_000);

  it('takes a subject catalogue as prior examples of the labels the data has', async () => {
    const catalogue = 'test/fixtures/classify-catalogue.csv';
    const [cv, trained] = await Promise.all([
      minsheng(['classify', 'cv', '--csv', TRAIN, ...COLUMNS, '--folds', '4', '--catalogue', catalogue]),
      minsheng(['classify', 'train', '--csv', TRAIN, ...COLUMNS, '--out', path.join(dir, 'cat.json'), '--catalogue', catalogue]),
    ]);
    expect(cv.code).toBe(0);
    // 10 rows: 燃气 is no label of the data, so 9 names (其他 is dropped from 社会生活噪音 其他)
    expect(cv.stdout).toContain('40 messages, 4 folds, seed 1, 9 catalogue names in every training part');
    expect(cv.stdout.trimEnd().split('\n').at(-1)).toMatch(/^macro-F1 \d\.\d{3}$/);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('catalogue: 9 names as prior examples');
    expect(trained.stdout).toMatch(/trained on 40 messages, 4 labels/);
  }, 60_000);

  it('keeps the --words lists in the model, so eval cuts text as train did', async () => {
    const words = path.join(dir, 'words.txt');
    writeFileSync(words, '# 地名\n桃园花园\n拖欠工资\n');
    const out = path.join(dir, 'with-words.json');
    const r = await minsheng(['classify', 'train', '--csv', TRAIN, ...COLUMNS, '--out', out, '--words', words]);
    expect(r.code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as ClassifierFile;
    expect(file.words).toEqual(['桃园花园', '拖欠工资']);
    expect(file.model.terms).toContain('w\u0000拖欠工资');
  }, 60_000);

  it('takes unlabelled messages for idf and self-training: a repeat of a labelled one and empty rows are dropped', async () => {
    const out = path.join(dir, 'self-trained.json');
    const unlabelled = 'test/fixtures/classify-unlabelled.csv';
    const r = await minsheng(['classify', 'train', '--csv', TRAIN, ...COLUMNS, '--out', out, '--unlabelled', unlabelled, '--pseudo-threshold', '0.3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 7 rows: one empty, one the same message as a labelled row → 5 unlabelled; with 4 classes every
    // top prediction is above 0.3, so all 5 join as pseudo-labelled examples
    expect(r.stdout).toContain('unlabelled: 5 messages for idf, 5 of them confident enough to train on (pseudo-labels ≥ 0.3)');
    const file = JSON.parse(readFileSync(out, 'utf8')) as ClassifierFile;
    expect(file.model.trained).toMatchObject({ examples: 40, pseudoLabelled: 5 });
    const cv = await minsheng(['classify', 'cv', '--csv', TRAIN, '--csv', TEST, ...COLUMNS, '--folds', '4', '--unlabelled', unlabelled]);
    expect(cv.code).toBe(0);
    expect(cv.stdout).toContain('48 messages, 4 folds, seed 1, 5 unlabelled messages (idf)');
    const idfOnly = path.join(dir, 'idf-only.json');
    const plain = await minsheng(['classify', 'train', '--csv', TRAIN, ...COLUMNS, '--out', idfOnly, '--unlabelled', unlabelled]);
    expect(plain.stdout).toContain('unlabelled: 5 messages for idf\n');
    expect((JSON.parse(readFileSync(idfOnly, 'utf8')) as ClassifierFile).model.trained.pseudoLabelled).toBeUndefined();
    expect(cv.stdout.trimEnd().split('\n').at(-1)).toMatch(/^macro-F1 \d\.\d{3}$/);
    const bad = await minsheng(['classify', 'cv', '--csv', TRAIN, ...COLUMNS, '--unlabelled', TRAIN, '--text-columns', '留言主题,正文']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/column "正文" not found/);
    const threshold = await minsheng(['classify', 'cv', '--csv', TRAIN, ...COLUMNS, '--unlabelled', unlabelled, '--pseudo-threshold', 'high']);
    expect(threshold.code).not.toBe(0);
    expect(threshold.stderr).toMatch(/--pseudo-threshold must be a number/);
  }, 120_000);
});
