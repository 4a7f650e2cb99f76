// Per-file database: a clone of the seeded template, dropped after the file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDb, type Db } from '../../src/db/connection.js';
import { adminQuery, withDatabase } from './template.js';
import './provided.js';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
}

export async function testDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('dbAdminUrl');
  const template = inject('dbTemplate');
  const name = `${template.replace('ms_tpl_', 'ms_t_')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 4 });
  afterAll(async () => {
    await db.destroy();
    await adminQuery(adminUrl, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  });
  return { db, url, name };
}
