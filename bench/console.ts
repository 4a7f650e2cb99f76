// The console's list screens at city scale, in a real browser: each role's page opened over a
// bulk-loaded history of 100,000 tickets (default), timed from navigation to its first screen of
// rows on screen. The baseline, measured in the same run and browser, is the console's home page
// (same bundle, same session, no ticket list): the ratio is what a list adds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../src/http/app.js';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { DiskFileStore } from '../src/services/attachments/storage.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { TicketBus } from '../src/services/tickets/bus.js';
import { benchDatabase, DEMO_PASSWORD, writeResult } from './support.js';

export interface ConsoleBenchOptions {
  n?: number;
  /** Timed visits per screen after a first (cold) one. */
  times?: number;
}

const say = (line: string) => console.log(`[bench console] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Screen {
  name: string;
  user: string;
  path: string;
  /** What "the first screen is there" means: its list's rows (or its empty line), its map, its timeline. */
  ready: string;
}

interface ListScreen extends Screen {
  /** The page's default list as an API query: whether its first screen has rows or says there are none. */
  query?: string;
  table?: string;
}

const SCREENS: ListScreen[] = [
  { name: '受理 intake (form + caller look-up ready)', user: 'operator1', path: '/intake', ready: '[data-testid=intake-form]' },
  { name: '派单 dispatch queue', user: 'dispatcher1', path: '/dispatch', ready: '', table: 'dispatch-table', query: 'state=accepted,dispatching' },
  { name: '承办 district workbench (to sign)', user: 'h_d01', path: '/handling', ready: '', table: 'handling-table', query: 'assignmentState=assigned' },
  { name: '承办 district workbench (handling)', user: 'h_d01', path: '/handling?tab=handling', ready: '', table: 'handling-table', query: 'assignmentState=handling' },
  { name: '承办 street workbench (handling)', user: 'h_d01s01', path: '/handling?tab=handling', ready: '', table: 'handling-table', query: 'assignmentState=handling' },
  { name: '审核 review queue', user: 'reviewer1', path: '/review', ready: '', table: 'review-queue-table', query: 'state=replied' },
  { name: '回访 visit queue', user: 'visitor1', path: '/visits', ready: '', table: 'visit-queue-table', query: 'state=visiting,answered' },
  { name: '督办 overdue list', user: 'supervisor1', path: '/supervision', ready: '', table: 'overdue-list-table', query: 'overdue=any' },
  { name: '工单详情 a ticket page', user: 'dispatcher1', path: '/tickets/1', ready: '[data-testid=timeline] [data-testid=event]' },
  { name: '领导首页 leader (counters)', user: 'leader1', path: '/leader', ready: '[data-testid=count-open] .ant-statistic-content-value' },
  { name: '领导首页 leader (the map drawn)', user: 'leader1', path: '/leader', ready: '[data-testid=leader-map] path' },
];

/**
 * A list's first screen: its first rows when the list has any (asked of the API beforehand), else its
 * "no tickets" line once the table is no longer loading.
 */
function listReady(table: string, total: number): string {
  return total > 0 ? `[data-testid=${table}] tr[data-ticket-id]` : `[data-testid=${table}]:not(:has(.ant-spin-spinning)) .ant-table-placeholder`;
}

async function timeVisit(page: Page, url: string, ready: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  return performance.now() - t0;
}

export async function benchConsole(options: ConsoleBenchOptions = {}): Promise<void> {
  const n = options.n ?? 100_000;
  const times = options.times ?? 5;
  execFileSync('node', ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
  const bench = await benchDatabase(say);
  const files = mkdtempSync(path.join(tmpdir(), 'minsheng-bench-files-'));
  let browser: Browser | null = null;
  const bus = new TicketBus(bench.url);
  try {
    const { db, vault } = bench;
    say(`${n.toLocaleString('en')} tickets of history, bulk-loaded`);
    await seedHistory(db, vault, { count: n, via: 'bulk', now: new Date(), sweep: sweepDeadlines });
    await sql`analyze`.execute(db);
    await bus.start();
    const app = await buildApp({
      db, vault, clock: () => new Date(), cookieSecure: false, sessionHours: 12, loginRateLimit: 1000, logLevel: 'warn',
      webDist: path.resolve('web/dist'), files: new DiskFileStore(files), ticketBus: bus,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const results: { screen: string; user: string; rows: number; coldMs: number; ms: number; ratio: number }[] = [];
    let baselineMs = 0;
    for (const screen of SCREENS) {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const login = await page.request.post('/api/auth/login', { data: { username: screen.user, password: DEMO_PASSWORD } });
      if (login.status() !== 200) throw new Error(`login ${screen.user}: ${login.status()}`);
      // The baseline, in this context: the home page's greeting, same bundle and session.
      const home: number[] = [];
      for (let i = 0; i <= times; i++) home.push(await timeVisit(page, '/', '.ms-welcome'));
      const homeMs = median(home.slice(1));
      baselineMs = Math.max(baselineMs, homeMs);
      let ready = screen.ready;
      if (screen.table && screen.query) {
        const res = await page.request.get(`/api/tickets?${screen.query}&pageSize=1`);
        ready = listReady(screen.table, ((await res.json()) as { total: number }).total);
      }
      const coldMs = await timeVisit(page, screen.path, ready);
      const warm: number[] = [];
      for (let i = 0; i < times; i++) warm.push(await timeVisit(page, screen.path, ready));
      const ms = median(warm);
      const rows = await page.locator('tr[data-ticket-id]').count();
      results.push({ screen: screen.name, user: screen.user, rows, coldMs: Math.round(coldMs), ms: Math.round(ms), ratio: Math.round((ms / homeMs) * 10) / 10 });
      say(`${screen.name} as ${screen.user}: ${ms.toFixed(0)} ms, ${rows} rows on screen (first visit ${coldMs.toFixed(0)} ms; home page ${homeMs.toFixed(0)} ms → ${(ms / homeMs).toFixed(1)}×)`);
      await context.close();
    }
    await app.close();
    const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
    const lists = results.filter((r) => !r.screen.startsWith('领导首页'));
    const line = `console screens over ${n.toLocaleString('en')} tickets (headless Chromium, navigation → first screen): median ${median(results.map((r) => r.ms))} ms, `
      + `slowest "${worst.screen}" ${worst.ms} ms (${worst.ratio}× the home page's ${Math.round(baselineMs)} ms); every list screen under 1 s: ${lists.every((r) => r.ms < 1000) ? 'yes' : 'NO'}`;
    say(line);
    say(`written to ${writeResult('console', { n, postgres: bench.serverVersion, baselineMs: Math.round(baselineMs), results }, line)}`);
  } finally {
    await browser?.close();
    await bus.stop();
    await bench.close();
    rmSync(files, { recursive: true, force: true });
  }
}
