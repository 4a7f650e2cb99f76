// Ticket (and knowledge) search at city scale (issue 5 "what it must show"): ~50 realistic queries
// over a bulk-loaded history, each through the full-text path (search_tokens @@ query, GIN) and the
// same query's ILIKE scan (the list's old path), as a city-wide user and as a district user, each
// the list's count and first page; and, when the knowledge base's table exists, article search
// against an ILIKE scan of the articles. Ratios are taken in the same run, on the same database.
import { existsSync, readFileSync } from 'node:fs';
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../src/domain/actor.js';
import type { Role } from '../src/domain/roles.js';
import type { Db } from '../src/db/connection.js';
import { escapeLike } from '../src/db/like.js';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { textSourceFromCsv, type TextSource } from '../src/services/demo/texts.js';
import { ticketVisibleTo } from '../src/services/tickets/context.js';
import { ticketTextMatch } from '../src/services/tickets/search-tokens.js';
import { tokenizerFor } from '../src/services/text/tokenizer.js';
import { benchDatabase, writeResult } from './support.js';

export interface SearchBenchOptions {
  n?: number;
  /** A CSV of real messages for the ticket texts (default: the shared teddy2020 file when present). */
  texts?: string;
}

const DEFAULT_TEXTS = '/work/shared/data/teddy2020/messages_with_votes.csv';
const ARTICLES = 10_000;
const say = (line: string) => console.log(`[bench search] ${line}`);

/** Matters callers name (DOMAIN.md §9's warning subjects and the hot ones of the seeds). */
const MATTERS = [
  '噪音', '停水', '物业', '停电', '讨薪', '拖欠工资', '垃圾', '路灯不亮', '井盖', '占道经营', '违章建筑', '油烟', '电梯', '燃气', '漏水',
  '施工 噪音', '小区 停水', '物业 电梯', '广场舞', '共享单车', '学位', '公积金', '医保', '社保', '预付卡 退费', '食品安全', '出租车',
  '公交', '学校', '幼儿园', '拆迁', '房产证', '供暖', '积水', '烧烤',
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const stats = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)) });
const round = (x: number) => Math.round(x * 10) / 10;

async function actorOf(db: Db, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.platform_id', 'users.unit_id', 'users.roles', 'units.path'])
    .where('users.username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
}

/** The list's work for one text filter: its count and its first page of 20, newest first. */
async function listWork(db: Db, actor: Actor, where: RawBuilder<boolean>): Promise<number> {
  const q = db.selectFrom('tickets').where(ticketVisibleTo(actor)).where(where);
  const [{ total }] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q.select('tickets.id').orderBy('tickets.accepted_at', 'desc').orderBy('tickets.id', 'desc').limit(20).execute(),
  ]);
  return Number(total);
}

const ilikeOf = (text: string) => {
  const p = `%${escapeLike(text)}%`;
  return sql<boolean>`(tickets.title ilike ${p} or tickets.content ilike ${p} or tickets.address ilike ${p})`;
};

export async function benchSearch(options: SearchBenchOptions = {}): Promise<void> {
  const n = options.n ?? 100_000;
  const textsFile = options.texts ?? (existsSync(DEFAULT_TEXTS) ? DEFAULT_TEXTS : null);
  const texts: TextSource | null = textsFile ? textSourceFromCsv(readFileSync(textsFile, 'utf8'), { columns: ['留言主题', '留言详情'] }) : null;
  const bench = await benchDatabase(say);
  try {
    const { db, vault } = bench;
    say(`${n.toLocaleString('en')} tickets of history, bulk-loaded, texts from ${textsFile ?? 'the built-in templates'}`);
    const t0 = performance.now();
    const seeded = await seedHistory(db, vault, {
      count: n, via: 'bulk', now: new Date(), texts, sweep: sweepDeadlines,
      onProgress: (c) => { if (c.batches % 20 === 0) say(`  ${c.tickets.toLocaleString('en')} tickets written`); },
    });
    const seedMs = performance.now() - t0;
    say(`seeded in ${(seedMs / 1000).toFixed(1)} s (${Math.round(n / (seedMs / 1000))} tickets/s, tokens cut and written with the rows)`);
    const untokenised = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where(sql<boolean>`search_tokens is null`).executeTakeFirstOrThrow();
    if (Number(untokenised.n) !== 0) throw new Error(`${untokenised.n} tickets without search tokens after the bulk load`);

    // Articles, if the knowledge base's migration is there (another part of issue 5; found at run time).
    const hasArticles = (await sql<{ t: string | null }>`select to_regclass('knowledge_articles')::text as t`.execute(db)).rows[0]?.t != null;
    let articleMs = 0;
    // Another part's table: if its shape moved on, the ticket figures still stand.
    let articleSkip: string | null = hasArticles ? null : 'no knowledge_articles table';
    if (hasArticles) articleMs = await seedArticles(db, texts).catch((e: Error) => { articleSkip = `articles not seeded: ${e.message}`; return 0; });
    await sql`analyze`.execute(db);

    // Queries: matters, and the city's own place names (districts, streets, roads of the grids).
    const places = await db.selectFrom('units').select(['name', 'kind', 'address_keywords']).where('kind', 'in', ['district', 'street', 'grid']).orderBy('id').execute();
    const districts = places.filter((p) => p.kind === 'district').slice(0, 3).map((p) => p.name);
    const streets = places.filter((p) => p.kind === 'street').filter((_, i) => i % 9 === 0).slice(0, 5).map((p) => p.name);
    const roads = [...new Set(places.filter((p) => p.kind === 'grid').flatMap((p) => p.address_keywords))].filter((_, i) => i % 13 === 0).slice(0, 7);
    const queries = [...MATTERS, ...districts, ...streets, ...roads, `${streets[0] ?? ''} 噪音`.trim()];
    say(`${queries.length} queries: ${queries.join(' / ')}`);

    const city = await actorOf(db, 'dispatcher1');
    const district = await actorOf(db, 'h_d01');
    const time = async (run: () => Promise<unknown>, times = 3) => {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < times; i++) {
        const s = performance.now();
        await run();
        ms.push(performance.now() - s);
      }
      return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
    };
    const rows: { q: string; who: string; hits: number; ilikeHits: number | null; ms: number; ilikeMs: number | null; relevanceMs?: number }[] = [];
    for (const [who, actor] of [['city', city], ['district', district]] as const) {
      for (const q of queries) {
        const match = await ticketTextMatch(db, actor.platformId, q);
        const hits = await listWork(db, actor, match.where);
        const ms = await time(() => listWork(db, actor, match.where));
        // The scan once: it reads the whole table each time. Over 500,000 tickets every other query
        // only, or the baseline alone would take most of an hour on this machine.
        let ilikeHits: number | null = null;
        let ilikeMs: number | null = null;
        if (n < 500_000 || queries.indexOf(q) % 2 === 0) {
          const scanStart = performance.now();
          ilikeHits = await listWork(db, actor, ilikeOf(q));
          ilikeMs = round(performance.now() - scanStart);
        }
        const row: (typeof rows)[number] = { q, who, hits, ilikeHits, ms: round(ms), ilikeMs };
        if (who === 'city' && match.rank) {
          const rank = match.rank;
          row.relevanceMs = round(await time(() => db.selectFrom('tickets').where(ticketVisibleTo(actor)).where(match.where).select('tickets.id')
            .orderBy(sql`${rank} desc nulls last`).limit(20).execute()));
        }
        rows.push(row);
        say(`${who} "${q}": ${ms.toFixed(1)} ms (${hits} tickets) vs ILIKE ${ilikeMs ?? '-'} ms (${ilikeHits ?? '-'})${row.relevanceMs !== undefined ? `, by relevance ${row.relevanceMs} ms` : ''}`);
      }
    }
    const summary = (who: string) => {
      const mine = rows.filter((r) => r.who === who);
      const fts = stats(mine.map((r) => r.ms));
      const ilike = stats(mine.flatMap((r) => (r.ilikeMs === null ? [] : [r.ilikeMs])));
      return { fulltext: fts, ilike, p95Ratio: round(ilike.p95 / fts.p95), p50Ratio: round(ilike.p50 / fts.p50) };
    };
    const relevance = stats(rows.filter((r) => r.relevanceMs !== undefined).map((r) => r.relevanceMs!));

    let articles: { count: number; seedMs: number; search: ReturnType<typeof stats>; ilike: ReturnType<typeof stats>; p95Ratio: number } | { skipped: string } = { skipped: articleSkip ?? '' };
    if (articleSkip === null) articles = await benchArticles(db, city.platformId, queries, time, articleMs).catch((e: Error) => ({ skipped: `article search failed: ${e.message}` }));

    const result = { n, seedMs: Math.round(seedMs), tickets: seeded.tickets, texts: textsFile, postgres: bench.serverVersion, queries: queries.length, city: summary('city'), district: summary('district'), relevance, articles, rows };
    const c = result.city;
    const d = result.district;
    const line = `search over ${n.toLocaleString('en')} tickets (seeded in ${(seedMs / 1000).toFixed(0)} s), ${queries.length} queries, count + first page: `
      + `city p50/p95/max ${c.fulltext.p50}/${c.fulltext.p95}/${c.fulltext.max} ms vs ILIKE ${c.ilike.p50}/${c.ilike.p95}/${c.ilike.max} ms (p95 ${c.p95Ratio}×); `
      + `district ${d.fulltext.p50}/${d.fulltext.p95}/${d.fulltext.max} ms vs ILIKE ${d.ilike.p50}/${d.ilike.p95}/${d.ilike.max} ms (p95 ${d.p95Ratio}×); `
      + `by relevance p95 ${relevance.p95} ms`
      + ('search' in articles ? `; ${articles.count.toLocaleString('en')} articles p95 ${articles.search.p95} ms vs ILIKE ${articles.ilike.p95} ms (${articles.p95Ratio}×)` : `; articles: ${articles.skipped}`);
    say(line);
    say(`written to ${writeResult('search', result, line)}`);
  } finally {
    await bench.close();
  }
}

/** 10,000 published articles (FAQ-like: a message's words as question and body), owned by random units. */
async function seedArticles(db: Db, texts: TextSource | null): Promise<number> {
  const started = performance.now();
  const { articleWords, tokensExpr } = await import('../src/services/knowledge/tokens.js');
  const tokenizer = await tokenizerFor(db, 1);
  const units = (await db.selectFrom('units').select('id').where('platform_id', '=', 1).execute()).map((u) => u.id);
  const source = texts?.rows ?? [];
  const now = new Date();
  for (let start = 0; start < ARTICLES; start += 1_000) {
    const batch = Array.from({ length: 1_000 }, (_, k) => {
      const i = start + k;
      const row = source.length ? source[(i * 7919) % source.length]! : { title: `${MATTERS[i % MATTERS.length]}问题如何处理`, content: `关于${MATTERS[i % MATTERS.length]}的办理指南第${i}号。` };
      const title = `${row.title}`.slice(0, 200);
      const body = `问：${row.content}\n答：请按以下办理流程咨询承办单位。`.slice(0, 50_000);
      const w = articleWords(tokenizer, { title, keywords: [], body });
      return { unit: units[i % units.length]!, title, body, w };
    });
    await db.insertInto('knowledge_articles').values(batch.map((a) => ({
      platform_id: 1, unit_id: a.unit, kind: 'faq', title: a.title, body: a.body, status: 'published',
      live_kind: 'faq', live_title: a.title, live_body: a.body, live_keywords: [], live_at: now, live_revision: 1,
      search_tokens: tokensExpr(a.w.title, a.w.keywords, a.w.body), created_at: now, updated_at: now,
    }) as never)).execute();
  }
  return performance.now() - started;
}

async function benchArticles(db: Db, platformId: number, queries: string[], time: (run: () => Promise<unknown>, times?: number) => Promise<number>, seedMs: number) {
  const { searchArticles } = await import('../src/services/knowledge/base-search.js');
  const now = new Date();
  const fts: number[] = [];
  const ilike: number[] = [];
  for (const q of queries) {
    fts.push(await time(() => searchArticles(db, platformId, q, { now, pageSize: 20 })));
    const p = `%${escapeLike(q)}%`;
    ilike.push(await time(() => sql`select id from knowledge_articles where platform_id = ${platformId} and status = 'published'
      and (live_title ilike ${p} or live_body ilike ${p}) order by live_at desc limit 20`.execute(db), 1));
  }
  const count = Number((await sql<{ n: string }>`select count(*) as n from knowledge_articles`.execute(db)).rows[0]!.n);
  const search = stats(fts);
  const base = stats(ilike);
  say(`articles (${count}, seeded in ${(seedMs / 1000).toFixed(1)} s): search p50/p95/max ${search.p50}/${search.p95}/${search.max} ms vs ILIKE ${base.p50}/${base.p95}/${base.max} ms`);
  return { count, seedMs: Math.round(seedMs), search, ilike: base, p95Ratio: round(base.p95 / search.p95) };
}
