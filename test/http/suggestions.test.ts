// The suggestions API, its figures and the words administrators add: roles, bilingual 400s, the
// answer without a trained model, and the word list's batch rules, audit and tokenizer refresh.
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenizerFor } from '../../src/services/text/tokenizer.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let operator: Session;
let dispatcher: Session;
let handler: Session;
let supervisor: Session;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  [admin, operator, dispatcher, handler, supervisor] = await Promise.all(['admin', 'operator1', 'dispatcher1', 'h_d01', 'supervisor1'].map((u) => api.login(u))) as [Session, Session, Session, Session, Session];
});

describe('POST /api/suggestions', () => {
  it('answers without a trained model: no model lists, the catalogue rule\'s unit', async () => {
    const rule = await t.db.selectFrom('dispatch_rules as r').innerJoin('units as u', 'u.id', 'r.primary_unit_id')
      .select(['r.subject_id', 'r.primary_unit_id', 'u.name']).where('r.area_unit_id', 'is', null).where('r.primary_unit_id', 'is not', null)
      .where('r.active', '=', true).orderBy('r.id').executeTakeFirstOrThrow();
    const res = await operator.send('POST', '/api/suggestions', { content: '小区门口夜间施工噪音扰民', subjectId: rule.subject_id });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ model: false, subjects: [], types: [] });
    expect(body.units[0]).toMatchObject({ source: 'catalogue', probability: null });
    expect(body.units[0].reason).toMatch(/^派单目录：/);
    expect(body.units.every((u: { source: string }) => u.source === 'catalogue')).toBe(true);
  });

  it('without a subject and a model there is nothing to propose, and that is no error', async () => {
    const res = await dispatcher.send('POST', '/api/suggestions', { title: '停水', content: '小区停水一天了' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ model: false, subjects: [], types: [], units: [] });
  });

  it('refuses empty text and unknown fields in Chinese and English', async () => {
    const empty = await operator.send('POST', '/api/suggestions', { content: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0]).toMatchObject({ field: 'content', message: '请填写诉求内容', message_en: 'content is required' });
    const unknown = await operator.send('POST', '/api/suggestions', { content: '噪音', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    const wrong = await operator.send('POST', '/api/suggestions', { content: '噪音', districtId: 'x' });
    expect(wrong.statusCode).toBe(400);
    const field = wrong.json().error.fields[0];
    expect(field.field).toBe('districtId');
    expect(field.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(field.message_en).toMatch(/[a-z]/);
  });

  it('is for operators, dispatchers and admins only; a ticket out of scope is 404', async () => {
    expect((await handler.send('POST', '/api/suggestions', { content: '噪音扰民' })).statusCode).toBe(403);
    expect((await supervisor.send('POST', '/api/suggestions', { content: '噪音扰民' })).statusCode).toBe(403);
    expect((await admin.send('POST', '/api/suggestions', { content: '噪音扰民' })).statusCode).toBe(200);
    expect((await dispatcher.send('POST', '/api/suggestions', { ticketId: 999_999 })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'POST', url: '/api/suggestions', payload: { content: '噪音' } })).statusCode).toBe(401);
  });

  it('takes a ticket\'s own text, subject and place at dispatch', async () => {
    const ticket = (await operator.send('POST', '/api/tickets', { channel: 'phone', type: 'complaint', content: '夜间施工噪音扰民' })).json();
    const res = await dispatcher.send('POST', '/api/suggestions', { ticketId: ticket.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().model).toBe(false);
  });
});

describe('GET /api/suggestions/figures and /models', () => {
  it('gives the hotline office the figures, and refuses units', async () => {
    const res = await supervisor.get('/api/suggestions/figures?from=2026-10-01&to=2026-10-31');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ period: { from: '2026-10-01', to: '2026-10-31' }, acceptance: [], transfer: { dispatches: 0, accuracy: null } });
    expect((await handler.get('/api/suggestions/figures')).statusCode).toBe(403);
    const bad = await supervisor.get('/api/suggestions/figures?from=2026-13-01x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'from', message_en: 'a date YYYY-MM-DD' });
    expect((await dispatcher.get('/api/suggestions/models')).json()).toEqual({ items: [] });
  });
});

describe('POST /api/suggestions/train', () => {
  it('lets an administrator train now (nothing to learn from yet is said, not failed), audited; others are refused', async () => {
    const res = await admin.send('POST', '/api/suggestions/train', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { target: string; trained: boolean }) => [i.target, i.trained])).toEqual([['subject', false], ['type', false], ['unit', false]]);
    expect(res.json().items[0].reason).toMatch(/too few examples/);
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'suggest.train').execute()).toHaveLength(1);
    expect((await dispatcher.send('POST', '/api/suggestions/train', {})).statusCode).toBe(403);
    expect((await admin.send('POST', '/api/suggestions/train', { target: 'everything' })).statusCode).toBe(400);
  });
});

describe('/api/text/words', () => {
  it('adds a batch, reports each bad word and keeps the good ones; audits; refreshes the tokenizer', async () => {
    const before = tokenizerFor(t.db, 1);
    const res = await admin.send('POST', '/api/text/words', { words: ['万科魅力之城', '滨江新路', '滨江 新路', '桥', 'x'.repeat(41), '万科魅力之城'], note: '楼盘' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      added: ['万科魅力之城', '滨江新路'], existing: [],
      rejected: [
        { field: 'words[2]', word: '滨江 新路', message: '词语不能含空格', message_en: 'a word cannot contain spaces' },
        { field: 'words[3]', word: '桥', message: '词语须为 2–40 个字符', message_en: 'a word must be 2–40 characters' },
        { field: 'words[4]', word: 'x'.repeat(41), message: '词语须为 2–40 个字符', message_en: 'a word must be 2–40 characters' },
      ],
    });
    expect(tokenizerFor(t.db, 1)).not.toBe(before);
    expect((await admin.send('POST', '/api/text/words', { words: ['滨江新路'] })).json()).toMatchObject({ added: [], existing: ['滨江新路'] });

    const list = (await admin.get('/api/text/words?q=滨江')).json();
    expect(list).toMatchObject({ total: 1, items: [{ word: '滨江新路', note: '楼盘', createdBy: expect.any(String) }] });
    expect((await admin.get('/api/text/words?pageSize=1')).json()).toMatchObject({ total: 2, pageSize: 1 });

    const kept = tokenizerFor(t.db, 1);
    expect((await admin.send('DELETE', `/api/text/words/${encodeURIComponent('滨江新路')}`)).statusCode).toBe(204);
    expect(tokenizerFor(t.db, 1)).not.toBe(kept);
    expect((await admin.send('DELETE', `/api/text/words/${encodeURIComponent('滨江新路')}`)).statusCode).toBe(404);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'text_words.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['text_words.add', 'text_words.remove']);
    expect(audit[0]!.details).toMatchObject({ words: ['万科魅力之城', '滨江新路'] });
  });

  it('refuses non-administrators and bad batches', async () => {
    for (const s of [operator, dispatcher, handler]) {
      expect((await s.get('/api/text/words')).statusCode).toBe(403);
      expect((await s.send('POST', '/api/text/words', { words: ['新词语'] })).statusCode).toBe(403);
      expect((await s.send('DELETE', `/api/text/words/${encodeURIComponent('万科魅力之城')}`)).statusCode).toBe(403);
    }
    const empty = await admin.send('POST', '/api/text/words', { words: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].field).toBe('words');
  });
});
