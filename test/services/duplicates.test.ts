// Likely duplicates at intake and the 屡办不成 rule (docs/repeats.md), through the services on a real
// database: candidates by caller, place and text inside the window and the caller's scope; the
// repeat flag at the Nth ticket of one matter from one caller or place within D days, by setting;
// the job for tickets that did not come through intake.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import { findDuplicates, type DuplicateQuery } from '../../src/services/repeats/duplicates.js';
import { checkUnchecked, listRepeatGroups } from '../../src/services/repeats/repeats.js';
import { putSetting } from '../../src/services/settings.js';
import { intake, type IntakeInput } from '../../src/services/tickets/intake.js';
import type { TicketDeps } from '../../src/services/tickets/context.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { SEED_TIME, testVault } from '../support/template.js';

let t: TestDatabase;
let deps: TicketDeps;
let operator: Actor;
let dispatcher: Actor;
let handler: Actor;
let supervisor: Actor;
let noise: number;
let smoke: number;
const DAY = 86_400_000;
const T0 = new Date(SEED_TIME.getTime() + 60 * DAY);
const at = (days: number) => new Date(T0.getTime() + days * DAY);

async function actor(username: string): Promise<Actor> {
  const u = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.platform_id', 'users.unit_id', 'users.roles', 'units.path']).where('users.username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
}

const call = (content: string, extra: Partial<IntakeInput> = {}): IntakeInput => ({ channel: 'phone', type: 'complaint', content, ...extra });
const phone = (p: string) => ({ citizen: { phone: p } });
const register = async (when: Date, input: IntakeInput) => (await intake(deps, operator, input, when)).ticket;
const find = (q: DuplicateQuery, who = operator, when = at(1)) => findDuplicates(deps, who, q, when);

beforeAll(async () => {
  t = await testDatabase();
  deps = { db: t.db, vault: testVault };
  [operator, dispatcher, handler, supervisor] = await Promise.all(['operator1', 'dispatcher1', 'h_d01', 'supervisor1'].map(actor)) as [Actor, Actor, Actor, Actor];
  const subjects = await t.db.selectFrom('subjects').select(['id', 'name']).where('level', '>=', 2).where('active', '=', true).orderBy('id').limit(2).execute();
  [noise, smoke] = subjects.map((s) => s.id) as [number, number];
});

describe('likely duplicates', () => {
  it('finds the same caller by the keyed hash of the phone, and never returns the number', async () => {
    const a = await register(at(0), call('小区门口夜间施工噪音扰民，持续一周', phone('13900000001')));
    const out = await find({ phone: '139 0000 0001', content: '想问一下公积金怎么提取' });
    const hit = out.items.find((c) => c.id === a.id);
    expect(hit?.reasons).toContain('同一来电人');
    expect(hit?.callerPhone).toBe('139****0001');
    expect(JSON.stringify(out)).not.toContain('13900000001');
    expect(out.windowDays).toBe(30);
    // Another caller's number finds nothing of this one.
    expect((await find({ phone: '13900000002', content: '想问一下公积金怎么提取' })).items.map((c) => c.id)).not.toContain(a.id);
  });

  it('finds the same place by address (with or without the city and district) and by a map point within 100 m', async () => {
    const byAddress = await register(at(0), call('路灯坏了一个月没人修', { ...phone('13900000011'), location: { address: '青澜市青江区滨江路88号幸福小区' } }));
    const out = await find({ address: '滨江路88号幸福小区', content: '晚上小区里黑漆漆的' });
    expect(out.items.find((c) => c.id === byAddress.id)?.reasons).toContain('同一地点');

    const byPoint = await register(at(0), call('井盖缺失有安全隐患', { ...phone('13900000012'), location: { lng: 120.2, lat: 30.25 } }));
    const near = await find({ lng: 120.2005, lat: 30.2502, content: '路上有个洞' });
    const hit = near.items.find((c) => c.id === byPoint.id);
    expect(hit?.reasons.join()).toMatch(/同一地点（相距约 \d+ 米）/);
    const far = await find({ lng: 120.21, lat: 30.26, content: '路上有个洞' });
    expect(far.items.map((c) => c.id)).not.toContain(byPoint.id);
  });

  it('finds a similar text among the same subject’s tickets and says how similar', async () => {
    const d = await register(at(0), call('楼下烧烤店油烟很大，晚上十二点还在营业，严重扰民', { ...phone('13900000021'), subjectId: smoke }));
    const out = await find({ subjectId: smoke, content: '楼下的烧烤店油烟扰民，晚上十二点了还在营业' });
    const hit = out.items.find((c) => c.id === d.id);
    expect(hit?.reasons.join()).toMatch(/内容相似 \d+%/);
    expect(hit?.textSimilarity).toBeGreaterThan(0.5);
    // An unrelated text of the same subject is not a duplicate.
    const other = await find({ subjectId: smoke, content: '公交车司机服务态度差' });
    expect(other.items.map((c) => c.id)).not.toContain(d.id);
  });

  it('looks back only as far as the window setting, puts open tickets first and skips the ticket itself', async () => {
    const old = await register(at(-40), call('老旧小区加装电梯进度', phone('13900000031')));
    const recent = await register(at(0), call('老旧小区加装电梯进度', phone('13900000031')));
    let out = await find({ phone: '13900000031', content: '加装电梯' });
    expect(out.items.map((c) => c.id)).toEqual([recent.id]);
    await putSetting(t.db, 1, 'duplicates.windowDays', 60, at(0));
    out = await find({ phone: '13900000031', content: '加装电梯' });
    expect(out.items.map((c) => c.id).sort()).toEqual([old.id, recent.id].sort());
    expect(out.items.every((c) => c.open)).toBe(true);
    out = await find({ phone: '13900000031', content: '加装电梯', excludeTicketId: recent.id });
    expect(out.items.map((c) => c.id)).toEqual([old.id]);
    await putSetting(t.db, 1, 'duplicates.windowDays', 30, at(0));
  });

  it('is for the front desk: a dispatcher may look, a handler or a supervisor may not', async () => {
    await expect(find({ content: '噪音' }, dispatcher)).resolves.toBeDefined();
    await expect(find({ content: '噪音' }, handler)).rejects.toMatchObject({ status: 403 });
    await expect(find({ content: '噪音' }, supervisor)).rejects.toMatchObject({ status: 403 });
  });
});

describe('屡办不成', () => {
  const flags = async (id: number) => t.db.selectFrom('tickets').select(['repeat', 'repeat_group_id', 'repeat_count']).where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = async (id: number) => (await t.db.selectFrom('ticket_events').select('type').where('ticket_id', '=', id).execute()).map((e) => e.type);

  it('flags the third ticket of one matter from one caller within 30 days, not the second, and the group grows', async () => {
    const p = phone('13900000101');
    const first = await register(at(0), call('夜间施工噪音扰民', { ...p, subjectId: noise }));
    const second = await register(at(5), call('工地晚上还在施工，吵得睡不着', { ...p, subjectId: noise }));
    expect(await flags(second.id)).toMatchObject({ repeat: false, repeat_group_id: null });
    const third = await register(at(10), call('又是夜间施工，第三次反映了', { ...p, subjectId: noise }));
    expect(third.repeat).toBe(true);
    expect(third.repeat_count).toBe(3);
    for (const id of [first.id, second.id, third.id]) {
      expect(await flags(id)).toMatchObject({ repeat: true, repeat_group_id: third.repeat_group_id, repeat_count: 3 });
      expect(await eventsOf(id)).toContain('flagged_repeat');
    }
    const fourth = await register(at(12), call('施工噪音问题仍未解决', { ...p, subjectId: noise }));
    expect(fourth.repeat_group_id).toBe(third.repeat_group_id);
    expect((await flags(first.id)).repeat_count).toBe(4);
    const groups = await listRepeatGroups(t.db, supervisor, { page: 1, pageSize: 20 });
    const group = groups.items.find((g) => g.id === third.repeat_group_id);
    expect(group).toMatchObject({ basis: 'caller', basisLabel: '同一来电人', count: 4, callerPhone: '139****0101' });
    expect(group?.tickets.map((x) => x.id)).toEqual([first.id, second.id, third.id, fourth.id]);
  });

  it('does not count a ticket outside the window, nor a different matter', async () => {
    const p = phone('13900000102');
    await register(at(0), call('夜间施工噪音扰民', { ...p, subjectId: noise }));
    await register(at(20), call('工地晚上施工噪音', { ...p, subjectId: noise }));
    await register(at(25), call('楼下烧烤油烟', { ...p, subjectId: smoke }));
    const late = await register(at(45), call('夜间施工又开始了', { ...p, subjectId: noise }));
    expect(late.repeat).toBe(false);
  });

  it('judges the same matter by text when there is no subject', async () => {
    const p = phone('13900000103');
    await register(at(0), call('小区地下车库漏水严重，车都泡了', p));
    await register(at(3), call('地下车库漏水还没修，车库里全是水', p));
    const unrelated = await register(at(4), call('咨询社保卡补办需要什么材料', p));
    expect(unrelated.repeat).toBe(false);
    const third = await register(at(6), call('车库漏水严重，地下车库到处是水', p));
    expect(third.repeat).toBe(true);
    expect(third.repeat_count).toBe(3);
  });

  it('flags the same place from different callers', async () => {
    const where = { location: { address: '青澜市青江区建设路200号' } };
    await register(at(0), call('建设路200号门口垃圾堆积', { ...phone('13900000111'), ...where, subjectId: smoke }));
    await register(at(1), call('垃圾没人清理', { ...phone('13900000112'), ...where, subjectId: smoke }));
    const third = await register(at(2), call('门口垃圾发臭', { ...phone('13900000113'), location: { address: '建设路200号' }, subjectId: smoke }));
    expect(third.repeat).toBe(true);
    const group = await t.db.selectFrom('repeat_groups').selectAll().where('id', '=', third.repeat_group_id!).executeTakeFirstOrThrow();
    expect(group).toMatchObject({ basis: 'place', ticket_count: 3, citizen_id: null });
  });

  it('follows the settings: two tickets in 10 days', async () => {
    await putSetting(t.db, 1, 'repeats.minCount', 2, at(0));
    await putSetting(t.db, 1, 'repeats.windowDays', 10, at(0));
    try {
      const p = phone('13900000121');
      await register(at(0), call('自来水发黄', { ...p, subjectId: noise }));
      const second = await register(at(5), call('自来水还是黄的', { ...p, subjectId: noise }));
      expect(second.repeat).toBe(true);
      const q = phone('13900000122');
      await register(at(0), call('自来水发黄', { ...q, subjectId: noise }));
      expect((await register(at(11), call('自来水还是黄的', { ...q, subjectId: noise }))).repeat).toBe(false);
    } finally {
      await putSetting(t.db, 1, 'repeats.minCount', 3, at(0));
      await putSetting(t.db, 1, 'repeats.windowDays', 30, at(0));
    }
  });

  it('the job flags tickets that arrived without intake (a bulk import), oldest first', async () => {
    const base = await register(at(0), call('占道经营', { ...phone('13900000131'), subjectId: smoke }));
    // Two more of the same caller and matter written as an import would: no intake, unchecked.
    const copy = await t.db.selectFrom('tickets').selectAll().where('id', '=', base.id).executeTakeFirstOrThrow();
    const { id: _id, number: _n, repeat_group_id: _g, repeat_count: _c, repeat_checked_at: _r, ...rest } = copy;
    const rows = await t.db.insertInto('tickets').values([1, 2].map((d) => ({
      ...rest, number: `IMPORT${d}`, accepted_at: at(d), updated_at: at(d), search_tokens: undefined,
    })) as never).returning('id').execute();
    const out = await checkUnchecked(t.db, 1, at(3));
    expect(out.checked).toBeGreaterThanOrEqual(2);
    expect(out.flagged).toBeGreaterThanOrEqual(1);
    const last = await flags(rows[1]!.id);
    expect(last).toMatchObject({ repeat: true, repeat_count: 3 });
    expect(await eventsOf(rows[1]!.id)).toContain('flagged_repeat');
    // A second run finds nothing left to check.
    expect((await checkUnchecked(t.db, 1, at(3))).checked).toBe(0);
  });
});
