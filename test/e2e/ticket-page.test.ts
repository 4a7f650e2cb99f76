// The ticket page (/tickets/:id) in a real browser: a ticket taken through its life by the real API
// (intake, dispatch, sign, reply, send back, reply, approve, an unsatisfied visit, reopen) shows
// every step in Chinese on its timeline, the citizen's phone masked, a logged reveal for a platform
// user, no reveal for a unit handler (and a refusal from the server), and 404 outside a unit's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiAs, choose, flattenUnits, launch, shot, signIn, type Api, type Browsing, type UnitNode } from './support.js';

const PHONE = '13912345678';

let b: Browsing;

beforeAll(async () => {
  b = await launch();
});

afterAll(async () => {
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

interface TicketOut {
  id: number;
  number: string;
  state: string;
  version: number;
}

describe('ticket page', () => {
  let operator: Api;
  let dispatcher: Api;
  let reviewer: Api;
  let visitor: Api;
  let handler: Api;
  let ticket: TicketOut;
  const tag = `详情页测试${Date.now().toString(36)}`;

  beforeAll(async () => {
    [operator, dispatcher, reviewer, visitor, handler] = await Promise.all([apiAs(b, 'operator1'), apiAs(b, 'dispatcher1'), apiAs(b, 'reviewer1'), apiAs(b, 'visitor1'), apiAs(b, 'h_d01')]);
    const { tree } = await dispatcher.get<{ tree: UnitNode[] }>('/api/units');
    const d01 = flattenUnits(tree).find((u) => u.code === 'D01');
    expect(d01).toBeDefined();

    ticket = await operator.post<TicketOut>('/api/tickets', {
      channel: 'phone', type: 'complaint', title: `${tag} 滨江路夜间施工噪音`,
      content: '滨江路88号工地每天夜里十一点以后还在施工，噪音很大，影响休息，已持续一周。',
      citizen: { name: '王小明', phone: PHONE, idNumber: '110101199003078515' }, location: { address: '青江区滨江路88号' },
    }, 201);
    const id = ticket.id;
    await dispatcher.post(`/api/tickets/${id}/dispatch`, { primaryUnitId: d01!.id, note: '请核查夜间施工许可' });
    await handler.post(`/api/tickets/${id}/sign`);
    await handler.post(`/api/tickets/${id}/reply`, { result: '正在办理中', contacted: false });
    await reviewer.post(`/api/tickets/${id}/review`, { approve: false, reason: '仅为过程性答复，且未联系诉求人' });
    await handler.post(`/api/tickets/${id}/reply`, {
      result: '已责令施工单位停止夜间施工，22时后不再作业。', measures: '城管执法人员现场检查并下达整改通知书。', basis: '《环境噪声污染防治法》', contacted: true,
    });
    await reviewer.post(`/api/tickets/${id}/review`, { approve: true });
    await visitor.post(`/api/tickets/${id}/visit`, { contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '诉求人说昨晚仍在施工' });
    await visitor.post(`/api/tickets/${id}/reopen`, { reason: '回访不满意：夜间仍在施工' });
  });

  afterAll(async () => {
    await Promise.all([operator, dispatcher, reviewer, visitor, handler].map((a) => a?.close()));
  });

  it('shows a platform user the whole file in Chinese, the phone masked, and reveals it on request', async () => {
    const { context, page } = await b.newPage();
    await signIn(page, 'reviewer1');
    await page.goto(`/tickets/${ticket.id}`);
    const root = page.getByTestId('ticket-page');
    await root.locator('[data-testid=timeline]').waitFor();

    // Head: number, state (reopened: back to the dispatch queue), flags.
    await expect.poll(() => page.getByTestId('ticket-number').first().textContent()).toContain(ticket.number);
    expect(await root.getByTestId('state').first().getAttribute('data-state')).toBe('dispatching');
    expect(await root.getByTestId('state').first().textContent()).toContain('待派单');
    const flags = await page.getByTestId('ticket-flags').first().textContent();
    expect(flags).toContain('重办 1 次');
    expect(flags).toContain('退回重办 1 次');

    // The request and the citizen: the phone masked, never the full number until asked.
    expect(await page.getByTestId('ticket-request').textContent()).toContain('滨江路88号工地');
    const citizen = page.getByTestId('citizen');
    expect(await citizen.textContent()).toContain('王小明');
    expect(await citizen.textContent()).toContain('139****5678');
    expect(await page.content()).not.toContain(PHONE);

    // The unit's assignment with its reply and counters.
    const assignment = page.getByTestId('assignment').first();
    expect(await assignment.textContent()).toContain('青江区');
    expect(await assignment.textContent()).toContain('已责令施工单位停止夜间施工');
    expect(await assignment.textContent()).toContain('退回重办 1 次');

    // The timeline: every step in Chinese, with who did it and what they said.
    const timeline = page.getByTestId('timeline');
    const types = await timeline.getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed', 'replied', 'reviewed', 'visited', 'reopened']);
    const text = (await timeline.textContent()) ?? '';
    for (const words of ['受理', '派单', '请核查夜间施工许可', '签收', '办理反馈', '退回重办', '仅为过程性答复，且未联系诉求人', '审核通过', '回访', '未解决，不满意', '诉求人说昨晚仍在施工', '重办', '回访不满意：夜间仍在施工', '审核员']) {
      expect(text, words).toContain(words);
    }
    expect(text).not.toMatch(/\b(reviewed|visited|reopened|dispatched)\b/);

    // The reopen started a new round: the unsatisfied visit is history (timeline), not the ticket's outcome.
    expect(await page.getByTestId('outcome').count()).toBe(0);
    await shot(page, 'ticket-page', true);

    // Reveal: a confirm first (it is recorded), then the full number in place.
    await page.getByTestId('reveal-phone').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('查看将被记录');
    expect(await page.content()).not.toContain(PHONE);
    await confirm.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => page.getByTestId('revealed-phone').textContent()).toContain(PHONE);
    await shot(page, 'ticket-page-reveal');

    // The reveal is an event on the ticket, by this user.
    const detail = await reviewer.get<{ events: { type: string; actorName: string | null; data: { field?: string } }[] }>(`/api/tickets/${ticket.id}`);
    const revealed = detail.events.filter((e) => e.type === 'revealed');
    expect(revealed).toHaveLength(1);
    expect(revealed[0]!.data.field).toBe('phone');
    await context.close();
  });

  it('shows a unit handler the ticket without a reveal button, and the server refuses the reveal', async () => {
    const { context, page } = await b.newPage();
    await signIn(page, 'h_d01');
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByTestId('timeline').waitFor();
    const citizen = page.getByTestId('citizen');
    expect(await citizen.textContent()).toContain('139****5678');
    expect(await page.getByTestId('reveal-phone').count()).toBe(0);
    expect(await page.content()).not.toContain(PHONE);
    // Asking anyway: 403, and nothing is revealed.
    const res = await handler.context.request.post(`/api/tickets/${ticket.id}/reveal`, {
      data: { field: 'phone' },
      headers: { 'x-csrf-token': ((await (await handler.context.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken },
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).not.toContain(PHONE);
    await context.close();
  });

  it('answers a unit outside the ticket\'s scope with a 404 page, not a blank one', async () => {
    const { context, page } = await b.newPage();
    await signIn(page, 'h_d02');
    await page.goto(`/tickets/${ticket.id}`);
    const root = page.locator('[data-testid=ticket-page][data-error=true]');
    await root.waitFor();
    expect(await root.textContent()).toContain('内容不存在');
    expect(await page.getByTestId('timeline').count()).toBe(0);
    await shot(page, 'ticket-page-404');
    await context.close();
  });

  it('offers the actions of the moment and opens their forms with the focus on the first field', async () => {
    const { context, page } = await b.newPage();
    await signIn(page, 'dispatcher1');
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByTestId('timeline').waitFor();
    // Reopened: back in the dispatcher's hands.
    await page.getByTestId('action-dispatch').waitFor();
    await page.getByTestId('action-invalidate').click();
    const dialog = page.getByTestId('action-form-invalidate');
    await dialog.waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')")).toBe('field-reason');
    // An empty reason: the server's 400 lands under the field.
    await page.keyboard.press('Control+Enter');
    const error = dialog.locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\S/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const after = await dispatcher.get<{ state: string }>(`/api/tickets/${ticket.id}`);
    expect(after.state).toBe('dispatching');
    await context.close();
  });
});

describe('actions on the ticket page', () => {
  let operator: Api;
  let dispatcher: Api;
  let reviewer: Api;
  let visitor: Api;
  let handler: Api;
  let d01: number;

  beforeAll(async () => {
    [operator, dispatcher, reviewer, visitor, handler] = await Promise.all([apiAs(b, 'operator1'), apiAs(b, 'dispatcher1'), apiAs(b, 'reviewer1'), apiAs(b, 'visitor1'), apiAs(b, 'h_d01')]);
    const { tree } = await dispatcher.get<{ tree: UnitNode[] }>('/api/units');
    d01 = flattenUnits(tree).find((u) => u.code === 'D01')!.id;
  });

  afterAll(async () => {
    await Promise.all([operator, dispatcher, reviewer, visitor, handler].map((a) => a?.close()));
  });

  async function handling(title: string): Promise<TicketOut> {
    const t = await operator.post<TicketOut>('/api/tickets', {
      channel: 'phone', type: 'complaint', title, content: `${title}：小区垃圾站长期不清运，气味很大。`,
      citizen: { name: '赵敏', phone: '13600002222' }, location: { address: '青江区清风路6号' },
    }, 201);
    await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d01 });
    await handler.post(`/api/tickets/${t.id}/sign`);
    return t;
  }

  async function dialog(page: Page, action: string): Promise<Locator> {
    await page.getByTestId(`action-${action}`).click();
    const form = page.getByTestId(`action-form-${action}`);
    await form.waitFor();
    return form;
  }

  async function submitted(page: Page, form: Locator): Promise<void> {
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });
  }

  it('a supervisor urges the unit and opens a supervision order, the unit answers it, the supervisor closes it', async () => {
    const t = await handling(`督办测试${Date.now().toString(36)} 清风路垃圾站`);
    const sup = await b.newPage();
    await signIn(sup.page, 'supervisor1');
    await sup.page.goto(`/tickets/${t.id}`);
    await sup.page.getByTestId('timeline').waitFor();

    // 催办: the primary unit is chosen already; a note of one's own.
    let form = await dialog(sup.page, 'urge');
    expect(await form.textContent()).toContain('青江区');
    await form.getByTestId('field-note').fill('请三日内清运并反馈');
    await submitted(sup.page, form);
    await expect.poll(() => sup.page.getByTestId('timeline').textContent()).toContain('请三日内清运并反馈');
    expect((await dispatcher.get<{ urgeCount: number }>(`/api/tickets/${t.id}`)).urgeCount).toBe(1);

    // 督办: without a reason the server's 400 lands under the reason box.
    form = await dialog(sup.page, 'supervise');
    await choose(form, 'level-leader');
    await form.getByTestId('action-submit').click();
    const error = form.locator('.ant-form-item:has([data-testid=field-reason]) .ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\S/);
    await form.getByTestId('field-reason').fill('群众反复来电，请限期整改并书面答复');
    await shot(sup.page, 'supervise-form');
    await submitted(sup.page, form);
    const orders = sup.page.getByTestId('supervision-orders');
    await orders.waitFor();
    expect(await orders.textContent()).toContain('领导督办');
    expect(await orders.textContent()).toContain('督办中');
    expect(await sup.page.getByTestId('ticket-flags').first().textContent()).toContain('督办');

    // The unit answers its order.
    const unit = await b.newPage();
    await signIn(unit.page, 'h_d01');
    await unit.page.goto(`/tickets/${t.id}`);
    await unit.page.getByTestId('timeline').waitFor();
    form = await dialog(unit.page, 'supervise');
    expect(await form.textContent()).toContain('群众反复来电，请限期整改并书面答复');
    await form.getByTestId('field-answer').fill('已安排环卫车辆每日清运两次');
    await submitted(unit.page, form);
    await expect.poll(() => unit.page.getByTestId('supervision-orders').textContent()).toContain('已安排环卫车辆每日清运两次');
    await unit.context.close();

    // The supervisor closes it with a result (the page follows the unit's answer live).
    await expect.poll(() => orders.textContent()).toContain('已答复');
    form = await dialog(sup.page, 'supervise');
    // An answered order: closing it is the step offered first.
    expect(await form.getByTestId('supervise-op').locator('.ant-segmented-item-selected').textContent()).toContain('结束督办');
    await form.getByTestId('field-result').fill('已整改到位');
    await submitted(sup.page, form);
    await expect.poll(() => orders.textContent()).toContain('已结束');
    const text = await sup.page.getByTestId('timeline').textContent();
    for (const words of ['催办', '督办', '督办答复', '督办结束', '已整改到位']) expect(text, words).toContain(words);
    const detail = await dispatcher.get<{ supervised: boolean; supervisionOrders: { state: string; result: string }[] }>(`/api/tickets/${t.id}`);
    expect(detail.supervised).toBe(false);
    expect(detail.supervisionOrders).toMatchObject([{ state: 'closed', result: '已整改到位' }]);
    await sup.context.close();
  });

  it('a visitor closes an unreasonable demand after an unsatisfied visit; the explanation is required', async () => {
    const t = await handling(`办结测试${Date.now().toString(36)} 要求拆除垃圾站`);
    await handler.post(`/api/tickets/${t.id}/reply`, { result: '垃圾站为规划设施，已加强清运并向诉求人解释。', contacted: true });
    await reviewer.post(`/api/tickets/${t.id}/review`, { approve: true });
    await visitor.post(`/api/tickets/${t.id}/visit`, { contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '坚持要求拆除垃圾站' });

    const { context, page } = await b.newPage();
    await signIn(page, 'visitor1');
    await page.goto(`/tickets/${t.id}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('outcome').textContent()).toContain('不满意');
    const form = await dialog(page, 'close');
    await choose(form, 'close-unreasonable');
    await expect.poll(() => form.getByTestId('close-unreasonable').isChecked()).toBe(true);
    await form.getByTestId('action-submit').click();
    const error = form.locator('.ant-form-item:has([data-testid=field-explanation]) .ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('请填写理由');
    await form.getByTestId('field-explanation').fill('垃圾站为规划设施，不具备拆除条件，已向诉求人解释');
    await expect.poll(() => error.count()).toBe(0); // fixed: the server's message goes
    await shot(page, 'close-form');
    await submitted(page, form);
    await expect.poll(() => page.getByTestId('state').first().getAttribute('data-state')).toBe('closed');
    expect(await page.getByTestId('outcome').textContent()).toContain('诉求不合理');
    expect(await page.getByTestId('timeline').textContent()).toContain('不具备拆除条件');
    await context.close();
  });
});
