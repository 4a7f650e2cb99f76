// The leader's dashboard at city scale (issue 6): GET /api/stats through Fastify inject over a city
// of N tickets in one year (bench/city.ts, kept between runs), as the city's leader and as a
// district's, for the year by district and by month with the previous period and last year beside
// (compare=true); each query 50 times from the rollups (the default) and, beside it in the same
// run, the same query with source=raw (the raw tables: the baseline). The two must agree.
import { buildApp } from '../src/http/app.js';
import { benchCity, type BenchCity } from './city.js';
import { DEMO_PASSWORD, writeResult } from './support.js';

export interface StatsBenchOptions {
  /** Tickets in the city's year (default 1,000,000). */
  n?: number;
  year?: number;
  /** Runs per query and source (default 50). */
  runs?: number;
}

const say = (line: string) => console.log(`[bench stats] ${line}`);

const FIGURES = ['received', 'directAnswerRate', 'closureRate', 'onTimeRate', 'signOnTimeRate', 'satisfactionRate', 'composite', 'answerRate', 'answer15Rate'];

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const round = (x: number) => Math.round(x * 10) / 10;
export const summary = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)), runs: xs.length });

export async function benchStats(options: StatsBenchOptions = {}): Promise<void> {
  const n = options.n ?? 1_000_000;
  const year = options.year ?? 2025;
  const runs = options.runs ?? 50;
  const city = await benchCity({ n, year }, say);
  try {
    const result = await measure(city, runs);
    const worst = (source: 'rollup' | 'raw') => Math.max(...result.cases.map((c) => c[source].p95));
    const line = `stats over ${n.toLocaleString('en')} tickets in ${year} (seeded ${city.fresh ? 'this run' : 'earlier'} in ${city.seeding.seconds} s, `
      + `${city.seeding.ticketsPerSecond}/s, CPU node ${city.seeding.cpuSeconds.node} s + postgres ${city.seeding.cpuSeconds.postgres} s; rollups rebuilt in ${city.seeding.rollupSeconds} s), GET /api/stats by district / by month with compare, ${runs} runs each (raw: ${result.cases[0]?.raw.runs ?? 0}): `
      + result.cases.map((c) => `${c.name} p50/p95 ${c.rollup.p50}/${c.rollup.p95} ms vs raw ${c.raw.p50}/${c.raw.p95} ms`).join('; ')
      + `; slowest p95 ${worst('rollup')} ms vs raw ${worst('raw')} ms (${round(worst('raw') / worst('rollup'))}×); rollup and raw agree: ${result.agree ? 'yes' : 'NO'}`;
    say(line);
    say(`written to ${writeResult('stats', { n, year, postgres: city.serverVersion, seeding: city.seeding, cityDir: city.dir, ...result }, line)}`);
  } finally {
    await city.close();
  }
}

async function measure(city: BenchCity, runs: number) {
  const { db, vault } = city;
  const app = await buildApp({ db, vault, clock: () => city.now, cookieSecure: false, sessionHours: 12, loginRateLimit: 1000, logLevel: 'warn' });
  try {
    const login = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      return (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    };
    const y = city.spec.year;
    const base = `/api/stats?from=${y}-01-01&to=${y}-12-31&compare=true&figures=${FIGURES.join(',')}`;
    const users = [['city leader (leader1)', await login('leader1')], ['district leader (leader_d01)', await login('leader_d01')]] as const;
    const cases = [];
    let agree = true;
    for (const [who, get] of users) {
      for (const by of ['district', 'month']) {
        const url = `${base}&by=${by}`;
        const name = `${who} by ${by}`;
        const once = async (source: 'rollup' | 'raw') => {
          const t0 = performance.now();
          const res = await get(source === 'raw' ? `${url}&source=raw` : url);
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) throw new Error(`${name} (${source}): ${res.statusCode} ${res.body.slice(0, 300)}`);
          return { ms, body: res.json() as { rows: { keys: unknown; figures: unknown }[]; total: { figures: unknown } } };
        };
        // One untimed run of each warms the caches alike; then the runs alternate, so both see the same machine.
        const first = { rollup: await once('rollup'), raw: await once('raw') };
        const same = JSON.stringify([first.rollup.body.rows, first.rollup.body.total]) === JSON.stringify([first.raw.body.rows, first.raw.body.total]);
        agree &&= same;
        const ms = { rollup: [] as number[], raw: [] as number[] };
        // The baseline reads the whole year of raw rows each time: past 2 s a run, 10 runs of it say enough (and keep the bench under an hour).
        const rawRuns = first.raw.ms > 2_000 ? Math.min(10, runs) : runs;
        for (let i = 0; i < runs; i++) {
          ms.rollup.push((await once('rollup')).ms);
          if (i < rawRuns) ms.raw.push((await once('raw')).ms);
        }
        const c = { name, url, groups: first.rollup.body.rows.length, agree: same, rollup: summary(ms.rollup), raw: summary(ms.raw) };
        say(`${name}: ${c.groups} groups, rollup p50/p95 ${c.rollup.p50}/${c.rollup.p95} ms, raw ${c.raw.p50}/${c.raw.p95} ms${same ? '' : ' (rollup and raw DIFFER)'}`);
        cases.push(c);
      }
    }
    return { figures: FIGURES, cases, agree };
  } finally {
    await app.close();
  }
}
