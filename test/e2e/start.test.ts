// `minsheng serve` as npm start runs it: a real process, the embedded PostgreSQL, first-run seed,
// a second start on the same data, and a clean stop on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'minsheng-start-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn('node', ['bin/minsheng.js', 'serve'], {
    env: { ...process.env, PORT: String(port), MINSHENG_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { child, port, output: () => out };
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer: ${out}`);
}

const stop = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  child.on('exit', (code) => resolve(code));
  child.kill('SIGTERM');
});

const postmasterRunning = () => existsSync(path.join(dataDir, 'pg', 'postmaster.pid'));

describe('minsheng serve', () => {
  it('first start: embedded database, demo city, health and console; SIGTERM stops the database too', async () => {
    const s = await start();
    expect(await (await fetch(`http://127.0.0.1:${s.port}/api/health`)).json()).toEqual({ status: 'ok' });
    const page = await fetch(`http://127.0.0.1:${s.port}/units`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(s.output()).toContain('first run: demo city created');
    expect(s.output()).toMatch(/sign in as admin, operator1, dispatcher1, reviewer1, visitor1, supervisor1, leader1/);
    // the demo suggests from the first minute: its models are trained from the demo history on first start
    expect(s.output()).toMatch(/suggestion models trained \(subject \d+ classes/);
    expect(postmasterRunning()).toBe(true);
    expect(await stop(s.child)).toBe(0);
    expect(postmasterRunning()).toBe(false);
    expect(readFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
  });

  it('second start reuses the data: no new seed, the demo users still log in', async () => {
    const s = await start();
    expect(s.output()).not.toContain('first run');
    const login = await fetch(`http://127.0.0.1:${s.port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo12345' }),
    });
    expect(login.status).toBe(200);
    expect(await stop(s.child)).toBe(0);
  });
});
