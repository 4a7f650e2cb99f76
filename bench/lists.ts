// Ticket lists at city scale: GET /api/tickets as each role opens it (the hotline office's queue,
// a district's and a street's workbench, overdue and 超期30天以上 lists, a text search), over a
// bulk-loaded history, beside the plainest SQL that reads the same first page on the same database.
import { sql } from 'kysely';
import type { Db } from '../src/db/connection.js';
import { buildApp } from '../src/http/app.js';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { benchDatabase, DEMO_PASSWORD, writeResult } from './support.js';

export interface ListsBenchOptions {
  n?: number;
}

const say = (line: string) => console.log(`[bench lists] ${line}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchLists(options: ListsBenchOptions = {}): Promise<void> {
  const n = options.n ?? 200_000;
  const bench = await benchDatabase(say);
  try {
    const { db, vault } = bench;
    say(`${n.toLocaleString('en')} tickets of history, bulk-loaded`);
    await seedHistory(db, vault, { count: n, via: 'bulk', now: new Date(), sweep: sweepDeadlines });
    await sql`analyze`.execute(db);
    const app = await buildApp({ db, vault, clock: () => new Date(), cookieSecure: false, sessionHours: 12, loginRateLimit: 1000, logLevel: 'warn' });
    const login = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      return (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    };
    const time = async (run: () => Promise<unknown>, times = 7) => {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < times; i++) {
        const t0 = performance.now();
        await run();
        ms.push(performance.now() - t0);
      }
      return median(ms);
    };
    // The baseline: the newest 20 tickets' rows and nothing else, straight from the table.
    const rawMs = await time(() => sql`select * from tickets where platform_id = 1 order by accepted_at desc, id desc limit 20`.execute(db));
    const [platform, district, street] = await Promise.all([login('dispatcher1'), login('h_d01'), login('h_d01s01')]);
    const cases: [string, (url: string) => Promise<{ statusCode: number; json(): { total?: number; items?: unknown[] } }>, string][] = [
      ['dispatcher: all tickets, newest first', platform, '/api/tickets'],
      ['dispatcher: dispatch queue', platform, '/api/tickets?state=accepted,dispatching'],
      ['dispatcher: overdue', platform, '/api/tickets?overdue=any&sort=dueAt'],
      ['dispatcher: 超期30天以上', platform, '/api/tickets?overdue=30d'],
      ['dispatcher: text search 噪音', platform, `/api/tickets?q=${encodeURIComponent('噪音')}`],
      ['dispatcher: one district, this year', platform, `/api/tickets?districtId=${await unitId(db, 'D01')}&from=${new Date().getFullYear()}-01-01`],
      ['dispatcher: return requests', platform, '/api/tickets?pending=return'],
      ['dispatcher: extension requests', platform, '/api/tickets?pending=extension'],
      ['reviewer: to review', platform, '/api/tickets?state=replied&sort=dueAt'],
      ['supervisor: near deadline', platform, '/api/tickets?slaLevel=1&sort=dueAt'],
      ['operator: knowledge search at intake', platform, `/api/knowledge/search?q=${encodeURIComponent('小区楼下夜间施工噪音扰民')}`],
      ['district handler: own scope', district, '/api/tickets'],
      ['district handler: sent back', district, '/api/tickets?sentBack=true&sort=dueAt'],
      ['district handler: overdue', district, '/api/tickets?overdue=any&sort=dueAt'],
      ['district handler: to sign', district, '/api/tickets?assignmentState=assigned'],
      ['street handler: own scope', street, '/api/tickets'],
      ['street handler: handling', street, '/api/tickets?assignmentState=handling&sort=dueAt'],
    ];
    const results: { case: string; url: string; ms: number; total: number; ratio: number }[] = [];
    for (const [name, get, url] of cases) {
      const first = await get(url);
      if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode}`);
      const ms = await time(() => get(url));
      // A list answers its total; the knowledge search, its hits.
      const total = first.json().total ?? first.json().items?.length ?? 0;
      results.push({ case: name, url, ms: Math.round(ms * 10) / 10, total, ratio: Math.round((ms / rawMs) * 10) / 10 });
      say(`${name}: ${ms.toFixed(1)} ms (${total.toLocaleString('en')} tickets) = ${(ms / rawMs).toFixed(1)}× raw`);
    }
    await app.close();
    const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a));
    const line = `lists over ${n.toLocaleString('en')} tickets: raw first page ${rawMs.toFixed(1)} ms; API median per list ${median(results.map((r) => r.ms)).toFixed(1)} ms, `
      + `slowest "${worst.case}" ${worst.ms} ms (${worst.ratio}× raw)`;
    say(line);
    say(`written to ${writeResult('lists', { n, postgres: bench.serverVersion, rawMs: Math.round(rawMs * 10) / 10, results }, line)}`);
  } finally {
    await bench.close();
  }
}

async function unitId(db: Db, code: string): Promise<number> {
  return (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}
