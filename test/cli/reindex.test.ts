// `minsheng reindex`, run as a real process against the test database (H-SEARCH, docs/search.md).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp } from '../support/app.js';
import { newTicket } from '../tickets/support.js';

const run = promisify(execFile);
let t: TestDatabase;
let ids: number[];

const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, DATABASE_URL: t.url }, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

const untokenised = async () => Number((await sql<{ n: string }>`select count(*) as n from tickets where search_tokens is null`.execute(t.db)).rows[0]!.n);

beforeAll(async () => {
  t = await testDatabase();
  const api = await testApp(t.db);
  const operator = await api.login('operator1');
  ids = [(await newTicket(operator)).id, (await newTicket(operator)).id, (await newTicket(operator)).id];
});

describe('minsheng reindex', () => {
  it('fills tickets without tokens, and re-cuts every ticket with --all', async () => {
    await t.db.updateTable('tickets').set({ search_tokens: null }).where('id', 'in', ids.slice(0, 2)).execute();
    expect(await untokenised()).toBe(2);
    const r = await minsheng(['reindex', '--tickets', '--batch-size', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/platform 1: backfilled 2 tickets \(2 read, 2 batches\)/);
    expect(await untokenised()).toBe(0);

    const all = await minsheng(['reindex', '--all']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/platform 1: re-indexed 3 tickets \(3 read, 1 batches\)/);
    // Two real processes, each starting tsx: slow on a busy machine.
  }, 90_000);

  it('rejects a batch size of 0', async () => {
    const r = await minsheng(['reindex', '--batch-size', '0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--batch-size');
  });
});
