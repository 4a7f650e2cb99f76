// A city of N tickets in one year, seeded once and kept between benchmark runs (the stats and
// report benchmarks read the same one): an embedded PostgreSQL in a data directory that outlives
// the run, with a city.json saying what it holds and what its seeding cost. A directory without
// city.json (a seeding that was interrupted) is started again from scratch.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/connection.js';
import { startEmbedded } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { demoHistoryStart, seedHistory } from '../src/services/demo/history-seed.js';
import type { SearchWords } from '../src/services/demo/history-load.js';
import { seedDemoCity } from '../src/services/demo/seed.js';
import { ensurePlatform } from '../src/services/platform.js';
import { Vault } from '../src/services/privacy/vault.js';
import { rebuildRollups } from '../src/services/stats/rollup.js';
import { cpuMeter } from './cpu.js';
import { DEMO_PASSWORD, perSecond } from './support.js';

export interface CitySpec {
  /** Tickets in the year. */
  n: number;
  /** The year of the history: from 1 January to 1 January of the next, Beijing time. */
  year: number;
  seed?: number;
  search?: SearchWords;
}

export interface CitySeeding {
  tickets: number;
  events: number;
  calls: number;
  seconds: number;
  ticketsPerSecond: number;
  planSeconds: number;
  writeSeconds: number;
  cutSeconds: number;
  /** rebuildRollups after the load, apart from `seconds`. */
  rollupSeconds: number;
  cpuSeconds: { node: number; postgres: number | null };
  search: SearchWords;
  at: string;
  rollupError: string | null;
}

export interface BenchCity {
  db: Db;
  vault: Vault;
  dir: string;
  spec: Required<CitySpec>;
  /** What the seeding cost, when it happened (this run or an earlier one). */
  seeding: CitySeeding;
  /** Seeded by this run (false: reused). */
  fresh: boolean;
  /** The day after the history's last instant, as the figures' `now`. */
  now: Date;
  serverVersion: string;
  close(): Promise<void>;
}

/** The kept city's directory: MINSHENG_BENCH_CITY_DIR, or one per size and year under the temporary directory. */
export const cityDir = (spec: CitySpec): string =>
  process.env.MINSHENG_BENCH_CITY_DIR ?? path.join(tmpdir(), `minsheng-bench-city-${spec.n}-${spec.year}`);

/** The city: reused when a finished one with the same spec is there, seeded otherwise. */
export async function benchCity(spec: CitySpec, log: (line: string) => void): Promise<BenchCity> {
  const full: Required<CitySpec> = { seed: 2017, search: 'workers', ...spec };
  const dir = cityDir(full);
  const marker = path.join(dir, 'city.json');
  const kept = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { spec: Required<CitySpec>; seeding: CitySeeding }) : null;
  const same = kept !== null && kept.spec.n === full.n && kept.spec.year === full.year && kept.spec.seed === full.seed;
  if (!same && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const pg = await startEmbedded({ dataDir: dir });
  const db = createDb(pg.url, { max: 12 });
  const vault = new Vault(Buffer.alloc(32, 9));
  const from = demoHistoryStart(`${full.year}-01-01`);
  const now = demoHistoryStart(`${full.year + 1}-01-01`);
  const close = async () => {
    await db.destroy();
    await pg.stop();
  };
  try {
    await migrate(db);
    let seeding: CitySeeding;
    if (same) {
      seeding = kept.seeding;
      log(`kept city in ${dir}: ${full.n.toLocaleString('en')} tickets in ${full.year}, seeded ${seeding.at} in ${seeding.seconds} s`);
    } else {
      await ensurePlatform(db, from);
      await seedDemoCity(db, DEMO_PASSWORD, from);
      log(`seeding ${full.n.toLocaleString('en')} tickets in ${full.year} into ${dir} (search words: ${full.search})`);
      const meter = cpuMeter(path.join(dir, 'pg'));
      let said = Date.now();
      const r = await seedHistory(db, vault, {
        count: full.n, seed: full.seed, from, now, via: 'bulk', search: full.search, sweep: sweepDeadlines, rebuildFigures: false,
        onProgress: (c) => {
          if (Date.now() - said < 30_000) return;
          said = Date.now();
          log(`  ${c.tickets.toLocaleString('en')} written`);
        },
      });
      const cpuSeconds = meter();
      seeding = {
        tickets: r.tickets, events: r.events, calls: r.calls, seconds: Math.round(r.totalMs / 100) / 10, ticketsPerSecond: perSecond(r.tickets, r.totalMs),
        planSeconds: Math.round(r.planMs / 1000), writeSeconds: Math.round(r.writeMs / 1000), cutSeconds: Math.round(r.cutMs / 1000),
        rollupSeconds: 0, cpuSeconds, search: r.search, at: new Date().toISOString(), rollupError: 'not yet rebuilt',
      };
      // Kept before the figures' rebuild: an interrupted or failed rebuild is retried by the next run, not the whole seeding.
      writeFileSync(marker, JSON.stringify({ spec: full, seeding }, null, 2) + '\n');
      log(`seeded in ${seeding.seconds} s (${seeding.ticketsPerSecond} tickets/s); CPU node ${cpuSeconds.node} s, postgres ${cpuSeconds.postgres} s`);
    }
    if (seeding.rollupError) {
      // The figures' rebuild, timed apart; a failure (the stats code still moving) leaves the city marked for a retry.
      const t0 = performance.now();
      const rollupError = await rebuildRollups(db, 1, new Date()).then(() => null, (e: Error) => e.message);
      seeding = { ...seeding, rollupSeconds: Math.round((performance.now() - t0) / 100) / 10, rollupError };
      writeFileSync(marker, JSON.stringify({ spec: full, seeding }, null, 2) + '\n');
      if (rollupError) throw new Error(`figures not rebuilt: ${rollupError}`);
      log(`figures rebuilt in ${seeding.rollupSeconds} s`);
    }
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    return { db, vault, dir, spec: full, seeding, fresh: !same, now, serverVersion: version.rows[0]!.v, close };
  } catch (e) {
    await close();
    throw e;
  }
}
