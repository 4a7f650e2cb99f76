// What every benchmark needs: a fresh embedded PostgreSQL in a temporary folder holding the demo
// city, and a place to write results (bench/results/<name>-<date>.json plus one line in README.md).
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/connection.js';
import { startEmbedded } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoCity } from '../src/services/demo/seed.js';
import { ensurePlatform } from '../src/services/platform.js';
import { Vault } from '../src/services/privacy/vault.js';

export const DEMO_PASSWORD = 'demo12345';
export const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface BenchDatabase {
  db: Db;
  url: string;
  vault: Vault;
  serverVersion: string;
  close(): Promise<void>;
}

/** A throwaway server: mkdtemp (0700) opened to 0755 so the server's own user gets in when run as root. */
export async function benchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbedded({ dataDir: dir });
  const db = createDb(pg.url, { max: 12 });
  try {
    await migrate(db);
    const now = new Date();
    await ensurePlatform(db, now);
    const city = await seedDemoCity(db, DEMO_PASSWORD, now);
    log(`embedded PostgreSQL in ${dir}: demo city of ${city.units} units, ${city.users} users`);
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    return {
      db, url: pg.url, vault: new Vault(Buffer.alloc(32, 9)), serverVersion: version.rows[0]!.v,
      async close() {
        await db.destroy();
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await db.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export const machine = () => ({ cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version });

/** Writes bench/results/<name>-<YYYY-MM-DD>.json and appends `line` to bench/results/README.md. */
export function writeResult(name: string, result: object, line: string): string {
  mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString();
  const file = path.join(RESULTS, `${name}-${stamp.slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify({ name, at: stamp, machine: machine(), ...result }, null, 2) + '\n');
  const readme = path.join(RESULTS, 'README.md');
  if (!existsSync(readme)) writeFileSync(readme, '# Benchmark results\n\nOne line per run of `npm run bench`, newest last; the JSON files hold the details.\n\n');
  appendFileSync(readme, `- ${stamp.slice(0, 16).replace('T', ' ')} UTC · ${line}\n`);
  return file;
}

export const perSecond = (n: number, ms: number): number => Math.round((n / ms) * 1000);
