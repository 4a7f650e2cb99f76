// The duplicates API (docs/repeats.md) through Fastify's inject: bad input in Chinese and English,
// roles, 「合并到此单」 in one step and one transaction, refusals that leave nothing behind, the
// repeat=true filter and the 屡办不成 groups in scope.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../support/app.js';
import { testApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, ticketDetail } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let operator: Session;
let dispatcher: Session;
let handler: Session;
let supervisor: Session;

const ticketCount = async () => Number((await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

const call = (phone: string, content: string, extra: Record<string, unknown> = {}) => ({
  channel: 'phone', type: 'complaint', content, citizen: { name: '李女士', phone }, location: { address: '青澜市青江区滨江路12号' }, ...extra,
});

async function register(body: Record<string, unknown>) {
  const res = await operator.send('POST', '/api/tickets', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string; version: number; state: string; repeatCount: number; repeatGroupId: number | null };
}

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  [operator, dispatcher, handler, supervisor] = await Promise.all(['operator1', 'dispatcher1', 'h_d01', 'supervisor1'].map((u) => api.login(u))) as [Session, Session, Session, Session];
});

describe('POST /api/tickets/duplicates', () => {
  it('answers bad input with 400 naming the field in Chinese and English', async () => {
    for (const [body, field] of [[{}, 'content'], [{ content: '噪音', lng: 120.1 }, 'lat'], [{ content: '噪音', phone: '12345' }, 'phone'], [{ content: '噪音', extra: 1 }, '']] as const) {
      const res = await operator.send('POST', '/api/tickets/duplicates', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const { error } = res.json();
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message_en).toMatch(/[A-Za-z]/);
      if (field) expect(error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('is refused to a handler (403), answered for an operator and a dispatcher, and never returns the phone', async () => {
    const a = await register(call('13700000001', '滨江路12号楼下饭店油烟扰民'));
    expect((await handler.send('POST', '/api/tickets/duplicates', { content: '油烟' })).statusCode).toBe(403);
    for (const s of [operator, dispatcher]) {
      const res = await s.send('POST', '/api/tickets/duplicates', { phone: '13700000001', content: '饭店油烟太大', address: '滨江路12号' });
      expect(res.statusCode, res.body).toBe(200);
      const hit = res.json().items.find((c: { id: number }) => c.id === a.id);
      expect(hit.reasons).toEqual(expect.arrayContaining(['同一来电人', '同一地点']));
      expect(hit.callerPhone).toBe('137****0001');
      expect(res.body).not.toContain('13700000001');
    }
  });
});

describe('POST /api/tickets/duplicates/merge (合并到此单)', () => {
  it('registers the call and merges it into the master in one step, with events on both', async () => {
    const master = await register(call('13700000011', '滨江路12号路灯不亮'));
    const before = await ticketCount();
    const res = await operator.send('POST', '/api/tickets/duplicates/merge', { masterId: master.id, ticket: call('13700000012', '滨江路12号路灯坏了') });
    expect(res.statusCode, res.body).toBe(201);
    const dup = res.json();
    expect(dup).toMatchObject({ state: 'merged', mergedIntoId: master.id });
    expect(await ticketCount()).toBe(before + 1);
    const detail = await ticketDetail(operator, dup.id);
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['accepted', 'merged']));
    const m = await ticketDetail(operator, master.id);
    expect(m.events.map((e) => e.type)).toContain('merged_from');
    expect(m.related).toEqual([expect.objectContaining({ id: dup.id, relation: 'merged_from' })]);
  });

  it('refuses a master already merged (409) or missing (400) and registers nothing', async () => {
    const master = await register(call('13700000021', '滨江路12号井盖松动'));
    const merged = await register(call('13700000022', '滨江路12号井盖响'));
    await act(dispatcher, merged.id, 'merge', { masterId: master.id });
    const before = await ticketCount();
    const refused = await operator.send('POST', '/api/tickets/duplicates/merge', { masterId: merged.id, ticket: call('13700000023', '井盖') });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const missing = await operator.send('POST', '/api/tickets/duplicates/merge', { masterId: 99_999_999, ticket: call('13700000023', '井盖') });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('masterId');
    const bad = await operator.send('POST', '/api/tickets/duplicates/merge', { masterId: master.id, ticket: { channel: 'phone', type: 'complaint' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toContain('ticket.content');
    const byHandler = await handler.send('POST', '/api/tickets/duplicates/merge', { masterId: master.id, ticket: call('13700000023', '井盖') });
    expect(byHandler.statusCode).toBe(403);
    expect(await ticketCount()).toBe(before);
  });
});

describe('屡办不成 over HTTP', () => {
  it('flags the third call, lists it with repeat=true, shows the group to the supervisor and not to a unit that has none of it', async () => {
    const phone = '13700000031';
    const first = await register(call(phone, '家门口工地夜间施工噪音', { location: { address: '青澜市青江区和平路5号' } }));
    const second = await register(call(phone, '夜间施工噪音还在继续', { location: { address: '青澜市青江区和平路5号' } }));
    expect(second.repeatCount).toBe(0);
    const third = await register(call(phone, '工地夜间施工噪音第三次反映', { location: { address: '青澜市青江区和平路5号' } }));
    expect(third.repeatCount).toBe(3);
    expect(third.repeatGroupId).not.toBeNull();

    const list = await dispatcher.get('/api/tickets?repeat=true&pageSize=50');
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((x: { id: number }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id, third.id]));
    expect(list.json().items.every((x: { repeatCount: number }) => x.repeatCount >= 3)).toBe(true);

    const groups = await supervisor.get('/api/repeats');
    expect(groups.statusCode).toBe(200);
    const group = groups.json().items.find((g: { id: number }) => g.id === third.repeatGroupId);
    expect(group).toMatchObject({ basis: 'caller', count: 3, callerPhone: '137****0031' });
    expect(group.tickets.map((x: { id: number }) => x.id)).toEqual([first.id, second.id, third.id]);
    expect(groups.body).not.toContain(phone);
    expect((await supervisor.get(`/api/repeats/${third.repeatGroupId}`)).statusCode).toBe(200);

    // A unit sees a group only through a ticket of it in its scope: none is dispatched yet.
    expect((await handler.get('/api/repeats')).json().items.map((g: { id: number }) => g.id)).not.toContain(third.repeatGroupId);
    expect((await handler.get(`/api/repeats/${third.repeatGroupId}`)).statusCode).toBe(404);

    const detail = await ticketDetail(operator, third.id);
    const flagged = detail.events.find((e) => e.type === 'flagged_repeat');
    expect(flagged?.data).toMatchObject({ count: 3, basis: 'caller' });
  });
});
