// Knowledge search at intake (GET /api/knowledge/search): earlier answers to matters like the one
// being typed — direct answers and approved replies of closed tickets — found by the words of the
// query, and only on tickets the caller may see.
import { beforeAll, describe, expect, it } from 'vitest';
import { neededMatches, searchKnowledge, searchTokens, snippetOf } from '../../src/services/knowledge/search.js';
import type { Actor } from '../../src/domain/actor.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let handlerD01: Session;
let handlerD02: Session;
/** Answered at the front desk: no unit ever saw it. */
let answered: { id: number; number: string };
/** Dispatched to 青江区 (D01), replied, approved, closed. */
let replied: { id: number; number: string };
/** Still open: no answer yet, never a hit. */
let open: { id: number; number: string };

const ANSWER = '办理萤火虫观赏证请携带身份证原件到市文旅局一楼窗口，工作日上午九点至下午五点受理，当场办结。';
const REPLY = '经核查，萤火虫保护区夜间照明已按规定关闭，已安排巡查人员每晚巡查，并电话告知市民处理结果。';

async function search(session: Session, q: string, extra = ''): Promise<{ tokens: string[]; items: Record<string, unknown>[]; articles?: unknown[] }> {
  const res = await session.get(`/api/knowledge/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  [handlerD01, handlerD02] = await Promise.all([api.login('h_d01'), api.login('h_d02')]);

  answered = await newTicket(c.operator, { type: 'consult', title: '萤火虫观赏证怎么办理', content: '市民咨询萤火虫观赏证在哪里办理，需要带什么材料。' });
  await act(c.operator, answered.id, 'answer', { answer: ANSWER });

  replied = await newTicket(c.operator, { title: '萤火虫保护区夜间照明扰民', content: '萤火虫保护区旁边的路灯整夜开着，萤火虫都不见了，希望关闭照明。' });
  await act(c.dispatcher, replied.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
  await act(handlerD01, replied.id, 'sign', {});
  await act(handlerD01, replied.id, 'reply', { result: REPLY, contacted: true });
  await act(c.reviewer, replied.id, 'review', { approve: true });
  const visited = await act(c.visitor, replied.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
  expect(visited.state).toBe('closed');

  open = await newTicket(c.operator, { title: '萤火虫观赏证丢失', content: '萤火虫观赏证丢失了，怎么补办？' });
});

describe('what it finds', () => {
  it('finds a direct answer by the words of a new call, with its number, subject and a snippet around the match', async () => {
    const { tokens, items } = await search(c.operator, '请问萤火虫观赏证在哪里办');
    expect(tokens).toContain('萤火');
    expect(tokens).toContain('观赏');
    expect(tokens).not.toContain('请问'); // a greeting says nothing about the matter
    const hit = items.find((i) => i.ticketId === answered.id);
    expect(hit).toMatchObject({
      kind: 'ticket', number: answered.number, title: '萤火虫观赏证怎么办理', source: 'answer', unitName: null, answer: ANSWER,
      answeredAt: expect.any(String),
    });
    expect(hit!.snippet).toContain('萤火虫观赏证');
    expect(hit!.score).toBeGreaterThanOrEqual(neededMatches(tokens.length));
  });

  it('finds the approved reply of a closed ticket, naming the unit that replied', async () => {
    const { items } = await search(c.operator, '萤火虫保护区路灯照明');
    const hit = items.find((i) => i.ticketId === replied.id);
    const d01 = await t.db.selectFrom('units').select('name').where('code', '=', 'D01').executeTakeFirstOrThrow();
    expect(hit).toMatchObject({ source: 'reply', answer: REPLY, unitName: d01.name, number: replied.number });
    // The better match comes first.
    expect(items[0]!.ticketId).toBe(replied.id);
  });

  it('never offers a ticket that has no answer yet, nor one that matches too few of the words', async () => {
    const { items } = await search(c.operator, '萤火虫观赏证丢失补办');
    expect(items.map((i) => i.ticketId)).not.toContain(open.id);
    const unrelated = await search(c.operator, '萤火虫停车场收费标准太高');
    expect(unrelated.items.map((i) => i.ticketId)).not.toContain(answered.id);
  });

  it('limits the list', async () => {
    const { items } = await search(c.operator, '萤火虫', '&limit=1');
    expect(items).toHaveLength(1);
  });
});

describe('scope', () => {
  it('a unit finds the answers on its own tickets only', async () => {
    const d01 = await search(handlerD01, '萤火虫保护区照明 萤火虫观赏证');
    const ids = d01.items.map((i) => i.ticketId);
    expect(ids).toContain(replied.id);
    expect(ids).not.toContain(answered.id); // answered at the front desk: never the unit's

    const d02 = await search(handlerD02, '萤火虫保护区照明 萤火虫观赏证');
    expect(d02.items).toEqual([]);
  });
});

describe('bad requests', () => {
  it('needs a session and a query', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/knowledge/search?q=abc' })).statusCode).toBe(401);
    const empty = await c.operator.get('/api/knowledge/search?q=%20');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].field).toBe('q');
    const tooMany = await c.operator.get('/api/knowledge/search?q=abc&limit=50');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields[0].field).toBe('limit');
  });

  it('answers a query of punctuation or single characters with nothing rather than everything', async () => {
    const res = await search(c.operator, '？！ 水 。');
    // No ticket token; the article index may hold the one-character word, but no live article says 水 alone.
    expect(res).toMatchObject({ tokens: [], items: [] });
    expect(res.articles).toEqual([]);
  });
});

describe('tokens and snippets', () => {
  it('cuts Chinese into bigrams, keeps Latin words and numbers, drops what says nothing', () => {
    expect(searchTokens('你好，5G 信号差')).toEqual(['5g', '信号', '号差']);
    expect(searchTokens('ＥＴＣ办理')).toEqual(['etc', '办理']); // full-width folded
    expect(searchTokens('水')).toEqual([]);
    expect(searchTokens('一'.repeat(2) + '二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉').length).toBe(24);
  });

  it('needs all of one or two tokens, then about a quarter', () => {
    expect([1, 2, 3, 8, 9, 24].map(neededMatches)).toEqual([1, 2, 2, 2, 3, 6]);
  });

  it('cuts a long answer around the first match', () => {
    const long = `${'甲'.repeat(200)}萤火虫${'乙'.repeat(200)}`;
    const s = snippetOf(long, ['萤火']);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('萤火虫');
    expect(snippetOf('短答复', ['萤火'])).toBe('短答复');
  });
});

describe('how far back it looks', () => {
  it('searches only the newest answers of each kind: an older answer drops out once newer ones fill the window', async () => {
    const u = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.platform_id', 'users.unit_id', 'units.path']).where('users.username', '=', 'operator1').executeTakeFirstOrThrow();
    const operator: Actor = { userId: u.id, username: 'operator1', platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: ['operator'] };
    const newer = await newTicket(c.operator, { type: 'consult', title: '萤火虫观赏证的办理时间', content: '萤火虫观赏证周末能不能办理？' });
    await act(c.operator, newer.id, 'answer', { answer: '萤火虫观赏证周末不受理，请工作日到市文旅局一楼窗口办理。' });
    const all = await searchKnowledge(t.db, operator, '萤火虫观赏证办理', { recent: 10 });
    expect(all.items.map((i) => i.ticketId)).toEqual(expect.arrayContaining([newer.id, answered.id]));
    // A window of one direct answer (and one closed ticket): only the newest answer is a candidate.
    const one = await searchKnowledge(t.db, operator, '萤火虫观赏证办理', { recent: 1 });
    expect(one.items.map((i) => i.ticketId)).toContain(newer.id);
    expect(one.items.map((i) => i.ticketId)).not.toContain(answered.id);
  });
});
