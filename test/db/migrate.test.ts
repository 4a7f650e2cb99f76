import { mkdtempSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, readMigrations, splitStatements } from '../../src/db/migrate.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await testDatabase();
});

describe('migrations', () => {
  it('are recorded with their checksums, and a second run applies nothing', async () => {
    const rows = await sql<{ version: string; checksum: string }>`select version, checksum from schema_migrations order by version`.execute(t.db);
    expect(rows.rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(rows.rows.map((r) => r.checksum)).toEqual(readMigrations().map((m) => m.checksum));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('refuse to run when a landed migration was edited', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    writeFileSync(path.join(dir, '0001_foundation.sql'), '-- edited\n' + readMigrations()[0]!.statements.join(';\n') + ';\n');
    await expect(migrate(t.db, dir)).rejects.toThrow(/0001_foundation was edited/);
  });

  it('apply a new file in its own transaction, all or nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    writeFileSync(path.join(dir, '9998_half.sql'), 'create table half_done (id int);\ninsert into nowhere values (1);\n');
    await expect(migrate(t.db, dir)).rejects.toThrow(/nowhere/);
    const exists = await sql<{ n: string | null }>`select to_regclass('half_done')::text as n`.execute(t.db);
    expect(exists.rows[0]!.n).toBeNull();
    writeFileSync(path.join(dir, '9998_half.sql'), 'create table half_done (id int);\n');
    expect(await migrate(t.db, dir)).toEqual(['9998_half']);
  });

  it('split a file into statements at line-ending semicolons, skipping comment-only chunks', () => {
    expect(splitStatements("-- c\ncreate table a (x text default ';');\n\n-- only a comment;\ncreate index i on a (x);")).toEqual([
      "-- c\ncreate table a (x text default ';')",
      'create index i on a (x)',
    ]);
  });
});

describe('schema, ready for Citus', () => {
  it('the database is UTF-8 with a UTF-8 ctype', async () => {
    const r = await sql<{ enc: string; ctype: string }>`select pg_encoding_to_char(encoding) as enc, datctype as ctype from pg_database where datname = current_database()`.execute(t.db);
    expect(r.rows[0]!.enc).toBe('UTF8');
    expect(r.rows[0]!.ctype).toMatch(/UTF-?8/i);
  });

  it('has no triggers on any table', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace ns on ns.oid = c.relnamespace where not t.tgisinternal and ns.nspname = 'public'`.execute(t.db);
    expect(r.rows[0]!.n).toBe(0);
  });

  it('every platform-owned table carries a non-null platform_id, and its natural unique keys include it', async () => {
    const cols = await sql<{ table_name: string; is_nullable: string }>`select table_name, is_nullable from information_schema.columns where table_schema = 'public' and column_name = 'platform_id'`.execute(t.db);
    const owned = cols.rows.map((r) => r.table_name).sort();
    expect(owned).toEqual(['adjudications', 'assignments', 'attachments', 'audit_log', 'calendar_days', 'call_records', 'channels', 'citizens', 'classifier_models', 'dispatch_rules',
      'evaluation_annual', 'evaluation_bonuses', 'evaluation_items', 'evaluation_periods', 'evaluation_scores', 'evaluation_templates', 'evaluation_units',
      'knowledge_articles', 'knowledge_attachments', 'knowledge_questions', 'repeat_groups', 'report_deliveries', 'report_files', 'report_recipients', 'report_schedules', 'settings', 'sla_policies', 'stats_assignment_days', 'stats_rollup_state', 'stats_ticket_days', 'subjects', 'suggestion_outcomes',
      'supervision_notice_units', 'supervision_notices', 'supervision_orders', 'text_words', 'ticket_counters', 'ticket_events', 'ticket_types', 'tickets', 'units',
      'urgency_levels', 'users', 'warning_recipients', 'warning_rules', 'warning_steps', 'warning_tickets', 'warnings']);
    expect(cols.rows.every((r) => r.is_nullable === 'NO')).toBe(true);
    // Unique indexes other than a surrogate id primary key (and the global log-in name) include platform_id.
    const idx = await sql<{ table: string; index: string; def: string }>`select tablename as table, indexname as index, indexdef as def from pg_indexes where schemaname = 'public' and indexdef like 'CREATE UNIQUE%'`.execute(t.db);
    const offenders = idx.rows.filter((r) => owned.includes(r.table) && !r.def.includes('platform_id') && !/\(id\)$/.test(r.def) && r.index !== 'users_username_key');
    expect(offenders).toEqual([]);
  });
});
