// The leader's first page (GET /api/dashboard/leader) over tickets built here through the real use
// cases with the test clock: today's counts, the districts' figures, today's points, the 30-day
// trend and 满意率 equal what was built; a district leader sees only their district; a unit's
// handler is refused. The figures also agree with the ticket list's own filters.
import { beforeAll, describe, expect, it } from 'vitest';
import { centroid, pointInPolygon, type Polygon, type Position } from '../../src/domain/geo.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { OPEN_STATES } from '../../src/domain/tickets/machine.js';
import type { LeaderDashboard } from '../../src/services/dashboard/types.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, shanghai, signInAt, ticketDetail, unitIdByCode } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let d01: number;
let d02: number;
let d01s01: number;
/** A point inside 青江区 (D01): the centroid of one of its grids. */
let inD01: Position;

const NOW = '2026-11-10 10:00'; // a Tuesday; November 2026 has no public holiday

async function pointIn(districtCode: string): Promise<Position> {
  const grids = await t.db.selectFrom('units').select(['boundary']).where('kind', '=', 'grid').where('code', 'like', `${districtCode}S%`)
    .where('boundary', 'is not', null).limit(20).execute();
  for (const g of grids) {
    const polygon = g.boundary as unknown as Polygon;
    const c = centroid(polygon);
    if (pointInPolygon(c, polygon)) return c;
  }
  throw new Error(`no grid of ${districtCode} holds its own centroid`);
}

interface Built {
  id: number;
  number: string;
}

async function intake(operator: Session, body: Record<string, unknown>): Promise<Built> {
  const res = await operator.send('POST', '/api/tickets', { channel: 'phone', type: 'complaint', content: '小区门口夜间施工噪音扰民，请尽快处理。', citizen: { name: '张三', phone: '13812345678' }, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** One Shanghai time: the operator, dispatcher, reviewer, visitor, supervisor and D01's handler signed in then. */
async function at(local: string) {
  const [operator, dispatcher, reviewer, visitor, supervisor, hD01] = await signInAt(api, local, 'operator1', 'dispatcher1', 'reviewer1', 'visitor1', 'supervisor1', 'h_d01');
  return { operator: operator!, dispatcher: dispatcher!, reviewer: reviewer!, visitor: visitor!, supervisor: supervisor!, hD01: hD01! };
}

const tickets: Record<string, Built> = {};

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  [d01, d02, d01s01] = await Promise.all([unitIdByCode(t.db, 'D01'), unitIdByCode(t.db, 'D02'), unitIdByCode(t.db, 'D01S01')]);
  inD01 = await pointIn('D01');
  // The figures below are exact: the template holds the demo city's units and users, no tickets.
  const none = await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(none.n)).toBe(0);

  // I: answered at the front desk on 10-15, visited satisfied on 10-16 (October: not this month's 满意率).
  let s = await at('2026-10-15 10:00');
  tickets.I = await intake(s.operator, { type: 'consult', content: '请问居住证怎么办理？' });
  await act(s.operator, tickets.I.id, 'answer', { answer: '携带身份证到街道便民服务中心办理。' });
  s = await at('2026-10-16 10:00');
  await act(s.visitor, tickets.I.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });

  // E: in D01, dispatched on 10-20 and never signed: past its reply deadline long before today; supervised.
  s = await at('2026-10-20 09:00');
  tickets.E = await intake(s.operator, { location: { address: '青江区某路 1 号', lng: inD01[0], lat: inD01[1] } });
  await act(s.dispatcher, tickets.E.id, 'dispatch', { primaryUnitId: d01 });

  // F: in D01, a request for help (5 working days) dispatched and signed on 11-04, and handed down
  // to D01's first street (二级派单): yellow by today.
  s = await at('2026-11-04 09:00');
  tickets.F = await intake(s.operator, { type: 'help', location: { lng: inD01[0], lat: inD01[1] } });
  await act(s.dispatcher, tickets.F.id, 'dispatch', { primaryUnitId: d01 });
  await act(s.hD01, tickets.F.id, 'sign');
  await act(s.hD01, tickets.F.id, 'redispatch', { unitId: d01s01 });

  // A: in D01, accepted 11-05, handled, approved, and closed by a satisfied visit on 11-06.
  s = await at('2026-11-05 09:00');
  tickets.A = await intake(s.operator, { location: { lng: inD01[0], lat: inD01[1] } });
  await act(s.dispatcher, tickets.A.id, 'dispatch', { primaryUnitId: d01 });
  await act(s.hD01, tickets.A.id, 'sign');
  await act(s.hD01, tickets.A.id, 'reply', { result: '已协调施工单位停止夜间施工，并电话告知市民。', contacted: true });
  await act(s.reviewer, tickets.A.id, 'review', { approve: true });
  s = await at('2026-11-06 10:00');
  await act(s.visitor, tickets.A.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });

  // Today: G answered and closed by a 基本满意 visit; H answered, visited 不满意 (stays open);
  // B in D01 with a point, dispatched; C in D02 by its address, waiting for dispatch; D invalid.
  s = await at('2026-11-10 08:30');
  tickets.G = await intake(s.operator, { type: 'consult', content: '社保卡丢了怎么补办？' });
  await act(s.operator, tickets.G.id, 'answer', { answer: '可到任一社保经办网点补办。' });
  tickets.H = await intake(s.operator, { type: 'consult', content: '公积金提取需要什么材料？' });
  await act(s.operator, tickets.H.id, 'answer', { answer: '身份证与购房合同。' });
  tickets.B = await intake(s.operator, { location: { address: '青江区某小区', lng: inD01[0], lat: inD01[1] } });
  await act(s.dispatcher, tickets.B.id, 'dispatch', { primaryUnitId: d01 });
  const d02Name = (await t.db.selectFrom('units').select('name').where('id', '=', d02).executeTakeFirstOrThrow()).name;
  tickets.C = await intake(s.operator, { location: { address: `${d02Name}某路 8 号` } });
  tickets.D = await intake(s.operator, { content: '骚扰电话', location: { lng: inD01[0], lat: inD01[1] } });
  await act(s.operator, tickets.D.id, 'invalidate', { reason: '恶意骚扰' });
  s = await at('2026-11-10 09:45');
  await act(s.visitor, tickets.G.id, 'visit', { contacted: true, resolved: true, satisfaction: 'basic' });
  await act(s.visitor, tickets.H.id, 'visit', { contacted: true, resolved: false, satisfaction: 'unsatisfied' });
  await act(s.supervisor, tickets.E.id, 'supervise', { op: 'open', level: 'system', reason: '超期未签收' });

  // The deadline sweep gives the lights (yellow / red) as the running server would by now.
  await sweepDeadlines(t.db, 1, shanghai(NOW));
  api.clock.set(shanghai(NOW));
}, 120_000);

async function dashboard(username: string): Promise<LeaderDashboard> {
  const session = await api.login(username);
  const res = await session.get('/api/dashboard/leader');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function listTotal(session: Session, query: string): Promise<number> {
  const res = await session.get(`/api/tickets?${query}&pageSize=1`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total;
}

describe('GET /api/dashboard/leader', () => {
  it('the tickets were built as the figures assume', async () => {
    const s = await api.login('dispatcher1');
    const located = await ticketDetail(s, tickets.B!.id);
    expect((located.location as { districtId: number }).districtId).toBe(d01);
    const byAddress = await ticketDetail(s, tickets.C!.id);
    expect((byAddress.location as { districtId: number }).districtId).toBe(d02);
    const f = await ticketDetail(s, tickets.F!.id);
    expect(f).toMatchObject({ state: 'handling', slaLevel: 1 });
    expect(new Date(f.assignments[0]!.replyDeadline as string).getTime()).toBeGreaterThan(shanghai(NOW).getTime());
    const e = await ticketDetail(s, tickets.E!.id);
    expect(e).toMatchObject({ state: 'assigned', supervised: true });
    expect(new Date(e.assignments[0]!.replyDeadline as string).getTime()).toBeLessThan(shanghai(NOW).getTime());
  });

  it('the city leader: counts, districts, points, trend and 满意率 of exactly the tickets built', async () => {
    const d = await dashboard('leader1');
    expect(d.today).toBe('2026-11-10');
    expect(d.scope).toMatchObject({ platform: true, unitKind: 'platform' });
    expect(d.breakdown).toBe('district');
    // Accepted today: G, H, B, C (D is invalid). Closed today: G. Open: B, C, E, F, H.
    expect(d.counts).toEqual({ accepted: 4, closed: 1, open: 5, overdue: 1, warning: 1, supervised: 1 });
    // This month's valid visits: A 满意, G 基本满意, H 不满意 (I was visited in October): (1 + 1·1) / 3.
    expect(d.satisfaction).toMatchObject({ satisfied: 1, basic: 1, unsatisfied: 1, valid: 3, basicWeight: 1, from: '2026-11-01', to: '2026-11-10' });
    expect(d.satisfaction.rate).toBeCloseTo(2 / 3, 6);

    const districts = d.areas.filter((a) => a.unitId !== null);
    expect(districts.map((a) => a.code)).toEqual(['D01', 'D02', 'D03', 'D04', 'D05', 'D06', 'D07']);
    expect(d.areas.find((a) => a.unitId === d01)).toMatchObject({ kind: 'district', open: 3, overdue: 1, warning: 1, accepted: 1 });
    expect(d.areas.find((a) => a.unitId === d02)).toMatchObject({ open: 1, overdue: 0, warning: 0, accepted: 1 });
    expect(districts.filter((a) => a.unitId !== d01 && a.unitId !== d02).every((a) => a.open + a.overdue + a.warning + a.accepted === 0)).toBe(true);
    // H (answered, no location) is open; G and H were accepted today without a place.
    expect(d.areas.find((a) => a.unitId === null)).toMatchObject({ name: '未定位或辖区外', open: 1, overdue: 0, accepted: 2 });
    expect(d.areas.reduce((s, a) => s + a.open, 0)).toBe(d.counts.open);

    // Today's located tickets: B (D was invalidated, C has no point).
    expect(d.points.total).toBe(1);
    expect(d.points.cap).toBe(500);
    expect(d.points.items).toEqual([expect.objectContaining({ id: tickets.B!.id, number: tickets.B!.number, lng: inD01[0], lat: inD01[1], state: 'assigned', stateLabel: '待签收' })]);

    expect(d.trend).toHaveLength(30);
    expect(d.trend[0]!.date).toBe('2026-10-12');
    expect(d.trend[29]!.date).toBe('2026-11-10');
    const nonZero = d.trend.filter((x) => x.accepted + x.closed > 0);
    expect(nonZero).toEqual([
      { date: '2026-10-15', accepted: 1, closed: 0 },
      { date: '2026-10-16', accepted: 0, closed: 1 },
      { date: '2026-10-20', accepted: 1, closed: 0 },
      { date: '2026-11-04', accepted: 1, closed: 0 },
      { date: '2026-11-05', accepted: 1, closed: 0 },
      { date: '2026-11-06', accepted: 0, closed: 1 },
      { date: '2026-11-10', accepted: 4, closed: 1 },
    ]);
  });

  it('agrees with the ticket list: the same open, overdue and yellow tickets', async () => {
    for (const username of ['leader1', 'leader_d01']) {
      const d = await dashboard(username);
      const session = await api.login(username);
      expect(await listTotal(session, `state=${OPEN_STATES.join(',')}`)).toBe(d.counts.open);
      expect(await listTotal(session, `state=${OPEN_STATES.join(',')}&overdue=any`)).toBe(d.counts.overdue);
      expect(await listTotal(session, `state=${OPEN_STATES.join(',')}&slaLevel=1`)).toBe(d.counts.warning);
    }
    const city = await dashboard('leader1');
    expect(await listTotal(await api.login('leader1'), `state=${OPEN_STATES.join(',')}&districtId=${d01}`)).toBe(city.areas.find((a) => a.unitId === d01)!.open);
  });

  it('a district leader sees only the tickets of their district, by the units handling them', async () => {
    const d = await dashboard('leader_d01');
    expect(d.scope).toMatchObject({ unitId: d01, platform: false, unitKind: 'district' });
    // D01 works on A, B, E, F: B accepted today; E overdue and supervised, F yellow; A closed on 11-06, visited 满意.
    expect(d.counts).toEqual({ accepted: 1, closed: 0, open: 3, overdue: 1, warning: 1, supervised: 1 });
    expect(d.satisfaction).toMatchObject({ satisfied: 1, basic: 0, unsatisfied: 0, valid: 1, rate: 1 });
    // By D01's child units: F went down to its first street; B and E are handled at the district itself.
    expect(d.breakdown).toBe('unit');
    const children = await t.db.selectFrom('units').select('id').where('parent_id', '=', d01).where('active', '=', true).execute();
    expect(d.areas.filter((a) => a.unitId !== null).map((a) => a.unitId).sort()).toEqual(children.map((c) => c.id).sort());
    expect(d.areas.find((a) => a.unitId === d01s01)).toMatchObject({ code: 'D01S01', kind: 'street', open: 1, overdue: 0, warning: 1, accepted: 0 });
    expect(d.areas.find((a) => a.unitId === null)).toMatchObject({ name: '青江区本级', open: 2, overdue: 1, warning: 0, accepted: 1 });
    expect(d.areas.filter((a) => a.unitId !== null && a.unitId !== d01s01).every((a) => a.open + a.accepted === 0)).toBe(true);
    // The street's figures are the ticket list's for that unit.
    const session = await api.login('leader_d01');
    expect(await listTotal(session, `state=${OPEN_STATES.join(',')}&unitId=${d01s01}`)).toBe(1);
    expect(await listTotal(session, `state=${OPEN_STATES.join(',')}&unitId=${d01s01}&slaLevel=1`)).toBe(1);
    expect(d.points.items.map((p) => p.id)).toEqual([tickets.B!.id]);
    expect(d.trend.filter((x) => x.accepted + x.closed > 0)).toEqual([
      { date: '2026-10-20', accepted: 1, closed: 0 },
      { date: '2026-11-04', accepted: 1, closed: 0 },
      { date: '2026-11-05', accepted: 1, closed: 0 },
      { date: '2026-11-06', accepted: 0, closed: 1 },
      { date: '2026-11-10', accepted: 1, closed: 0 },
    ]);
    // Another district's leader sees none of it.
    const d02view = await dashboard('leader_d02');
    expect(d02view.counts).toEqual({ accepted: 0, closed: 0, open: 0, overdue: 0, warning: 0, supervised: 0 });
    expect(d02view.points.items).toEqual([]);
  });

  it('leaders, supervisors and the hotline office may read it; a unit handler may not', async () => {
    for (const username of ['supervisor1', 'operator1']) expect((await (await api.login(username)).get('/api/dashboard/leader')).statusCode).toBe(200);
    const handler = await api.login('h_d01');
    const res = await handler.get('/api/dashboard/leader');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect((await api.app.inject({ method: 'GET', url: '/api/dashboard/leader' })).statusCode).toBe(401);
  });

  it('counts a 基本满意 visit with the configured weight k', async () => {
    await t.db.insertInto('settings').values({ platform_id: 1, key: 'figures.satisfactionBasicWeight', value: JSON.stringify(0.5), updated_at: shanghai(NOW) }).execute();
    try {
      const d = await dashboard('leader1');
      expect(d.satisfaction.basicWeight).toBe(0.5);
      expect(d.satisfaction.rate).toBeCloseTo((1 + 0.5) / 3, 6);
    } finally {
      await t.db.deleteFrom('settings').where('key', '=', 'figures.satisfactionBasicWeight').execute();
    }
  });
});
