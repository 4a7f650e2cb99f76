// A late life: signed after the sign limit, replied after the reply limit. The figures it feeds
// (签收及时率, 按期办结率) read these flags; the sweep's red light and urge come in between.
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { act, newTicket, signInAt, ticketDetail, unitIdByCode } from './support.js';

let t: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
});

describe('a ticket handled late', () => {
  it('records a late sign and a late reply, with the sweep\'s red light and urge on the trail', async () => {
    // Mon 2026-11-02 09:00: a consultation (1 working day to reply, 1 to sign) goes to district 1.
    const [operator, dispatcher] = await signInAt(api, '2026-11-02 09:00', 'operator1', 'dispatcher1');
    const ticket = await newTicket(operator!, { type: 'consult', content: '咨询社保卡补办流程。' });
    const d = await act(dispatcher!, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
    expect(d.assignments[0].replyDeadline).toBe('2026-11-03T01:00:00.000Z'); // Tue 09:00 Shanghai

    // Wed 11-04 10:00: both deadlines have passed. The sweep lights them red and urges the unit.
    const [handler, reviewer, visitor] = await signInAt(api, '2026-11-04 10:00', 'h_d01', 'reviewer1', 'visitor1');
    const swept = await sweepDeadlines(t.db, 1, api.clock.now());
    expect(swept.overdue).toBeGreaterThanOrEqual(2);
    let v = await act(handler!, ticket.id, 'sign');
    expect(v.assignments[0]).toMatchObject({ signedOnTime: false, signLevel: 2, replyLevel: 2 });
    expect(v.overdue).toBe(true);
    v = await act(handler!, ticket.id, 'reply', { result: '已告知补办需携带身份证到社保网点办理。', contacted: true });
    expect(v.assignments[0].onTime).toBe(false);
    await act(reviewer!, ticket.id, 'review', { approve: true });
    v = await act(visitor!, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
    // Late, but done the first time: the two figures are independent.
    expect(v).toMatchObject({ state: 'closed', firstTime: true });
    const detail = await ticketDetail(reviewer!, ticket.id);
    const types = detail.events.map((e) => e.type);
    expect(types.filter((x) => x === 'deadline_overdue')).toHaveLength(2);
    expect(types.filter((x) => x === 'urged')).toHaveLength(2);
    expect(types.indexOf('deadline_overdue')).toBeLessThan(types.indexOf('signed'));
    expect(detail.events.find((e) => e.type === 'replied')!.data).toMatchObject({ onTime: false });
  });
});
