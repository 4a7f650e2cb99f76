// Issue 3's must-show: "A database dump of a demo city contains no plaintext phone number." A demo
// city with tickets written both ways (through the use cases and in bulk) by the real command line,
// dumped with a real pg_dump, searched for mobile numbers.
//
// pg_dump refuses a server newer than itself. When the test server is one this machine's pg_dump
// can read (CI's PostgreSQL 15), the test database itself is dumped. When it is not (the embedded
// PostgreSQL 18 beside Debian's pg_dump 15), the city is built on a private throwaway cluster of
// the pg_dump's own version (initdb + pg_ctl from the same installation, on a free port, in a
// temporary folder; run as the `postgres` user when the tests run as root, which initdb requires).
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { Vault } from '../../src/services/privacy/vault.js';
import { testDatabase } from '../support/db.js';

const run = promisify(execFile);
const DATA_KEY = Buffer.alloc(32, 3).toString('base64');
const vault = Vault.fromString(DATA_KEY);
/** A mobile number not inside a longer token (a base64 ciphertext may hold any run of digits). */
const PLAIN_MOBILE = /(?<![0-9A-Za-z_-])1[3-9]\d{9}(?![0-9A-Za-z_-])/;

interface Tool {
  bin: string;
  major: number;
}

async function pgDumps(): Promise<Tool[]> {
  const candidates = ['pg_dump'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql')) candidates.push(`/usr/lib/postgresql/${v}/bin/pg_dump`);
  }
  const found: Tool[] = [];
  for (const bin of candidates) {
    const out = await run(bin, ['--version']).then((r) => r.stdout, () => null);
    const major = out ? Number(/(\d+)(\.\d+)?/.exec(out)?.[1]) : NaN;
    if (Number.isFinite(major)) found.push({ bin, major });
  }
  return found;
}

async function serverMajor(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Math.floor(Number((await c.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10_000);
  } finally {
    await c.end();
  }
}

/** A private PostgreSQL of the given installation, stopped and removed after the file. */
async function privateCluster(major: number): Promise<string | null> {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(`${bin}/initdb`) || !existsSync(`${bin}/pg_ctl`)) return null;
  const root = process.getuid?.() === 0;
  let uid = -1;
  let gid = -1;
  if (root) {
    const ids = await run('id', ['postgres']).then((r) => r.stdout, () => null);
    if (!ids) return null;
    uid = Number(/uid=(\d+)/.exec(ids)?.[1]);
    gid = Number(/gid=(\d+)/.exec(ids)?.[1]);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-dump-'));
  chmodSync(dir, 0o755);
  if (root) chownSync(dir, uid, gid);
  const as = (cmd: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  const data = path.join(dir, 'data');
  await as(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  await as(`${bin}/pg_ctl`, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  cleanups.push(async () => {
    await as(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`create database demo template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:${port}/demo`;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

let target: { url: string; dump: Tool } | null = null;
let why = '';

beforeAll(async () => {
  const dumps = await pgDumps();
  const t = await testDatabase();
  const major = await serverMajor(t.url);
  const direct = dumps.filter((d) => d.major >= major).sort((a, b) => a.major - b.major)[0];
  if (direct) {
    // The test database already holds the demo city (the template); the tickets come below.
    target = { url: t.url, dump: direct };
    return;
  }
  for (const d of dumps.sort((a, b) => b.major - a.major)) {
    const url = await privateCluster(d.major);
    if (url) {
      target = { url, dump: d };
      return;
    }
  }
  why = `no pg_dump that can read PostgreSQL ${major}, and no PostgreSQL installation to build a cluster for the one found (${dumps.map((d) => d.major).join(', ') || 'none'})`;
}, 120_000);

const minsheng = (url: string, args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, DATABASE_URL: url, MINSHENG_DATA_KEY: DATA_KEY }, timeout: 120_000 });

describe('a dump of a demo city', () => {
  it('contains the sealed phone numbers and not one plaintext mobile number', async () => {
    // No silent skip: without a pg_dump this must-show is not shown, and the run says why.
    if (!target) throw new Error(`cannot dump: ${why}`);
    const { url, dump } = target!;
    // Through the use cases (≤ 200) and in bulk: the city is built first if the database has none.
    const small = await minsheng(url, ['seed-demo', '--tickets', '40', '--seed', '5', '--now', '2026-11-20T10:00:00Z']);
    expect(small.stdout).toMatch(/demo history: 40 tickets .* via the ticket use cases/);
    const bulk = await minsheng(url, ['seed-demo', '--tickets', '600', '--seed', '6', '--now', '2026-11-20T10:00:00Z']);
    expect(bulk.stdout).toMatch(/demo history: 600 tickets .* via bulk load/);

    const { stdout: text } = await run(dump.bin, ['--no-owner', '--no-privileges', url], { maxBuffer: 512 * 2 ** 20 });
    expect(text).toContain('COPY public.citizens');
    expect(text).toContain('COPY public.ticket_events');
    expect(text.match(PLAIN_MOBILE)?.[0]).toBeUndefined();

    // The numbers are there, sealed: each decrypts to a mobile number the dump does not hold.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (await c.query<{ phone_enc: string; phone_mask: string }>('select phone_enc, phone_mask from citizens')).rows;
    await c.end();
    expect(rows.length).toBeGreaterThan(200);
    for (const r of rows) {
      const phone = vault.decrypt(r.phone_enc);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(text.includes(phone)).toBe(false);
      expect(text).toContain(r.phone_enc);
      expect(r.phone_mask).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    }
  }, 180_000);
});
