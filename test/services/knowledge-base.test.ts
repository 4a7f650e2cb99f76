// The knowledge base's search: ranking on the jieba token index (a title hit outranks a body hit),
// near spellings by trigrams, only live, valid articles, and the re-index after a new word.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import { createArticle, listArticles, reviewArticle, submitArticle, updateArticle, type ArticleInput } from '../../src/services/knowledge/articles.js';
import { answers, ask, maskQuestion, wordsNeeded } from '../../src/services/knowledge/ask.js';
import { searchArticles } from '../../src/services/knowledge/base-search.js';
import { reindexArticles } from '../../src/services/knowledge/tokens.js';
import { forgetTokenizer } from '../../src/services/text/tokenizer.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-20T02:00:00Z');
let t: TestDatabase;
let admin: Actor;
let handlerD01: Actor;
let handlerD02: Actor;

async function actor(username: string): Promise<Actor> {
  const u = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.platform_id', 'users.unit_id', 'units.path', 'users.roles']).where('users.username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
}

/** Writes, submits and publishes an article as `by`, reviewed by the admin. */
async function publish(by: Actor, input: ArticleInput): Promise<number> {
  const a = await createArticle(t.db, by, input, NOW);
  await submitArticle(t.db, by, a.id, undefined, NOW);
  await reviewArticle(t.db, admin, a.id, { approve: true }, NOW);
  return a.id;
}

const ids = (r: { items: { id: number }[] }) => r.items.map((i) => i.id);
let titleHit: number;
let bodyHit: number;
let expired: number;
let future: number;
let draft: number;

beforeAll(async () => {
  t = await testDatabase();
  [admin, handlerD01, handlerD02] = await Promise.all([actor('admin'), actor('h_d01'), actor('h_d02')]);
  // Made-up matters (萤火虫…), so the demo city's own articles never interfere.
  bodyHit = await publish(handlerD01, {
    kind: 'guide', title: '夜间观赏活动须知',
    body: '夜间到湿地公园观赏萤火虫请勿使用强光手电，不要捕捉，观赏时间为每晚七点至十点。'.repeat(3),
  });
  titleHit = await publish(handlerD02, {
    kind: 'faq', title: '萤火虫观赏证怎么办理', body: '携带身份证原件到市文旅局一楼窗口办理，工作日受理，当场办结。',
  });
  expired = await publish(handlerD01, {
    kind: 'policy', title: '萤火虫观赏证旧办法', body: '旧的萤火虫观赏证办理办法。', validFrom: '2020-01-01', validTo: '2025-12-31',
  });
  future = await publish(handlerD01, {
    kind: 'policy', title: '萤火虫观赏证新办法', body: '明年起施行的萤火虫观赏证办理办法。', validFrom: '2027-01-01',
  });
  draft = (await createArticle(t.db, handlerD01, { kind: 'faq', title: '萤火虫观赏证草稿', body: '尚未提交审核的萤火虫观赏证说明。' }, NOW)).id;
});

describe('ranking', () => {
  it('a title hit outranks a body hit, and the matched words come back for highlighting', async () => {
    const r = await searchArticles(t.db, admin.platformId, '萤火虫', { now: NOW });
    expect(r.words).toContain('萤火虫');
    expect(ids(r).indexOf(titleHit)).toBeLessThan(ids(r).indexOf(bodyHit));
    expect(ids(r)[0]).toBe(titleHit);
    const hit = r.items.find((i) => i.id === bodyHit)!;
    expect(hit.matched).toContain('萤火虫');
    expect(hit.snippet).toContain('萤火虫');
    expect(hit.via).toBe('words');
    expect(hit.unitName).toBeTruthy();
  });

  it('more of the question\'s words rank higher than one of them', async () => {
    const r = await searchArticles(t.db, admin.platformId, '请问萤火虫观赏证要带身份证吗', { now: NOW });
    expect(ids(r)[0]).toBe(titleHit);
  });

  it('pages the results with a total', async () => {
    const one = await searchArticles(t.db, admin.platformId, '萤火虫', { now: NOW, pageSize: 1 });
    const two = await searchArticles(t.db, admin.platformId, '萤火虫', { now: NOW, pageSize: 1, page: 2 });
    expect(one.total).toBe(2);
    expect(one.items).toHaveLength(1);
    expect(two.items).toHaveLength(1);
    expect(two.items[0]!.id).not.toBe(one.items[0]!.id);
  });
});

describe('near spellings', () => {
  it('finds a title by its trigrams when the words find nothing (鹭鸣洲 typed as 鹭鸣州)', async () => {
    const id = await publish(handlerD01, { kind: 'guide', title: '鹭鸣洲轮渡时刻', body: '每日早七点至晚七点，每小时一班。' });
    const r = await searchArticles(t.db, admin.platformId, '鹭鸣州', { now: NOW });
    expect(r.words).toEqual(['鹭鸣州']);
    expect(r.items[0]).toMatchObject({ id, via: 'near' });
    // Nothing like it: nothing found.
    expect((await searchArticles(t.db, admin.platformId, '白鹤滩', { now: NOW })).items.map((i) => i.id)).not.toContain(id);
  });
});

describe('what is never offered', () => {
  it('expired, not yet valid and unpublished articles are left out; expired ones stay findable for editors', async () => {
    const r = await searchArticles(t.db, admin.platformId, '萤火虫观赏证办理办法', { now: NOW });
    expect(ids(r)).not.toContain(expired);
    expect(ids(r)).not.toContain(future);
    expect(ids(r)).not.toContain(draft);
    // On the same day a year later the new rule is in force.
    const later = await searchArticles(t.db, admin.platformId, '萤火虫观赏证办理办法', { now: new Date('2027-02-01T02:00:00Z') });
    expect(ids(later)).toContain(future);
    const editors = await listArticles(t.db, handlerD01, { q: '旧办法', page: 1, pageSize: 20 }, NOW, ['旧', '办法']);
    expect(editors.items.map((i) => i.id)).toContain(expired);
    expect(editors.items.find((i) => i.id === expired)!.live!.valid).toBe(false);
  });

  it('a published revision keeps the live text until approved', async () => {
    const a = await updateArticle(t.db, handlerD02, titleHit, { kind: 'faq', title: '萤火虫观赏证改名', body: '修订中的正文。' }, NOW);
    expect(a.status).toBe('draft');
    expect(a.live!.title).toBe('萤火虫观赏证怎么办理');
    const r = await searchArticles(t.db, admin.platformId, '萤火虫观赏证', { now: NOW });
    expect(r.items.find((i) => i.id === titleHit)!.title).toBe('萤火虫观赏证怎么办理');
  });

  it('out of scope: another unit sees the live copy only, never the draft', async () => {
    const list = await listArticles(t.db, handlerD02, { page: 1, pageSize: 200 }, NOW);
    expect(list.items.map((i) => i.id)).not.toContain(draft);
    const own = await listArticles(t.db, handlerD01, { page: 1, pageSize: 200, mine: true }, NOW);
    expect(own.items.map((i) => i.id)).toContain(draft);
    // D02's revision of its article is not D01's to see: D01 sees the live copy.
    const seen = (await listArticles(t.db, handlerD01, { page: 1, pageSize: 200 }, NOW)).items.find((i) => i.id === titleHit)!;
    expect(seen).toMatchObject({ title: '萤火虫观赏证怎么办理', status: 'published', editable: false });
  });
});

describe('re-index after a new word', () => {
  it('a word the dictionary learns is found once the articles are re-tokenised', async () => {
    const id = await publish(handlerD01, { kind: 'guide', title: '春江花月里小区停水通知', body: '因管道检修，周六全天停水。' });
    await t.db.insertInto('text_words').values({ platform_id: admin.platformId, word: '春江花月里' }).execute();
    forgetTokenizer(admin.platformId);
    // The query now holds the new word, the stored tokens do not: the article is found (by its
    // pieces) but not by the word itself.
    const stale = await searchArticles(t.db, admin.platformId, '春江花月里', { now: NOW });
    expect(stale.words).toContain('春江花月里');
    expect(stale.items.find((i) => i.id === id)?.matched ?? []).not.toContain('春江花月里');
    const done = await reindexArticles(t.db, admin.platformId);
    expect(done.articles).toBeGreaterThanOrEqual(5);
    const after = await searchArticles(t.db, admin.platformId, '春江花月里', { now: NOW });
    expect(after.items[0]).toMatchObject({ id, via: 'words' });
    expect(after.items[0]!.matched).toContain('春江花月里');
  });
});

describe('asking', () => {
  it('answers when the best article holds enough of the question, and records the question masked', async () => {
    const a = await ask(t.db, admin.platformId, '萤火虫观赏证怎么办理？我的电话13812345678', NOW);
    expect(a.answered).toBe(true);
    expect(a.items[0]!.id).toBe(titleHit);
    expect(a.items[0]).not.toHaveProperty('score');
    const row = await t.db.selectFrom('knowledge_questions').selectAll().where('token', '=', a.token).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered: true, top_article_id: titleHit });
    expect(row.question).not.toContain('13812345678');
    const none = await ask(t.db, admin.platformId, '火星移民签证的申请条件', NOW);
    expect(none.answered).toBe(false);
  });

  it('needs half of the words, at least one, four always enough', () => {
    expect([1, 2, 3, 5, 8, 20].map(wordsNeeded)).toEqual([1, 1, 2, 3, 4, 4]);
    expect(answers(undefined, 3)).toBe(false);
    expect(maskQuestion('身份证110101199001011234，手机13912345678')).toBe('身份证110************234，手机139****5678');
  });
});
