// Ticket full-text search (H-SEARCH, docs/search.md): the list's `q` matches jieba words of the
// title, content and address through search_tokens, every word required, within the caller's scope;
// tickets are searchable from intake on; rows without tokens are still found (ILIKE) until the
// backfill fills them, batch by batch; a re-index after a dictionary change finds the new word.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM_ID } from '../../src/domain/platform.js';
import { forgetTokenizer, tokenizerFor } from '../../src/services/text/tokenizer.js';
import { reindexTickets, untokenisedExist, writeTokens } from '../../src/services/tickets/search-tokens.js';
import { backfillSearchTokens } from '../../src/jobs/search-backfill.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let hD01: Session;
let d01: number;
let d02: number;

/** The ids a session finds for `q` (other parameters appended as they are). */
async function found(session: Session, q: string, extra = ''): Promise<number[]> {
  const res = await session.get(`/api/tickets?q=${encodeURIComponent(q)}&pageSize=100${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { total: number; items: { id: number }[] };
  expect(body.total).toBe(body.items.length);
  return body.items.map((x) => x.id);
}

const ticket = (title: string, content: string, address: string) => newTicket(c.operator, { title, content, location: { address } });

const tokensOf = async (id: number) =>
  (await sql<{ tokens: string | null }>`select search_tokens::text as tokens from tickets where id = ${id}`.execute(t.db)).rows[0]!.tokens;

let noise: number;
let roadworks: number;
let water: number;
let estate: number;
let estateLookalike: number;

beforeAll(async () => {
  t = await testDatabase();
  // An estate name jieba cuts in two (翠湖 / 星苑): an administrator's word makes it one.
  await t.db.insertInto('text_words').values({ platform_id: DEFAULT_PLATFORM_ID, word: '翠湖星苑' }).execute();
  forgetTokenizer(DEFAULT_PLATFORM_ID);
  api = await testApp(t.db);
  c = await cast(api);
  [d01, d02] = await Promise.all([unitIdByCode(t.db, 'D01'), unitIdByCode(t.db, 'D02')]);
  hD01 = await api.login('h_d01');
  noise = (await ticket('夜间施工扰民', '小区旁边的工地每天凌晨还在浇筑混凝土，噪音很大，影响休息。', '青柳街道桃园路88号')).id;
  roadworks = (await ticket('路面坑洼', '桃园路人行道地砖松动破损，雨天积水。', '青柳街道桃园路12号')).id;
  water = (await ticket('小区停水', '家里突然停水一整天，没有接到任何通知。', '滨江街道望江路6号')).id;
  estate = (await ticket('物业不作为', '翠湖星苑小区门禁坏了没人修，物业不管。', '北湖街道')).id;
  estateLookalike = (await ticket('宾馆扰民', '翠湖公园旁边的星苑宾馆门口夜间喧哗。', '北湖街道')).id;
});

describe('ticket search', () => {
  it('finds tickets by words of the title, the content and the address, and not unrelated ones', async () => {
    expect(await found(c.dispatcher, '扰民')).toEqual(expect.arrayContaining([noise, estateLookalike]));
    expect(await found(c.dispatcher, '扰民')).not.toContain(water);
    expect(await found(c.dispatcher, '混凝土')).toEqual([noise]);
    expect(await found(c.dispatcher, '停水')).toEqual([water]);
    expect(await found(c.dispatcher, '望江路')).toEqual([water]);
    // Every word must match (AND): 噪音 and 桃园路 are both in the noise ticket only.
    expect(await found(c.dispatcher, '桃园路 噪音')).toEqual([noise]);
    expect(await found(c.dispatcher, '停水 噪音')).toEqual([]);
  });

  it('finds a part of a longer word (search-mode words: 桃园 in 桃园路)', async () => {
    expect((await found(c.dispatcher, '桃园')).sort()).toEqual([noise, roadworks].sort());
  });

  it('keeps an administrator\'s dictionary word whole: 翠湖星苑 is not 翠湖 … 星苑', async () => {
    expect(await found(c.dispatcher, '翠湖星苑')).toEqual([estate]);
    expect(await tokensOf(estate)).toContain("'翠湖星苑'");
  });

  it('ranks title words first when asked for relevance, and keeps the list order otherwise', async () => {
    // 扰民 is in the title of noise and estateLookalike; the newest comes first by default.
    const newest = await found(c.dispatcher, '扰民');
    expect(newest).toEqual([estateLookalike, noise]);
    const extra = (await ticket('门禁故障', '楼下烧烤店夜间扰民，门禁也坏了。', '北湖街道')).id;
    expect((await found(c.dispatcher, '扰民'))[0]).toBe(extra);
    const ranked = await found(c.dispatcher, '扰民', '&sort=relevance');
    expect(ranked.indexOf(extra)).toBe(2);
  });

  it('still finds tickets by number, and a query without words by ILIKE', async () => {
    const res = await c.dispatcher.get(`/api/tickets/${water}`);
    const number = (res.json() as { number: string }).number;
    expect(await found(c.dispatcher, number)).toEqual([water]);
    // 88 is not a word (bare numbers are dropped): the old substring match answers.
    expect(await found(c.dispatcher, '88号')).toContain(noise);
  });

  it('finds an address from a near spelling of it (pg_trgm)', async () => {
    const near = (await ticket('路灯不亮', '整条路的路灯晚上都不亮。', '澜湖区青柳街道凤凰山路188号锦绣花园')).id;
    // 凤凰山路 → 凤凰三路: the words differ, the address is close.
    expect(await found(c.dispatcher, '青柳街道凤凰三路188号锦绣花园')).toContain(near);
  });

  it('is scoped: a district finds its own tickets, not another district\'s', async () => {
    const ours = (await ticket('暴露垃圾', '路边有生活垃圾暴露堆放，散发异味。', '青柳街道')).id;
    const theirs = (await ticket('暴露垃圾', '河边空地被倾倒了成堆的生活垃圾，散发异味。', '滨江街道')).id;
    await act(c.dispatcher, ours, 'dispatch', { primaryUnitId: d01 });
    await act(c.dispatcher, theirs, 'dispatch', { primaryUnitId: d02 });
    expect((await found(c.dispatcher, '垃圾 异味')).sort()).toEqual([ours, theirs].sort());
    expect(await found(hD01, '垃圾 异味')).toEqual([ours]);
  });

  it('makes a split part searchable at once', async () => {
    const both = (await ticket('两件事', '小区停电，另外楼下烧烤油烟很大。', '北湖街道')).id;
    const out = await act(c.dispatcher, both, 'split', { parts: [{ content: '小区停电一整晚' }, { content: '楼下露天烧烤油烟很大' }] });
    const part = (out.created as { id: number }[])[0]!.id;
    expect(await found(c.dispatcher, '油烟')).toEqual([part]);
    expect(await found(c.dispatcher, '停电')).toEqual([both]);
  });
});

describe('tickets without tokens', () => {
  it('are found by ILIKE until the backfill fills them, batch by batch', async () => {
    const ids = [noise, roadworks, water];
    await t.db.updateTable('tickets').set({ search_tokens: null }).where('id', 'in', ids).execute();
    expect(await untokenisedExist(t.db, DEFAULT_PLATFORM_ID)).toBe(true);
    // Found all the same, by the old substring match of the query.
    expect(await found(c.dispatcher, '停水')).toEqual([water]);
    expect((await found(c.dispatcher, '桃园路')).sort()).toEqual([noise, roadworks].sort());

    const r = await reindexTickets(t.db, DEFAULT_PLATFORM_ID, { batchSize: 2 });
    expect(r).toMatchObject({ read: 3, written: 3, batches: 2, done: true });
    expect(await untokenisedExist(t.db, DEFAULT_PLATFORM_ID)).toBe(false);
    for (const id of ids) expect(await tokensOf(id)).not.toBeNull();
    expect(await found(c.dispatcher, '停水')).toEqual([water]);
    // The tokens are what intake writes: the title's words weighted A.
    expect(await tokensOf(water)).toMatch(/'停水':\d+A/);
  });

  it('are filled by the search-backfill job, which is quiet once nothing is left', async () => {
    await t.db.updateTable('tickets').set({ search_tokens: null }).where('id', 'in', [noise, water]).execute();
    expect(await backfillSearchTokens(t.db)).toEqual({ written: 2, pending: false });
    expect(await backfillSearchTokens(t.db)).toBeNull();
    expect(await found(c.dispatcher, '混凝土')).toEqual([noise]);
  });

  it('stops after maxBatches and carries on in the next run', async () => {
    await t.db.updateTable('tickets').set({ search_tokens: null }).where('id', 'in', [noise, roadworks, water]).execute();
    const first = await reindexTickets(t.db, DEFAULT_PLATFORM_ID, { batchSize: 1, maxBatches: 2 });
    expect(first).toMatchObject({ written: 2, done: false });
    const second = await reindexTickets(t.db, DEFAULT_PLATFORM_ID, { batchSize: 1, maxBatches: 2 });
    expect(second).toMatchObject({ written: 1, done: true });
  });

  it('does not overwrite a ticket whose text changed after it was read', async () => {
    await t.db.updateTable('tickets').set({ search_tokens: null }).where('id', '=', roadworks).execute();
    const read = await t.db.selectFrom('tickets').select(['id', 'title', 'content', 'address']).where('id', '=', roadworks).executeTakeFirstOrThrow();
    // A use case edits the text between the backfill's read and its UPDATE.
    await t.db.updateTable('tickets').set({ content: '内容已改' }).where('id', '=', roadworks).execute();
    expect(await writeTokens(t.db, DEFAULT_PLATFORM_ID, await tokenizerFor(t.db, DEFAULT_PLATFORM_ID), [read])).toBe(0);
    expect(await tokensOf(roadworks)).toBeNull();
    await t.db.updateTable('tickets').set({ content: read.content }).where('id', '=', roadworks).execute();
    expect(await writeTokens(t.db, DEFAULT_PLATFORM_ID, await tokenizerFor(t.db, DEFAULT_PLATFORM_ID), [read])).toBe(1);
  });

  it('re-indexes every ticket with --all after a dictionary word was added', async () => {
    const id = (await ticket('噪音', '海棠湾府小区楼下商铺音响声音过大。', '北湖街道')).id;
    await t.db.insertInto('text_words').values({ platform_id: DEFAULT_PLATFORM_ID, word: '海棠湾府' }).execute();
    forgetTokenizer(DEFAULT_PLATFORM_ID);
    // The query now cuts 海棠湾府 whole; the ticket was cut before the word existed (海棠 / 湾 / 府).
    expect(await found(c.dispatcher, '海棠湾府')).toEqual([]);
    const r = await reindexTickets(t.db, DEFAULT_PLATFORM_ID, { all: true, batchSize: 4 });
    expect(r.done).toBe(true);
    expect(r.batches).toBeGreaterThan(1);
    expect(r.written).toBe(r.read);
    expect(await found(c.dispatcher, '海棠湾府')).toEqual([id]);
  });
});
