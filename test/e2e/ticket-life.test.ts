// Two tickets carried through their whole lives in the browser, each step done on screen by the
// demo user whose job it is (DOMAIN.md §6):
//  1. operator intake → dispatcher dispatch → handler sign and reply → reviewer approve → visitor
//     satisfied visit: closed.
//  2. a unit asks to return it → the dispatcher approves and dispatches elsewhere → that unit signs
//     and replies → approved → the citizen is not satisfied → 重办: back in the dispatch queue.
// The API is only used to read what the screens did (and to take the second call, whose intake the
// first life already shows). Screenshots: test-results/e2e/life-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, choose, flattenUnits, launch, login, openInQueue, pickUnit, queueRow, shot, type Api, type Browsing, type UnitNode } from './support.js';

interface Detail {
  id: number;
  number: string;
  state: string;
  version: number;
  reopenCount: number;
  returnCount: number;
  firstTime: boolean;
  assignments: { id: number; unitId: number; role: string; state: string }[];
  events: { type: string }[];
  outcome: { satisfaction: string | null };
}

let b: Browsing;
let office: Api;
let units: UnitNode[];
const RUN = Date.now().toString(36);

beforeAll(async () => {
  b = await launch();
  office = await apiAs(b, 'dispatcher1');
  units = flattenUnits((await office.get<{ tree: UnitNode[] }>('/api/units')).tree);
});

afterAll(async () => {
  await office?.close();
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

const detail = (id: number) => office.get<Detail>(`/api/tickets/${id}`);
const unitByCode = (code: string) => units.find((u) => u.code === code)!;
const handlerOf = (unitId: number) => `h_${units.find((u) => u.id === unitId)!.code!.toLowerCase()}`;

/** A user's own browser window, signed in through the login form. */
async function as(username: string): Promise<{ page: Page; done: () => Promise<void> }> {
  const { context, page } = await b.newPage();
  await login(page, username);
  return { page, done: () => context.close() };
}

async function signAndReply(number: string, handler: string, result: string): Promise<void> {
  const { page, done } = await as(handler);
  await page.goto(`/handling?tab=assigned&q=${number}`);
  const row = queueRow(page, 'handling-table', number);
  await row.getByTestId('deadline').waitFor();
  expect(await row.getByTestId('deadline').getAttribute('data-level')).toBe('0'); // just dispatched: green
  await row.getByTestId('quick-sign').click();
  await page.getByText(`已签收 ${number}`).waitFor();
  const panel = await openInQueue(page, '/handling?tab=handling', 'handling-table', number);
  await panel.getByTestId('own-work').getByTestId('action-reply').click();
  const form = page.getByTestId('reply-form');
  await form.getByTestId('reply-result').fill(result);
  await form.getByLabel('办理措施').fill('安排执法人员到现场核查，责令整改。');
  await form.getByTestId('reply-contacted').getByText('已联系', { exact: true }).click();
  await shot(page, `life-reply-${handler}`);
  await form.getByTestId('action-submit').click();
  await form.waitFor({ state: 'detached' });
  await done();
}

async function approveReview(number: string): Promise<void> {
  const { page, done } = await as('reviewer1');
  await page.goto('/review');
  const box = page.getByTestId('review-queue-search').locator('input');
  await box.fill(number);
  await box.press('Enter');
  const panel = page.locator('[data-testid=ticket-panel]');
  await panel.getByTestId('reply').waitFor();
  // The search answers after the first page drew: wait for the filtered list, not the first one.
  await expect.poll(() => page.getByTestId('review-queue-table').locator('tr[data-ticket-id]').count()).toBe(1);
  await panel.getByTestId('action-review').click();
  const form = page.getByTestId('action-form-review');
  await form.waitFor();
  await choose(form, 'decision-approve');
  await form.getByTestId('action-submit').click();
  await form.waitFor({ state: 'detached' });
  await done();
}

async function visit(number: string, satisfied: boolean): Promise<Page & { done?: () => Promise<void> }> {
  const { page, done } = await as('visitor1');
  await page.goto('/visits');
  const box = page.getByTestId('visit-queue-search').locator('input');
  await box.fill(number);
  await box.press('Enter');
  const panel = page.locator('[data-testid=ticket-panel]');
  await panel.getByTestId('call-script').waitFor();
  await panel.getByTestId('action-visit').click();
  const form = page.getByTestId('action-form-visit');
  await form.waitFor();
  await choose(form, satisfied ? 'resolved-yes' : 'resolved-no');
  await choose(form, satisfied ? 'satisfaction-satisfied' : 'satisfaction-unsatisfied');
  await form.getByTestId('field-note').fill(satisfied ? '诉求人表示问题已解决，感谢' : '诉求人表示夜间仍有施工');
  await shot(page, `life-visit-${satisfied ? 'satisfied' : 'unsatisfied'}`);
  await form.getByTestId('action-submit').click();
  await form.waitFor({ state: 'detached' });
  return Object.assign(page, { done });
}

describe('one ticket through its whole life on screen', () => {
  it('intake → dispatch → sign → reply → approve → satisfied visit: closed, with every step on its timeline', async () => {
    // 话务员: the call.
    const operator = await as('operator1');
    let page = operator.page;
    await page.getByTestId('main-menu').getByText('受理').click();
    await page.getByTestId('intake-form').waitFor();
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');
    await page.keyboard.type('13977770001');
    await page.locator('#name').fill('周女士');
    await page.locator('#content').fill(`生命周期${RUN}：青江区滨江路88号工地每天夜里十一点以后还在施工，噪音很大，已持续一周。`);
    await page.locator('.ant-form-item:has(#type)').getByText('投诉', { exact: true }).click();
    await page.locator('#subjectId').click();
    await page.keyboard.type('施工噪音');
    await page.locator('.ant-select-tree-node-content-wrapper[title="施工噪音"]').click();
    await page.locator('#address').fill('青江区滨江路88号');
    await expect.poll(() => page.getByTestId('intake-area-name').textContent()).toContain('青江区');
    await page.locator('#content').focus();
    await page.keyboard.press('Alt+KeyS');
    const numberBox = page.getByTestId('intake-number');
    await numberBox.waitFor();
    const number = (await numberBox.textContent())!.replace(/\D/g, '');
    expect(number).toMatch(/^\d{12}$/);
    await shot(page, 'life-1-intake');
    await operator.done();
    const found = await office.get<{ items: { id: number }[] }>(`/api/tickets?q=${number}`);
    const id = found.items[0]!.id;
    expect((await detail(id)).state).toBe('dispatching');

    // 派单员: by the catalogue's proposal, with one key.
    const dispatcher = await as('dispatcher1');
    page = dispatcher.page;
    const panel = await openInQueue(page, '/dispatch', 'dispatch-table', number);
    await panel.getByTestId('proposal').waitFor();
    await shot(page, 'life-2-dispatch');
    await page.keyboard.press('F8');
    await page.getByText(`工单 ${number} 已派单`).waitFor();
    await dispatcher.done();
    const dispatched = await detail(id);
    expect(dispatched.state).toBe('assigned');
    const primary = dispatched.assignments.find((a) => a.role === 'primary')!;

    // 承办单位: sign and reply.
    await signAndReply(number, handlerOf(primary.unitId), '经现场核查，该工地未办理夜间施工许可，已责令其22时后停止施工，并处以罚款；已电话告知诉求人。');
    expect((await detail(id)).state).toBe('replied');

    // 审核 and 回访.
    await approveReview(number);
    expect((await detail(id)).state).toBe('visiting');
    const visitor = await visit(number, true);
    await visitor.done!();
    const closed = await detail(id);
    expect(closed.state).toBe('closed');
    expect(closed.outcome.satisfaction).toBe('satisfied');
    expect(closed.firstTime).toBe(true);

    // The ticket page tells the story.
    const reader = await as('operator1');
    await reader.page.goto(`/tickets/${id}`);
    const timeline = reader.page.getByTestId('timeline');
    await timeline.waitFor();
    const types = await timeline.getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed', 'visited']);
    const text = await timeline.textContent();
    for (const label of ['受理', '派单', '签收', '办理反馈', '审核通过', '回访']) expect(text).toContain(label);
    await shot(reader.page, 'life-3-ticket-closed');
    await reader.done();
  });
});

describe('a second ticket through a return and a reopen', () => {
  it('returned by one unit, dispatched to another, replied, approved, visited unsatisfied and reopened', async () => {
    const operator = await apiAs(b, 'operator1');
    const t = await operator.post<Detail>('/api/tickets', {
      channel: 'phone', type: 'complaint', content: `退单重办${RUN}：青江区望江路12号楼下餐馆油烟直排，窗户都不能开。`,
      citizen: { name: '钱先生', phone: '13977770002' }, location: { address: '青江区望江路12号' },
    }, 201);
    await operator.close();
    const d02 = unitByCode('D02');
    const d01 = unitByCode('D01');

    // The dispatcher sends it to the wrong district.
    let user = await as('dispatcher1');
    let panel = await openInQueue(user.page, '/dispatch', 'dispatch-table', t.number);
    let form = panel.getByTestId('dispatch-form');
    await pickUnit(user.page, form, 'primaryUnitId', d02);
    await form.getByTestId('action-submit').click();
    await user.page.getByText(`工单 ${t.number} 已派单`).waitFor();
    await user.done();

    // D02 asks to return it.
    user = await as(handlerOf(d02.id));
    panel = await openInQueue(user.page, '/handling?tab=assigned', 'handling-table', t.number);
    await panel.getByTestId('action-request-return').click();
    const ask = user.page.getByTestId('request-return-form');
    await ask.waitFor();
    await user.page.keyboard.type('该地址属于青江区，不在本区辖区。');
    await user.page.keyboard.press('Control+Enter');
    await user.page.getByText('退单申请已提交').waitFor();
    await user.done();

    // The dispatcher approves the return and dispatches to the right district.
    user = await as('dispatcher1');
    panel = await openInQueue(user.page, '/dispatch?tab=return', 'dispatch-table', t.number);
    const decide = panel.getByTestId('decide-return-form');
    expect(await decide.getByTestId('pending-reason').textContent()).toBe('该地址属于青江区，不在本区辖区。');
    await shot(user.page, 'life-4-decide-return');
    await decide.getByTestId('action-submit').click();
    await user.page.getByText('已审批退单申请').waitFor();
    await expect.poll(async () => (await detail(t.id)).state).toBe('dispatching');
    panel = await openInQueue(user.page, '/dispatch', 'dispatch-table', t.number);
    form = panel.getByTestId('dispatch-form');
    await pickUnit(user.page, form, 'primaryUnitId', d01);
    await form.getByTestId('action-submit').click();
    await user.page.getByText(`工单 ${t.number} 已派单`).waitFor();
    await user.done();

    await signAndReply(t.number, handlerOf(d01.id), '已联合市场监管所检查，责令餐馆加装油烟净化设施，已电话告知诉求人。');
    await approveReview(t.number);
    const visitor = await visit(t.number, false);
    // Unsatisfied: the visitor decides, 重办 with a reason.
    const waiting = visitor.locator('[data-testid=ticket-panel]');
    await waiting.getByTestId('visit-decision').waitFor();
    await waiting.getByTestId('action-reopen').click();
    const reopen = visitor.getByTestId('action-form-reopen');
    await reopen.waitFor();
    await visitor.keyboard.type('回访不满意：餐馆仍在直排油烟，请重新办理');
    await visitor.keyboard.press('Control+Enter');
    await reopen.waitFor({ state: 'detached' });
    await visitor.done!();

    const after = await detail(t.id);
    expect(after.state).toBe('dispatching');
    expect(after.reopenCount).toBe(1);
    expect(after.returnCount).toBe(1);
    expect(after.assignments.map((a) => [a.unitId, a.state])).toEqual([[d02.id, 'returned'], [d01.id, 'done']]);

    user = await as('dispatcher1');
    await user.page.goto(`/tickets/${t.id}`);
    const timeline = user.page.getByTestId('timeline');
    await timeline.waitFor();
    const types = await timeline.getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types.indexOf('return_requested')).toBeGreaterThan(types.indexOf('dispatched'));
    expect(types).toEqual(expect.arrayContaining(['return_requested', 'return_decided', 'visited', 'reopened']));
    // Back in the dispatch queue, marked as reopened.
    await user.page.goto(`/dispatch?q=${t.number}`);
    await queueRow(user.page, 'dispatch-table', t.number).getByText('重办').waitFor();
    await shot(user.page, 'life-5-reopened-in-queue');
    await user.done();
  });
});
