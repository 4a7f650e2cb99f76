// A production first start (no demo data) on an empty database, and the idempotence of start-up.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { login } from '../../src/services/auth.js';
import { bootstrapRoot, ensurePlatform, hasUnits } from '../../src/services/platform.js';
import { adminQuery, withDatabase } from '../support/template.js';
import '../support/provided.js';

let db: Db;
const name = `ms_empty_${randomBytes(4).toString('hex')}`;
const now = new Date('2026-11-20T02:00:00Z');

beforeAll(async () => {
  const adminUrl = inject('dbAdminUrl');
  await adminQuery(adminUrl, `create database ${pg.escapeIdentifier(name)} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  db = createDb(withDatabase(adminUrl, name), { max: 2 });
});

afterAll(async () => {
  await db.destroy();
  await adminQuery(inject('dbAdminUrl'), `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
});

describe('first start without demo data', () => {
  it('migrates, seeds reference data once, and creates only the root unit and admin', async () => {
    const files = readdirSync(new URL('../../src/db/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(await migrate(db)).toEqual(files);
    expect(files.slice(0, 2)).toEqual(['0001_foundation', '0002_tickets']);
    const first = await ensurePlatform(db, now);
    expect(first.createdPlatform).toBe(true);
    expect(first.subjects).toBeGreaterThan(200);
    expect(first.calendarDays).toBeGreaterThanOrEqual(366 + 365 + 365);
    const again = await ensurePlatform(db, now);
    expect(again).toEqual({ createdPlatform: false, subjects: 0, calendarDays: 0 });
    // The SLA defaults of DOMAIN.md §7, once.
    const policies = await db.selectFrom('sla_policies').select('name').execute();
    expect(policies.map((p) => p.name)).toEqual(expect.arrayContaining(['特急', '紧急', '咨询', '求助', '投诉', '举报', '建议', '默认', '水电气热·供水']));
    expect(await hasUnits(db)).toBe(false);

    await expect(bootstrapRoot(db, 'short', now)).rejects.toThrow(/8/);
    await bootstrapRoot(db, 'Admin2026secret', now);
    const units = await db.selectFrom('units').select(['kind', 'path', 'depth']).execute();
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ kind: 'platform', depth: 0 });
    const users = await db.selectFrom('users').select(['username', 'roles', 'is_demo']).execute();
    expect(users).toEqual([{ username: 'admin', roles: ['admin'], is_demo: false }]);
    const session = await login(db, { username: 'admin', password: 'Admin2026secret' }, now, 12);
    expect(session.actor.unitPath).toBe(units[0]!.path);
    await expect(login(db, { username: 'operator1', password: 'demo12345' }, now, 12)).rejects.toMatchObject({ status: 401 });
  });
});
