// Versioned plain-SQL migrations: applied in file-name order, each in its own transaction, each
// recorded with a checksum. A landed migration is never edited: a changed checksum stops the app.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connection.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// An arbitrary constant: two processes starting at once take turns instead of racing.
const MIGRATION_LOCK = 7_212_345;

export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
  statements: string[];
}

/**
 * Splits a file into statements at a `;` that ends a line. Migrations hold no function bodies
 * (house rule), and running statements one at a time is what Citus wants of DDL.
 */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    });
}

export class MigrationEditedError extends Error {}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = readMigrations(dir);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version text primary key, name text not null, checksum text not null,
        applied_at timestamptz not null default now())`.execute(conn);
      const rows = await sql<{ version: string; checksum: string }>`select version, checksum from schema_migrations`.execute(conn);
      const applied = new Map(rows.rows.map((r) => [r.version, r.checksum]));
      const done: string[] = [];
      for (const file of files) {
        const checksum = applied.get(file.version);
        if (checksum !== undefined) {
          if (checksum !== file.checksum) {
            throw new MigrationEditedError(`migration ${file.name} was edited after it was applied; add a new migration instead`);
          }
          continue;
        }
        await conn.transaction().execute(async (tx) => {
          for (const statement of file.statements) await sql.raw(statement).execute(tx);
          await sql`insert into schema_migrations (version, name, checksum) values (${file.version}, ${file.name}, ${file.checksum})`.execute(tx);
        });
        done.push(file.name);
      }
      return done;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
