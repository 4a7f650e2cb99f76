// `minsheng reply-check --csv FILE --out SCORES.csv`: scores the replies of an export of messages
// (issue 5 §6) with the same scorer the platform runs before review, no database. Writes
// 留言编号,relevance,completeness,explanation,flags and prints a summary (docs/reply-quality.md).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';

export interface ReplyCheckOptions {
  csv: string;
  out: string;
  textColumns: string;
  replyColumn: string;
  idColumn: string;
  wordFiles?: string;
  threshold?: string;
}

/** A mistake in what the user asked: printed as one line, exit code 1. */
export class ReplyCheckError extends Error {}

export interface ReplyCheckSummary {
  rows: number;
  means: { relevance: number; completeness: number; explanation: number };
  perfunctory: number;
  flagCounts: Record<string, number>;
  ms: number;
}

export async function replyCheck(opts: ReplyCheckOptions, log: (line: string) => void = console.log): Promise<ReplyCheckSummary> {
  const started = Date.now();
  const columns = opts.textColumns.split(',').map((c) => c.trim()).filter(Boolean);
  if (columns.length === 0 || columns.length > 2) throw new ReplyCheckError('--text-columns takes one or two column names: title,content (e.g. 留言主题,留言详情)');
  const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new ReplyCheckError(`--threshold must be a number from 0 to 1, got "${opts.threshold}"`);
  let text: string;
  try {
    text = readFileSync(opts.csv, 'utf8');
  } catch (e) {
    throw new ReplyCheckError(`cannot read --csv ${opts.csv}: ${(e as Error).message}`);
  }
  // Loaded here, not at start-up: jieba's dictionaries are for this command only.
  const [{ readCsv }, { Tokenizer, readWordList }, { configuredWordFiles }, { scoreReply, REPLY_FLAG_CODES, REPLY_FLAG_LABELS }, { stringify }] = await Promise.all([
    import('../services/csv-import.js'), import('../text/tokenizer.js'), import('../services/text/tokenizer.js'), import('../text/reply-quality.js'), import('csv-stringify/sync'),
  ]);
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text);
  } catch (e) {
    throw new ReplyCheckError(`--csv ${opts.csv}: ${(e as Error).message}`);
  }
  const needed = [opts.idColumn, ...columns, opts.replyColumn];
  const missing = needed.filter((c) => !table.header.includes(c));
  if (missing.length) {
    throw new ReplyCheckError(`--csv ${opts.csv} has no column ${missing.map((c) => `"${c}"`).join(', ')} (it has: ${table.header.join(', ')}); name them with --id-column, --text-columns, --reply-column`);
  }
  const wordFiles = opts.wordFiles === undefined ? configuredWordFiles() : opts.wordFiles.split(',').map((f) => f.trim()).filter(Boolean);
  let words: string[];
  try {
    words = wordFiles.flatMap(readWordList);
  } catch (e) {
    throw new ReplyCheckError(`cannot read a word file: ${(e as Error).message}`);
  }
  const tokenizer = Tokenizer.create(words);

  const [titleColumn, contentColumn] = columns.length === 2 ? columns : [null, columns[0]!];
  const out: (string | number)[][] = [];
  const sums = { relevance: 0, completeness: 0, explanation: 0 };
  const flagCounts: Record<string, number> = Object.fromEntries(REPLY_FLAG_CODES.map((c) => [c, 0]));
  let perfunctory = 0;
  for (const r of table.records) {
    const s = scoreReply(tokenizer, { title: titleColumn ? r[titleColumn] ?? '' : '', content: r[contentColumn!] ?? '' }, { text: r[opts.replyColumn] ?? '' },
      threshold === undefined ? {} : { perfunctoryBelow: threshold });
    sums.relevance += s.relevance;
    sums.completeness += s.completeness;
    sums.explanation += s.explanation;
    for (const f of s.flags) flagCounts[f.code] = (flagCounts[f.code] ?? 0) + 1;
    if (s.flags.some((f) => f.code === 'perfunctory')) perfunctory++;
    out.push([r[opts.idColumn] ?? '', s.relevance.toFixed(3), s.completeness.toFixed(3), s.explanation.toFixed(3), s.flags.map((f) => f.code).join('|')]);
  }
  try {
    writeFileSync(opts.out, '\uFEFF' + stringify([[opts.idColumn, 'relevance', 'completeness', 'explanation', 'flags'], ...out]));
  } catch (e) {
    throw new ReplyCheckError(`cannot write --out ${opts.out}: ${(e as Error).message}`);
  }
  const n = table.records.length;
  const mean = (x: number) => (n ? x / n : 0);
  const summary: ReplyCheckSummary = {
    rows: n, means: { relevance: mean(sums.relevance), completeness: mean(sums.completeness), explanation: mean(sums.explanation) },
    perfunctory, flagCounts, ms: Date.now() - started,
  };
  const pct = (k: number) => `${n ? ((100 * k) / n).toFixed(1) : '0.0'}%`;
  log(`${n} replies scored in ${(summary.ms / 1000).toFixed(1)} s → ${opts.out}`);
  log(`mean relevance ${summary.means.relevance.toFixed(3)}, completeness ${summary.means.completeness.toFixed(3)}, explanation ${summary.means.explanation.toFixed(3)}`);
  log(`flagged 疑似敷衍 (perfunctory): ${perfunctory} (${pct(perfunctory)})`);
  for (const code of REPLY_FLAG_CODES) {
    if (code === 'perfunctory') continue;
    log(`  ${code.padEnd(18)} ${String(flagCounts[code] ?? 0).padStart(6)} ${pct(flagCounts[code] ?? 0).padStart(6)}  ${REPLY_FLAG_LABELS[code]}`);
  }
  return summary;
}

export function registerReplyCheck(program: Command): void {
  program.command('reply-check')
    .description('score replies to messages (relevance, completeness, explanation in [0,1], perfunctory flags) from a CSV, without a database')
    .requiredOption('--csv <file>', 'messages with their replies (UTF-8 CSV, e.g. messages_with_replies.csv)')
    .requiredOption('--out <file>', 'where to write the scores: 留言编号,relevance,completeness,explanation,flags')
    .option('--text-columns <title,content>', 'the request\'s title and content columns', '留言主题,留言详情')
    .option('--reply-column <name>', 'the reply column', '答复意见')
    .option('--id-column <name>', 'the message id column, copied to the output', '留言编号')
    .option('--word-files <files>', 'word lists for the tokenizer, comma-separated (default: MINSHENG_WORD_FILES)')
    .option('--threshold <x>', 'overall score below which a reply is flagged 疑似敷衍 (default 0.35)')
    .action(async (opts: ReplyCheckOptions) => {
      try {
        await replyCheck(opts);
      } catch (e) {
        if (e instanceof ReplyCheckError) program.error(`error: ${e.message}`);
        throw e;
      }
    });
}
