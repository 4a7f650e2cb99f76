// Whole lives of tickets through the HTTP API on a real PostgreSQL, with the event trail and the
// figures each life feeds (on time, done first time, returns, reopens, supervision).
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingMinutes } from '../../src/domain/calendar/index.js';
import { loadWorkCalendar } from '../../src/services/calendar.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, events, newTicket, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;
let d02: number;
let hD01: Session;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  [d01, d02] = await Promise.all([unitIdByCode(t.db, 'D01'), unitIdByCode(t.db, 'D02')]);
  hD01 = await api.login('h_d01');
});

async function toReplied(id: number, unit = d01, handler = hD01) {
  await act(c.dispatcher, id, 'dispatch', { primaryUnitId: unit });
  await act(handler, id, 'sign');
  return act(handler, id, 'reply', { result: '已现场核实并处理完毕，已电话告知市民处理结果。', measures: '约谈施工方', contacted: true });
}

describe('the whole lives of DOMAIN.md §6', () => {
  it('dispatch → sign → reply → approve → satisfied visit → closed: on time, done first time', async () => {
    const ticket = await newTicket(c.operator);
    expect(ticket.number).toMatch(/^\d{12}$/);
    expect(ticket.state).toBe('dispatching');
    let v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    expect(v.state).toBe('assigned');
    expect(v.assignments).toMatchObject([{ unitId: d01, role: 'primary', state: 'assigned' }]);
    v = await act(hD01, ticket.id, 'sign');
    expect(v.state).toBe('handling');
    expect(v.assignments[0].signedOnTime).toBe(true);
    v = await act(hD01, ticket.id, 'reply', { result: '已协调施工单位停止夜间施工，并联系市民说明。', contacted: true });
    expect(v.state).toBe('replied');
    expect(v.reviewDeadline).not.toBeNull();
    v = await act(c.reviewer, ticket.id, 'review', { approve: true });
    expect(v.state).toBe('visiting');
    expect(v.assignments[0].state).toBe('done');
    v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
    expect(v).toMatchObject({ state: 'closed', firstTime: true, outcome: { contacted: true, resolved: true, satisfaction: 'satisfied', closeReason: 'resolved' } });
    expect(v.assignments[0].onTime).toBe(true);
    expect(await events(c.dispatcher, ticket.id)).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed', 'visited']);
    v = await act(c.dispatcher, ticket.id, 'archive');
    expect(v.state).toBe('archived');
  });

  it('direct answer at the front desk, then a visit closes it', async () => {
    const ticket = await newTicket(c.operator, { type: 'consult', content: '请问居住证办理需要哪些材料？' });
    let v = await act(c.operator, ticket.id, 'answer', { answer: '需身份证、居住登记证明、照片，可在街道便民服务中心办理。' });
    expect(v).toMatchObject({ state: 'answered', assignments: [] });
    expect(v.visitDeadline).not.toBeNull();
    v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'basic' });
    expect(v).toMatchObject({ state: 'closed', outcome: { closeReason: 'answered', satisfaction: 'basic' } });
    expect(await events(c.operator, ticket.id)).toEqual(['accepted', 'answered', 'visited']);
  });

  it('return within the window, approved, and re-dispatched to the right unit; a second request is refused', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    await act(hD01, ticket.id, 'request-return', { reason: '该地址属于第二区管辖' });
    await act(hD01, ticket.id, 'request-return', { reason: '再次申请' }, 409);
    let v = await act(c.dispatcher, ticket.id, 'decide-return', { approve: true });
    expect(v).toMatchObject({ state: 'dispatching', returnCount: 1, assignments: [{ unitId: d01, state: 'returned' }] });
    v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d02 });
    expect(v.assignments.map((a: { unitId: number; state: string }) => [a.unitId, a.state])).toEqual([[d01, 'returned'], [d02, 'assigned']]);
    // The returned unit may no longer act on the ticket.
    await act(hD01, ticket.id, 'sign', {}, 403);
    const hD02 = await api.login('h_d02');
    await act(hD02, ticket.id, 'sign');
    expect(await events(c.dispatcher, ticket.id)).toEqual(['accepted', 'dispatched', 'return_requested', 'return_decided', 'dispatched', 'signed']);
  });

  it('a disputed return goes to joint adjudication: the ruling is on the ticket\'s trail and its rule decides the next proposal', async () => {
    const subject = await t.db.selectFrom('subjects').select('id').where('name', '=', '噪音').orderBy('level', 'desc').executeTakeFirst()
      ?? await t.db.selectFrom('subjects').select('id').where('level', '=', 3).orderBy('id').executeTakeFirstOrThrow();
    const ticket = await newTicket(c.operator, { subjectId: subject.id });
    const dept = await t.db.selectFrom('units').select('id').where('kind', '=', 'department').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    await act(hD01, ticket.id, 'request-return', { reason: '职责不清' });
    await act(c.dispatcher, ticket.id, 'decide-return', { approve: true });
    const ruling = await c.dispatcher.send('POST', '/api/adjudications', {
      ticketId: ticket.id, primaryUnitId: dept.id, reasoning: '联席会议认定由该部门主办', makeRule: true,
    });
    expect(ruling.statusCode, ruling.body).toBe(200);
    const detail = (await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ type: 'adjudicated', data: { primaryUnitId: dept.id, ruleId: expect.any(Number) } });
    expect(detail.proposal).toMatchObject({ primaryUnitId: dept.id, ruleId: detail.events.at(-1).data.ruleId });
    const v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: dept.id });
    const dispatched = (await c.dispatcher.get(`/api/tickets/${v.id}`)).json().events.at(-1);
    expect(dispatched).toMatchObject({ type: 'dispatched', data: { followedProposal: true, proposal: { primaryUnitId: dept.id } } });
  });

  it('a rejected return leaves the assignment with its unit', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    await act(hD01, ticket.id, 'request-return', { reason: '不属于本单位职责' });
    await act(c.dispatcher, ticket.id, 'decide-return', { approve: false }, 400);
    const v = await act(c.dispatcher, ticket.id, 'decide-return', { approve: false, reason: '属地管理，请继续办理' });
    expect(v).toMatchObject({ state: 'assigned', returnCount: 0, assignments: [{ state: 'assigned', pending: null }] });
  });

  it('an approved extension moves the reply deadline by exactly the working days granted', async () => {
    const ticket = await newTicket(c.operator);
    let v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    const before = new Date(v.assignments[0].replyDeadline);
    await act(hD01, ticket.id, 'sign');
    await act(hD01, ticket.id, 'request-extension', { days: 12, reason: '需协调多个部门' }, 400);
    await act(hD01, ticket.id, 'request-extension', { days: 5, reason: '需协调多个部门' });
    v = await act(c.dispatcher, ticket.id, 'decide-extension', { approve: true, days: 3 });
    const cal = await loadWorkCalendar(t.db, 1);
    expect(new Date(v.assignments[0].replyDeadline)).toEqual(addWorkingMinutes(cal, before, 3 * 450));
    expect(v.assignments[0].extensionCount).toBe(1);
    // At most once (DOMAIN.md §7).
    await act(hD01, ticket.id, 'request-extension', { days: 1, reason: '再延一天' }, 409);
    const ev = (await (await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json()).events;
    expect(ev.at(-1)).toMatchObject({ type: 'extension_decided', data: { approve: true, days: 3 } });
  });

  it('a reply sent back at review loses "done first time"; the second reply is approved', async () => {
    const ticket = await newTicket(c.operator);
    await toReplied(ticket.id);
    await act(c.reviewer, ticket.id, 'review', { approve: false }, 400);
    let v = await act(c.reviewer, ticket.id, 'review', { approve: false, reason: '“正在办理中”不是办理结果' });
    expect(v).toMatchObject({ state: 'handling', firstTime: false, sendbackCount: 1, assignments: [{ state: 'handling', sendbackCount: 1 }] });
    await act(hD01, ticket.id, 'reply', { result: '已督促施工单位整改完毕，夜间不再施工。', contacted: true });
    v = await act(c.reviewer, ticket.id, 'review', { approve: true });
    v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
    expect(v).toMatchObject({ state: 'closed', firstTime: false });
  });

  it('an unsatisfied visit → reopen → handled again → closed; reopen limited', async () => {
    const ticket = await newTicket(c.operator);
    await toReplied(ticket.id);
    await act(c.reviewer, ticket.id, 'review', { approve: true });
    let v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: false, satisfaction: 'unsatisfied' });
    expect(v).toMatchObject({ state: 'visiting', outcome: { satisfaction: 'unsatisfied', resolved: false } });
    v = await act(c.visitor, ticket.id, 'reopen', { reason: '市民反映问题仍未解决' });
    expect(v).toMatchObject({ state: 'dispatching', reopenCount: 1, firstTime: false, outcome: { satisfaction: null } });
    await toReplied(ticket.id);
    await act(c.reviewer, ticket.id, 'review', { approve: true });
    v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
    expect(v).toMatchObject({ state: 'closed', reopenCount: 1, firstTime: false });
    const types = await events(c.dispatcher, ticket.id);
    expect(types.filter((x) => x === 'dispatched')).toHaveLength(2);
    expect(types).toContain('reopened');
    // Closed tickets can be reopened up to the limit (2 by default), then no more.
    await act(c.visitor, ticket.id, 'reopen', { reason: '再次投诉' });
    await act(c.dispatcher, ticket.id, 'answer', { answer: '已再次说明处理情况。' });
    await act(c.visitor, ticket.id, 'reopen', { reason: '第三次' }, 409);
  });

  it('an unreachable citizen is an attempt, not a valid visit; an unreasonable demand closes with an explanation', async () => {
    const ticket = await newTicket(c.operator);
    await toReplied(ticket.id);
    await act(c.reviewer, ticket.id, 'review', { approve: true });
    let v = await act(c.visitor, ticket.id, 'visit', { contacted: false });
    expect(v).toMatchObject({ state: 'visiting', outcome: { visitAttempts: 1, contacted: null } });
    await act(c.visitor, ticket.id, 'visit', { contacted: true }, 400);
    await act(c.visitor, ticket.id, 'close', { reason: 'unreasonable' }, 400);
    v = await act(c.visitor, ticket.id, 'close', { reason: 'unreasonable', explanation: '诉求超出政策规定，已多次解释' });
    expect(v).toMatchObject({ state: 'closed', outcome: { closeReason: 'unreasonable', closeNote: '诉求超出政策规定，已多次解释' } });
  });

  it('second-level dispatch district → street → community: children reply up, deadlines nest, the parent stays accountable', async () => {
    const [street, community] = await Promise.all([unitIdByCode(t.db, 'D01S01'), unitIdByCode(t.db, 'D01S01C01')]);
    const [hStreet, hCommunity] = await Promise.all([api.login('h_d01s01'), api.login('h_d01s01c01')]);
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    // Not before signing, and only down the unit's own tree.
    await act(hD01, ticket.id, 'redispatch', { unitId: street }, 409);
    await act(hD01, ticket.id, 'sign');
    await act(hD01, ticket.id, 'redispatch', { unitId: d02 }, 400);
    let v = await act(hD01, ticket.id, 'redispatch', { unitId: street });
    const [top, streetA] = v.assignments;
    expect(streetA).toMatchObject({ unitId: street, parentAssignmentId: top.id, role: 'primary', state: 'assigned' });
    expect(new Date(streetA.replyDeadline) <= new Date(top.replyDeadline)).toBe(true);
    await act(hStreet, ticket.id, 'sign');
    v = await act(hStreet, ticket.id, 'redispatch', { unitId: community });
    const communityA = v.assignments[2];
    expect(communityA).toMatchObject({ unitId: community, parentAssignmentId: streetA.id });
    await act(hCommunity, ticket.id, 'sign');
    // The street cannot reply over its community, nor the district over its street.
    expect((await hStreet.send('POST', `/api/tickets/${ticket.id}/reply`, { result: '已处理', contacted: true })).json().error.code).toBe('children_pending');
    v = await act(hCommunity, ticket.id, 'reply', { result: '社区已上门协调，噪音已停止。', contacted: true });
    expect(v.state).toBe('handling');
    v = await act(hStreet, ticket.id, 'reply', { result: '街道复核，问题已解决。', contacted: true });
    expect(v.state).toBe('handling');
    v = await act(hD01, ticket.id, 'reply', { result: '区里确认：社区上门协调，噪音已停止。', contacted: true });
    expect(v.state).toBe('replied');
    expect(await events(c.dispatcher, ticket.id)).toEqual(['accepted', 'dispatched', 'signed', 'redispatched', 'signed', 'redispatched', 'signed', 'replied', 'replied', 'replied']);
    // The community sees the ticket; a sibling district does not.
    expect((await hCommunity.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await (await api.login('h_d02')).get(`/api/tickets/${ticket.id}`)).statusCode).toBe(404);
  });

  it('assisting units reply to the primary; only the primary\'s reply moves the ticket', async () => {
    const ticket = await newTicket(c.operator);
    const dept = await t.db.selectFrom('units').select(['id', 'code']).where('kind', '=', 'department').orderBy('id').executeTakeFirstOrThrow();
    const hDept = await api.login(`h_${dept.code.toLowerCase()}`);
    let v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01, assistingUnitIds: [dept.id] });
    expect(v.assignments.map((a: { role: string }) => a.role)).toEqual(['primary', 'assisting']);
    v = await act(hDept, ticket.id, 'sign');
    expect(v.state).toBe('assigned');
    await act(hD01, ticket.id, 'sign');
    v = await act(hDept, ticket.id, 'reply', { result: '协办意见：已配合执法检查。', contacted: false });
    expect(v.state).toBe('handling');
    v = await act(hD01, ticket.id, 'reply', { result: '主办：已处理完毕并回复市民。', contacted: true });
    expect(v.state).toBe('replied');
  });

  it('merge a duplicate into its master', async () => {
    const master = await newTicket(c.operator);
    const dup = await newTicket(c.operator, { citizen: { name: '李四', phone: '13900001111' } });
    await act(c.dispatcher, dup.id, 'merge', { masterId: dup.id }, 400);
    const v = await act(c.dispatcher, dup.id, 'merge', { masterId: master.id });
    expect(v).toMatchObject({ state: 'merged', mergedIntoId: master.id });
    const detail = (await c.dispatcher.get(`/api/tickets/${master.id}`)).json();
    expect(detail.related).toEqual([{ id: dup.id, number: dup.number, state: 'merged', relation: 'merged_from' }]);
    expect(detail.events.map((e: { type: string }) => e.type)).toContain('merged_from');
    await act(c.dispatcher, dup.id, 'dispatch', { primaryUnitId: d01 }, 409);
  });

  it('split one call with two matters into two tickets', async () => {
    const ticket = await newTicket(c.operator, { content: '一是楼下烧烤油烟扰民；二是小区路灯不亮。' });
    await act(c.dispatcher, ticket.id, 'split', { parts: [{ content: '楼下烧烤油烟扰民' }] }, 400);
    const v = await act(c.dispatcher, ticket.id, 'split', { parts: [{ content: '楼下烧烤油烟扰民' }, { content: '小区路灯不亮', type: 'help' }] });
    expect(v).toMatchObject({ state: 'dispatching', content: '楼下烧烤油烟扰民' });
    expect(v.created).toHaveLength(1);
    expect(v.created[0]).toMatchObject({ content: '小区路灯不亮', type: 'help', state: 'dispatching', splitFromId: ticket.id, channel: 'phone' });
    expect(v.created[0].number).not.toBe(ticket.number);
    expect((await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json().related).toMatchObject([{ relation: 'split_into', id: v.created[0].id }]);
  });

  it('mark invalid with a reason', async () => {
    const ticket = await newTicket(c.operator, { content: '骚扰电话测试' });
    const v = await act(c.operator, ticket.id, 'invalidate', { reason: '恶意骚扰' });
    expect(v.state).toBe('invalid');
    await act(c.dispatcher, ticket.id, 'archive');
  });

  it('a supervision order is opened, answered by the unit and closed; the unit\'s count is kept', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    await act(hD01, ticket.id, 'supervise', { op: 'open', level: 'leader', reason: '自己督办自己' }, 403);
    let v = await act(c.supervisor, ticket.id, 'supervise', { op: 'open', level: 'leader', reason: '群众反映强烈，领导督办', days: 2 });
    expect(v).toMatchObject({ supervised: true, supervisionCount: 1 });
    const orderId = v.orderId as number;
    await act(c.supervisor, ticket.id, 'supervise', { op: 'answer', orderId, answer: '...' }, 403);
    await act(hD01, ticket.id, 'supervise', { op: 'answer', orderId, answer: '已成立专班处理，三日内办结。' });
    v = await act(c.supervisor, ticket.id, 'supervise', { op: 'close', orderId, result: '督办事项已落实' });
    expect(v).toMatchObject({ supervised: false, supervisionCount: 1 });
    await act(c.supervisor, ticket.id, 'urge', { note: '请加快办理' });
    const detail = (await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    expect(detail.supervisionOrders).toMatchObject([{ id: orderId, level: 'leader', state: 'closed', unitId: d01, answer: '已成立专班处理，三日内办结。' }]);
    expect(detail.events.map((e: { type: string }) => e.type).slice(2)).toEqual(['supervision_opened', 'supervision_answered', 'supervision_closed', 'urged']);
    expect(detail.urgeCount).toBe(1);
  });

  it('suspension stops the clock: resuming moves the deadlines by the paused working time', async () => {
    const ticket = await newTicket(c.operator);
    let v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    const before = new Date(v.assignments[0].replyDeadline);
    await act(hD01, ticket.id, 'sign');
    v = await act(hD01, ticket.id, 'suspend', { reason: '等待市民提供材料' });
    expect(v).toMatchObject({ state: 'handling', assignments: [{ pending: 'suspend' }] });
    v = await act(c.dispatcher, ticket.id, 'suspend', {});
    expect(v.state).toBe('suspended');
    await act(hD01, ticket.id, 'reply', { result: 'x', contacted: true }, 409);
    const cal = await loadWorkCalendar(t.db, 1);
    const pausedAt = api.clock.now();
    api.clock.advance(4 * 3_600_000);
    v = await act(c.dispatcher, ticket.id, 'resume', {});
    expect(v.state).toBe('handling');
    const { workingMinutesBetween } = await import('../../src/domain/calendar/index.js');
    const paused = workingMinutesBetween(cal, pausedAt, api.clock.now());
    expect(paused).toBeGreaterThan(0);
    expect(new Date(v.assignments[0].replyDeadline)).toEqual(addWorkingMinutes(cal, before, paused));
    api.clock.set(pausedAt);
  });
});

describe('conflicts and retries', () => {
  it('two concurrent sign requests on one assignment: exactly one wins, the other gets 409', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    const other = await api.login('h_d01');
    const results = await Promise.all([hD01, other].map((s) => s.send('POST', `/api/tickets/${ticket.id}/sign`, {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await events(c.dispatcher, ticket.id)).toEqual(['accepted', 'dispatched', 'signed']);
  });

  it('a stale version gets 409 and changes nothing', async () => {
    const ticket = await newTicket(c.operator);
    const res = await c.dispatcher.send('POST', `/api/tickets/${ticket.id}/dispatch`, { primaryUnitId: d01, version: ticket.version + 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'version_conflict', version: ticket.version });
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01, version: ticket.version });
  });

  it('an action from the wrong state gets 409 naming the state', async () => {
    const ticket = await newTicket(c.operator);
    const res = await c.reviewer.send('POST', `/api/tickets/${ticket.id}/review`, { approve: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('待派单') });
  });

  it('Idempotency-Key: the same key returns the same ticket; another body with it is refused', async () => {
    const body = { channel: 'phone', type: 'help', content: '老人摔倒需要帮助', citizen: { phone: '13700001234' } };
    const first = await c.operator.send('POST', '/api/tickets', body, { 'idempotency-key': 'call-778899' });
    const again = await c.operator.send('POST', '/api/tickets', body, { 'idempotency-key': 'call-778899' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await c.operator.send('POST', '/api/tickets', { ...body, content: '另一件事' }, { 'idempotency-key': 'call-778899' });
    expect(other.statusCode).toBe(409);
    const n = await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', '=', 'call-778899').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('bad intake input names the field in Chinese and English; nothing is written', async () => {
    const count = async () => Number((await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const [body, field] of [
      [{ channel: 'fax', type: 'help', content: 'x' }, 'channel'],
      [{ channel: 'phone', type: 'help' }, 'content'],
      [{ channel: 'phone', type: 'help', content: 'x', citizen: { phone: '12345' } }, 'citizen.phone'],
      [{ channel: 'phone', type: 'help', content: 'x', subjectId: 999999 }, 'subjectId'],
      [{ channel: 'phone', type: 'help', content: 'x', location: { lng: 120 } }, 'location.lat'],
    ] as const) {
      const res = await c.operator.send('POST', '/api/tickets', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json().error;
      expect(err.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(err.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
      expect(err.fields[0].message_en).toMatch(/[a-z]/i);
    }
    expect(await count()).toBe(before);
  });
});
