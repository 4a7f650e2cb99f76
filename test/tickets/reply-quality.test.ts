// A unit's reply is scored in the reply's own transaction (issue 5 §6): the scores and flags are
// stored on the assignment, returned by the ticket view and the reviewer's queue without being
// recomputed, kept per reply in the `replied` event, and the 疑似敷衍 threshold is a setting.
import { beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../../src/services/settings.js';
import { DEFAULT_PLATFORM_ID } from '../../src/services/platform.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;
let hD01: Session;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  d01 = await unitIdByCode(t.db, 'D01');
  hD01 = await api.login('h_d01');
});

const CONTENT = '滨江路12号工地每天晚上十一点以后还在施工，噪音很大，影响休息，请尽快处理。';

async function handling(): Promise<number> {
  const ticket = await newTicket(c.operator, { title: '滨江路工地夜间施工噪音扰民', content: CONTENT });
  await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
  await act(hD01, ticket.id, 'sign');
  return ticket.id;
}

interface Quality {
  relevance: number;
  completeness: number;
  explanation: number;
  perfunctory: boolean;
  flags: { code: string; label: string }[];
}

describe('reply quality before review', () => {
  it('stores a good reply\'s scores on the assignment and returns them in the ticket view and the review queue', async () => {
    const id = await handling();
    const v = await act(hD01, id, 'reply', {
      result: '经现场核查，滨江路12号工地因赶工期夜间施工。区城管执法局已于5月8日责令施工单位22时后停止施工，并依据《环境噪声污染防治法》处以罚款，工地已停止夜间作业。',
      measures: '执法人员现场检查，下达整改通知书', contacted: true,
    });
    const q = v.assignments[0].replyQuality as Quality;
    expect(q.relevance).toBeGreaterThanOrEqual(0.6);
    expect(q.completeness).toBe(1);
    expect(q.explanation).toBeGreaterThanOrEqual(0.4);
    expect(q).toMatchObject({ perfunctory: false, flags: [] });

    // Stored, not recomputed on read: the row holds the same figures.
    const row = await t.db.selectFrom('assignments').select(['reply_relevance', 'reply_completeness', 'reply_explanation', 'reply_flags']).where('ticket_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ reply_relevance: q.relevance, reply_completeness: q.completeness, reply_explanation: q.explanation, reply_flags: [] });

    const detail = await c.reviewer.get(`/api/tickets/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().assignments[0].replyQuality).toEqual(q);
    const replied = detail.json().events.find((e: { type: string }) => e.type === 'replied');
    expect(replied.data.quality).toEqual({ relevance: q.relevance, completeness: q.completeness, explanation: q.explanation, flags: [] });

    const queue = await c.reviewer.get('/api/tickets?state=replied&sort=dueAt&pageSize=100');
    expect(queue.statusCode, queue.body).toBe(200);
    const listed = (queue.json().items as { id: number; assignments: { replyQuality: Quality }[] }[]).find((x) => x.id === id);
    expect(listed?.assignments[0]?.replyQuality).toEqual(q);
  });

  it('flags 正在办理中 without contact as process-only, not contacted and 疑似敷衍; a second reply after send-back replaces the scores', async () => {
    const id = await handling();
    let v = await act(hD01, id, 'reply', { result: '正在办理中，已呈报领导。', contacted: false });
    const weak = v.assignments[0].replyQuality as Quality;
    expect(weak.perfunctory).toBe(true);
    expect(weak.flags.map((f) => f.code)).toEqual(expect.arrayContaining(['in_progress', 'escalated', 'no_contact', 'perfunctory']));
    expect(weak.flags.find((f) => f.code === 'no_contact')?.label).toBe('未联系诉求人');
    expect(weak.completeness).toBeLessThan(0.3);

    await act(c.reviewer, id, 'review', { approve: false, reason: '仅为过程性答复，且未联系诉求人' });
    v = await act(hD01, id, 'reply', { result: '已责令滨江路工地停止夜间施工，噪音问题已解决，已电话告知诉求人。', measures: '现场检查', contacted: true });
    const better = v.assignments[0].replyQuality as Quality;
    expect(better.perfunctory).toBe(false);
    expect(better.completeness).toBeGreaterThan(weak.completeness);
    expect(better.flags.map((f) => f.code)).not.toContain('no_contact');
    // Both replies' scores stay in the history.
    const detail = (await c.reviewer.get(`/api/tickets/${id}`)).json();
    const scored = detail.events.filter((e: { type: string }) => e.type === 'replied').map((e: { data: { quality: { flags: string[] } } }) => e.data.quality.flags.includes('perfunctory'));
    expect(scored).toEqual([true, false]);
  });

  it('uses the platform\'s 疑似敷衍 threshold', async () => {
    const reply = { result: '已安排人员处理，问题已解决。', contacted: true };
    await putSetting(t.db, DEFAULT_PLATFORM_ID, 'replyQuality.perfunctoryBelow', 0.99, new Date());
    try {
      const strict = await act(hD01, await handling(), 'reply', reply);
      expect(strict.assignments[0].replyQuality.perfunctory).toBe(true);
    } finally {
      await putSetting(t.db, DEFAULT_PLATFORM_ID, 'replyQuality.perfunctoryBelow', 0, new Date());
    }
    const lenient = await act(hD01, await handling(), 'reply', reply);
    expect(lenient.assignments[0].replyQuality.perfunctory).toBe(false);
  });

  it('shows no scores for an assignment that has not replied', async () => {
    const id = await handling();
    const v = (await c.reviewer.get(`/api/tickets/${id}`)).json();
    expect(v.assignments[0].replyQuality).toBeNull();
  });
});
