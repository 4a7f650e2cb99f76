// The knowledge base over HTTP: the editor → review → publish workflow with its refusals, bad input
// named in Chinese and English, files, "answered from article X" on a direct answer, and the
// citizens' 智能问答 (answers from live articles, records the question, hands over when nothing fits).
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, cast, newTicket, type Cast } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let handlerD01: Session;
let handlerD02: Session;
let admin: Session;

const ARTICLE = {
  kind: 'faq', title: '萤火虫观赏证怎么办理',
  body: '办理萤火虫观赏证请携带身份证原件到市文旅局一楼窗口，工作日上午九点至下午五点受理，当场办结。',
  keywords: ['观赏证'], validFrom: '2026-01-01', validTo: null,
};
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function form(filename: string, type: string, bytes: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----minsheng${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function ok(res: { statusCode: number; body: string; json(): unknown }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as Record<string, unknown> & { id: number; version: number; status: string };
}

const publicGet = (url: string) => api.app.inject({ method: 'GET', url });

let published: number;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  api.clock.set(new Date('2026-11-20T02:00:00Z'));
  c = await cast(api);
  [handlerD01, handlerD02, admin] = await Promise.all([api.login('h_d01'), api.login('h_d02'), api.login('admin')]);
});

describe('workflow', () => {
  it('a unit writes and submits, a handler cannot publish, the hotline office\'s reviewer publishes', async () => {
    const draft = await ok(await handlerD01.send('POST', '/api/knowledge/articles', ARTICLE), 201);
    expect(draft).toMatchObject({ status: 'draft', live: null, editable: true, reviewable: false, kindLabel: '常见问答', citations: 0 });
    const submitted = await ok(await handlerD01.send('POST', `/api/knowledge/articles/${draft.id}/submit`, { version: draft.version }));
    expect(submitted.status).toBe('submitted');
    // Under review: no edits.
    const busy = await handlerD01.send('PUT', `/api/knowledge/articles/${draft.id}`, { ...ARTICLE, title: '改标题' });
    expect(busy.statusCode).toBe(409);

    const selfPublish = await handlerD01.send('POST', `/api/knowledge/articles/${draft.id}/review`, { approve: true });
    expect(selfPublish.statusCode).toBe(403);
    expect(selfPublish.json().error.message).toContain('审核');

    const approved = await ok(await c.reviewer.send('POST', `/api/knowledge/articles/${draft.id}/review`, { approve: true, version: submitted.version }));
    expect(approved).toMatchObject({ status: 'published', live: { title: ARTICLE.title, revision: 1, valid: true } });
    published = draft.id;
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_type', '=', 'knowledge_article').where('target_id', '=', String(draft.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['knowledge.create', 'knowledge.submit', 'knowledge.publish']);
  });

  it('a rejection needs a reason and sends the article back to draft with it', async () => {
    const a = await ok(await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, title: '萤火虫保护区开放时间' }), 201);
    await ok(await handlerD01.send('POST', `/api/knowledge/articles/${a.id}/submit`, {}));
    const noReason = await c.reviewer.send('POST', `/api/knowledge/articles/${a.id}/review`, { approve: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0]).toMatchObject({ field: 'reason', message: expect.stringMatching(/原因/), message_en: expect.stringMatching(/reason/) });
    const rejected = await ok(await c.reviewer.send('POST', `/api/knowledge/articles/${a.id}/review`, { approve: false, reason: '开放时间未注明节假日安排' }));
    expect(rejected).toMatchObject({ status: 'draft', rejectReason: '开放时间未注明节假日安排', live: null });
  });

  it('a unit cannot edit another unit\'s article: 403 for a live one, 404 for a draft it cannot see', async () => {
    const foreign = await handlerD02.send('PUT', `/api/knowledge/articles/${published}`, ARTICLE);
    expect(foreign.statusCode).toBe(403);
    const draft = await ok(await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, title: '仅草稿' }), 201);
    expect((await handlerD02.get(`/api/knowledge/articles/${draft.id}`)).statusCode).toBe(404);
    expect((await handlerD02.send('POST', `/api/knowledge/articles/${draft.id}/submit`, {})).statusCode).toBe(404);
    // Nor write one for a unit outside its subtree.
    const d01 = await t.db.selectFrom('units').select('id').where('code', '=', 'D01').executeTakeFirstOrThrow();
    expect((await handlerD02.send('POST', '/api/knowledge/articles', { ...ARTICLE, unitId: d01.id })).statusCode).toBe(403);
    // An operator reads but does not write.
    expect((await c.operator.send('POST', '/api/knowledge/articles', ARTICLE)).statusCode).toBe(403);
  });

  it('editing a published article makes a revision under review while the live text stays', async () => {
    const cur = await ok(await handlerD01.get(`/api/knowledge/articles/${published}`));
    const edited = await ok(await handlerD01.send('PUT', `/api/knowledge/articles/${published}`, { ...ARTICLE, body: `${ARTICLE.body}周六上午也可办理。`, version: cur.version }));
    expect(edited.status).toBe('draft');
    expect((edited.live as { body: string }).body).toBe(ARTICLE.body);
    const stale = await handlerD01.send('PUT', `/api/knowledge/articles/${published}`, { ...ARTICLE, version: cur.version });
    expect(stale.statusCode).toBe(409);
    const submitted = await ok(await handlerD01.send('POST', `/api/knowledge/articles/${published}/submit`, {}));
    const live = await ok(await c.reviewer.send('POST', `/api/knowledge/articles/${published}/review`, { approve: true, version: submitted.version }));
    expect(live.live).toMatchObject({ revision: 2, body: expect.stringContaining('周六上午') });
  });

  it('bad input: 400 naming the field in Chinese and English', async () => {
    const noTitle = await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, title: '  ' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.fields[0]).toMatchObject({ field: 'title', message: expect.stringContaining('标题'), message_en: expect.stringContaining('title') });
    const badKind = await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, kind: 'rumour' });
    expect(badKind.json().error.fields[0].field).toBe('kind');
    const badDate = await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, validFrom: '2026/01/01' });
    expect(badDate.json().error.fields[0]).toMatchObject({ field: 'validFrom', message_en: expect.stringContaining('YYYY-MM-DD') });
    const backwards = await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, validFrom: '2026-05-01', validTo: '2026-04-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields[0].field).toBe('validTo');
    const badSubject = await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, subjectId: 999999 });
    expect(badSubject.json().error.fields[0].field).toBe('subjectId');
  });

  it('lists with filters and pages', async () => {
    const list = await ok(await handlerD01.get('/api/knowledge/articles?status=published&q=萤火虫&pageSize=1'));
    expect(list.total).toBeGreaterThanOrEqual(1);
    expect((list.items as unknown[]).length).toBe(1);
    const bad = await handlerD01.get('/api/knowledge/articles?status=gone');
    expect(bad.json().error.fields[0].field).toBe('status');
  });

  it('files: the unit attaches, everyone who reads the article downloads, another unit cannot attach', async () => {
    const { body, headers } = form('办理须知.png', 'image/png', PNG);
    const added = await ok(await handlerD01.send('POST', `/api/knowledge/articles/${published}/attachments`, body, headers), 201);
    expect(added).toMatchObject({ fileName: '办理须知.png', contentType: 'image/png', size: PNG.length });
    const down = await c.operator.get(`/api/knowledge/articles/${published}/attachments/${added.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect((await handlerD02.send('POST', `/api/knowledge/articles/${published}/attachments`, body, headers)).statusCode).toBe(403);
    const pub = await publicGet(`/api/public/knowledge/articles/${published}/attachments/${added.id}`);
    expect(pub.statusCode).toBe(200);
  });
});

describe('answered from an article', () => {
  it('intake finds the article and the direct answer records it; the article counts the citation', async () => {
    const found = await ok(await c.operator.get(`/api/knowledge/search?q=${encodeURIComponent('萤火虫观赏证在哪办')}`));
    const hit = (found.articles as { id: number; matched: string[] }[])[0]!;
    expect(hit.id).toBe(published);
    expect(hit.matched).toContain('萤火虫');
    const ticket = await newTicket(c.operator, { type: 'consult', title: '萤火虫观赏证', content: '萤火虫观赏证在哪里办理？' });
    const answered = await act(c.operator, ticket.id, 'answer', { answer: ARTICLE.body, articleId: published, version: ticket.version });
    expect(answered.knowledgeArticleId).toBe(published);
    const article = await ok(await c.operator.get(`/api/knowledge/articles/${published}`));
    expect(article.citations).toBe(1);
    const list = await ok(await c.operator.get('/api/knowledge/articles?q=萤火虫观赏证'));
    expect((list.items as { id: number; citations: number }[]).find((i) => i.id === published)!.citations).toBe(1);
  });

  it('an unpublished or unknown article cannot be cited: 400 naming articleId', async () => {
    const draft = await ok(await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, title: '未发布的文章' }), 201);
    for (const articleId of [draft.id, 987654]) {
      const ticket = await newTicket(c.operator, { type: 'consult', content: '咨询萤火虫观赏证。' });
      const res = await c.operator.send('POST', `/api/tickets/${ticket.id}/answer`, { answer: '请到窗口办理。', articleId });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'articleId', message_en: expect.any(String) });
    }
  });
});

describe('citizens ask', () => {
  it('answers from the live article with its source, and records the question', async () => {
    const res = await ok(await publicGet(`/api/public/knowledge/ask?q=${encodeURIComponent('萤火虫观赏证要带什么材料')}`));
    expect(res.answered).toBe(true);
    const first = (res.items as Record<string, unknown>[])[0]!;
    expect(first).toMatchObject({ id: published, title: ARTICLE.title, unitName: expect.any(String), validFrom: '2026-01-01' });
    expect(first).not.toHaveProperty('status');
    expect(first).not.toHaveProperty('body');
    const row = await t.db.selectFrom('knowledge_questions').selectAll().where('token', '=', res.token as string).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered: true, top_article_id: published, handed_over_at: null });
    const article = await ok(await publicGet(`/api/public/knowledge/articles/${published}`));
    expect(article).toMatchObject({ title: ARTICLE.title, kindLabel: '常见问答' });
    expect(article).not.toHaveProperty('status');
    expect(article).not.toHaveProperty('rejectReason');
  });

  it('says it cannot answer when nothing fits, and records the hand-over; the figures count it', async () => {
    const res = await ok(await publicGet(`/api/public/knowledge/ask?q=${encodeURIComponent('火星移民签证怎么申请')}`));
    expect(res.answered).toBe(false);
    const handed = await api.app.inject({ method: 'POST', url: '/api/public/knowledge/handover', payload: { token: res.token } });
    expect(handed.statusCode).toBe(204);
    const row = await t.db.selectFrom('knowledge_questions').select(['answered', 'handed_over_at']).where('token', '=', res.token as string).executeTakeFirstOrThrow();
    expect(row.handed_over_at).not.toBeNull();
    const unknown = await api.app.inject({ method: 'POST', url: '/api/public/knowledge/handover', payload: { token: 'no-such-token' } });
    expect(unknown.statusCode).toBe(404);
    const figures = await ok(await admin.get('/api/knowledge/figures?from=2026-11-01&to=2026-12-01'));
    expect(figures).toMatchObject({ asked: 2, answered: 1, handedOver: 1, selfServiceRate: 0.5 });
  });

  it('never shows a draft, and refuses a too-short question', async () => {
    const draft = await ok(await handlerD01.send('POST', '/api/knowledge/articles', { ...ARTICLE, title: '萤火虫草稿' }), 201);
    expect((await publicGet(`/api/public/knowledge/articles/${draft.id}`)).statusCode).toBe(404);
    const short = await publicGet('/api/public/knowledge/ask?q=a');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0]).toMatchObject({ field: 'q', message: expect.stringContaining('两个字') });
  });
});
