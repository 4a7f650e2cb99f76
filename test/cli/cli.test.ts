// The command line, run as a real process against the test database.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sharedPath } from '../support/shared.js';

const run = promisify(execFile);
let t: TestDatabase;

const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, DATABASE_URL: t.url }, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

beforeAll(async () => {
  t = await testDatabase();
});

describe('minsheng CLI', () => {
  it('migrate reports an up-to-date database', async () => {
    const r = await minsheng(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('database is up to date');
  });

  it('catalogue import loads the shared taxonomy cleanly', async () => {
    const r = await minsheng(['catalogue', 'import', sharedPath('data/teddy2020/taxonomy.csv')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/517 rows: \d+ subjects created, \d+ rows already present, 0 rejected/);
    const names = await t.db.selectFrom('subjects').select('name').where('level', '=', 3).where('name', '=', '违章建筑').execute();
    expect(names.length).toBeGreaterThan(0);
  });

  it('calendar import loads a year and exits non-zero when it rejected rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cal-'));
    const good = path.join(dir, '2027.csv');
    writeFileSync(good, 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,makeup,春节\n');
    const r = await minsheng(['calendar', 'import', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported 365 days of 2027');
    const row = await t.db.selectFrom('calendar_days').select(['kind', 'name']).where('day', '=', '2027-02-20').executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'makeup', name: '春节' });
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'date,kind,name\n2028-01-01,holiday,元旦\n2028-13-01,holiday,坏\n');
    const r2 = await minsheng(['calendar', 'import', bad]);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/line 3: date/);
  });

  it('seed-demo leaves a platform that already has units alone', async () => {
    const before = await t.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const r = await minsheng(['seed-demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already has units');
    expect(await t.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });
});
