// A database migrated and seeded once (platform reference data + the demo city), cloned per test file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../../src/db/connection.js';
import { ensureDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDemoCity } from '../../src/services/demo/seed.js';
import { ensurePlatform } from '../../src/services/platform.js';
import { Vault } from '../../src/services/privacy/vault.js';

export const DEMO_PASSWORD = 'demo12345';
/** The demo data's clock: the seeds are dated, tests move on from here. */
/** A fixed data key for tests (never a production key). */
export const testVault = new Vault(Buffer.alloc(32, 7));

export const SEED_TIME = new Date('2026-11-02T01:00:00Z');

export const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function buildTemplate(adminUrl: string): Promise<string> {
  const name = `ms_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const db = createDb(withDatabase(adminUrl, name), { max: 2 });
  try {
    await migrate(db);
    await ensurePlatform(db, SEED_TIME);
    await seedDemoCity(db, DEMO_PASSWORD, SEED_TIME);
  } finally {
    await db.destroy();
  }
  return name;
}

/** Drops the template and every database cloned from it that a crashed test left behind. */
export async function dropTemplate(adminUrl: string, template: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>(`select datname from pg_database where datname = $1 or datname like $2`, [template, `${template.replace('ms_tpl_', 'ms_t_')}%`]);
    for (const { datname } of rows.rows) await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
  } finally {
    await client.end();
  }
}
