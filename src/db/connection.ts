import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

// Per-pool type parsers (not pg's global ones, which would leak into other pools):
// bigint ids fit a JS number for any city's lifetime; `date` stays a 'YYYY-MM-DD' string so no
// local time zone can shift a calendar day.
const INT8_OID = 20;
const DATE_OID = 1082;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
};

export interface DbOptions {
  max?: number;
  applicationName?: string;
  onError?: (err: Error) => void;
}

export function createPool(url: string, options: DbOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'minsheng',
    types,
  });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process: the
  // pool discards it and the next query opens a new one.
  pool.on('error', (err) => options.onError?.(err));
  // A connection checked out when the server goes away (a long job at shutdown, when the embedded
  // server stops beside us) has no pool listener while it is out: pg-pool removes it on checkout, and
  // an 'error' event nobody hears kills the process. The query in flight fails on its own, which is
  // how the caller learns of it; this listener only keeps the event from being unhandled.
  pool.on('connect', (client) => client.on('error', (err) => options.onError?.(err)));
  return pool;
}

export function createDb(url: string, options: DbOptions = {}): Db {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(url, options) }) });
}

/** Connectivity check used by /api/health and at start-up. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
