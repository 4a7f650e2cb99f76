// The reviewer's queue (/review) and the visitor's queue (/visits) in a real browser, on tickets
// prepared through the real API: a reply sent back with a reason (the server's 400 for an empty
// reason shows under the field) and another approved, then a satisfied visit that closes a ticket
// and an unsatisfied one followed by 重办; the ticket pages tell those steps in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, choose, flattenUnits, launch, shot, signIn, type Api, type Browsing, type UnitNode } from './support.js';

let b: Browsing;

interface TicketOut {
  id: number;
  number: string;
  state: string;
}

interface Detail extends TicketOut {
  sendbackCount: number;
  firstTime: boolean;
  outcome: { satisfaction: string | null; closeReason: string | null };
  events: { type: string; data: Record<string, unknown> }[];
}

let operator: Api;
let dispatcher: Api;
let reviewer: Api;
let handler: Api;
let d01: number;

beforeAll(async () => {
  b = await launch();
  [operator, dispatcher, reviewer, handler] = await Promise.all([apiAs(b, 'operator1'), apiAs(b, 'dispatcher1'), apiAs(b, 'reviewer1'), apiAs(b, 'h_d01')]);
  const { tree } = await dispatcher.get<{ tree: UnitNode[] }>('/api/units');
  d01 = flattenUnits(tree).find((u) => u.code === 'D01')!.id;
});

afterAll(async () => {
  await Promise.all([operator, dispatcher, reviewer, handler].map((a) => a?.close()));
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

/** A ticket through intake, dispatch to 青江区, sign and reply: waiting for review (待审核). */
async function replied(title: string, result: string, contacted = true): Promise<TicketOut> {
  const t = await operator.post<TicketOut>('/api/tickets', {
    channel: 'phone', type: 'help', title, content: `${title}：楼道路灯坏了一个多月，晚上出行不便，请尽快维修。`,
    citizen: { name: '李华', phone: '13700001111' }, location: { address: '青江区望江路12号' },
  }, 201);
  await dispatcher.post(`/api/tickets/${t.id}/dispatch`, { primaryUnitId: d01 });
  await handler.post(`/api/tickets/${t.id}/sign`);
  await handler.post(`/api/tickets/${t.id}/reply`, { result, measures: '安排电工上门检修。', contacted });
  return t;
}

/** The data-ticket-id of the selected row in a queue's table. */
function selectedRow(page: Page, queue: string) {
  return page.locator(`[data-testid=${queue}-table] tr.ms-row-selected`);
}

async function search(page: Page, queue: string, text: string): Promise<void> {
  const box = page.getByTestId(`${queue}-search`).locator('input');
  await box.fill(text);
  await box.press('Enter');
}

async function timelineTypes(page: Page): Promise<string[]> {
  return page.getByTestId('timeline').getByTestId('event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type') ?? ''));
}

describe('review queue', () => {
  it('sends one reply back with a reason (the empty reason is refused under the field) and approves the next', async () => {
    const tag = `审核测试${Date.now().toString(36)}`;
    const first = await replied(`${tag} 望江路路灯不亮`, '正在办理中，已呈报领导。', false);
    const second = await replied(`${tag} 望江路楼道灯维修`, '已更换楼道灯泡并检查线路，路灯恢复正常。');

    const { context, page } = await b.newPage();
    await signIn(page, 'reviewer1');
    await page.goto('/review');
    await page.getByTestId('review-queue-table').waitFor();
    await search(page, 'review-queue', tag);
    const rows = page.locator('[data-testid=review-queue-table] tr[data-ticket-id]');
    await expect.poll(() => rows.count()).toBe(2);
    // Nearest review deadline first (equal ones: the newer first); the first row is selected, its reply beside it.
    const order = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ticket-id'))));
    expect([...order].sort()).toEqual([first.id, second.id].sort());
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(order[0]));
    await page.locator(`[data-testid=ticket-panel][data-ticket-id="${order[0]}"]`).getByTestId('reply').waitFor();
    expect(await rows.first().textContent()).toContain('剩'); // the review deadline as a countdown
    // ↓ leaves the search box for the list (the selection stays); j / k move between rows.
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-ticket-id')")).toBe(String(order[0]));
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(order[0]));
    await page.keyboard.press('j');
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(order[1]));
    await page.keyboard.press('k');
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(order[0]));
    // A click selects the row of the process-only reply.
    await page.locator(`[data-testid=review-queue-table] tr[data-ticket-id="${first.id}"] td`).nth(2).click();
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(first.id));
    const panel = page.locator(`[data-testid=ticket-panel][data-ticket-id="${first.id}"]`);
    await panel.waitFor();
    expect(await panel.getByTestId('reply').textContent()).toContain('正在办理中，已呈报领导。');
    await page.mouse.move(700, 700); // no hover tooltip in the picture
    await shot(page, 'review-queue');

    // Enter opens the review form; it warns about a process-only reply made without contact.
    await page.keyboard.press('Enter');
    const form = page.getByTestId('action-form-review');
    await form.waitFor();
    const warnings = await form.getByTestId('review-warnings').textContent();
    expect(warnings).toContain('未联系诉求人');
    expect(warnings).toContain('过程性答复');
    await choose(form, 'decision-sendBack');
    await expect.poll(() => form.getByTestId('decision-sendBack').isChecked()).toBe(true);
    // No reason: the server refuses it and says so under the reason box.
    await form.getByTestId('action-submit').click();
    const error = form.locator('.ant-form-item-explain-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('请填写理由');
    expect((await reviewer.get<Detail>(`/api/tickets/${first.id}`)).state).toBe('replied');
    await shot(page, 'review-form');
    // A phrase button and words of one's own; Ctrl+Enter submits from the text box.
    await form.locator('.ms-ticket-presets').getByText('未联系诉求人', { exact: true }).click();
    await form.getByTestId('field-reason').pressSequentially('，请联系后如实反馈办理结果');
    await page.keyboard.press('Control+Enter');
    await form.waitFor({ state: 'detached' });

    // Sent back: off the queue, and the next ticket is selected.
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => selectedRow(page, 'review-queue').getAttribute('data-ticket-id')).toBe(String(second.id));
    const back = await reviewer.get<Detail>(`/api/tickets/${first.id}`);
    expect(back.state).toBe('handling');
    expect(back.sendbackCount).toBe(1);
    expect(back.firstTime).toBe(false);
    expect(back.events.at(-1)).toMatchObject({ type: 'reviewed', data: { approve: false, reason: '未联系诉求人，请联系后如实反馈办理结果' } });

    // The second: Enter, approve (the default), Ctrl+Enter.
    await page.locator(`[data-testid=ticket-panel][data-ticket-id="${second.id}"]`).waitFor();
    await page.keyboard.press('Enter');
    const form2 = page.getByTestId('action-form-review');
    await form2.waitFor();
    await expect.poll(() => page.evaluate<string | null>('document.activeElement && document.activeElement.value')).toBe('approve'); // focus on the first field
    expect(await form2.getByTestId('review-warnings').count()).toBe(0);
    await page.keyboard.press('Control+Enter');
    await form2.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('ticket-panel-empty').waitFor();
    expect((await reviewer.get<Detail>(`/api/tickets/${second.id}`)).state).toBe('visiting');

    // The ticket page tells it in Chinese.
    await page.goto(`/tickets/${first.id}`);
    await page.getByTestId('timeline').waitFor();
    expect(await timelineTypes(page)).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed']);
    const text = await page.getByTestId('timeline').textContent();
    expect(text).toContain('退回重办');
    expect(text).toContain('未联系诉求人，请联系后如实反馈办理结果');
    expect(text).toContain('审核员一');
    await page.goto(`/tickets/${second.id}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('审核通过');
    await context.close();
  });
});

describe('visit queue', () => {
  it('records a satisfied visit that closes one ticket, and an unsatisfied one followed by 重办', async () => {
    const tag = `回访测试${Date.now().toString(36)}`;
    const happy = await replied(`${tag} 望江路路灯维修`, '已更换路灯灯头，经测试恢复照明。');
    const unhappy = await replied(`${tag} 望江路积水`, '已清理雨水井口。');
    await reviewer.post(`/api/tickets/${happy.id}/review`, { approve: true });
    await reviewer.post(`/api/tickets/${unhappy.id}/review`, { approve: true });

    const { context, page } = await b.newPage();
    await signIn(page, 'visitor1');
    await page.goto('/visits');
    await page.getByTestId('visit-queue-table').waitFor();
    await search(page, 'visit-queue', tag);
    const rows = page.locator('[data-testid=visit-queue-table] tr[data-ticket-id]');
    await expect.poll(() => rows.count()).toBe(2);
    const order = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ticket-id'))));
    await expect.poll(() => selectedRow(page, 'visit-queue').getAttribute('data-ticket-id')).toBe(String(order[0]));
    // Pick the street-light ticket (↓/↑ or a click).
    await page.keyboard.press('ArrowDown'); // from the search box into the list
    if (order[0] !== happy.id) await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedRow(page, 'visit-queue').getAttribute('data-ticket-id')).toBe(String(happy.id));
    const panel = page.locator(`[data-testid=ticket-panel][data-ticket-id="${happy.id}"]`);
    await panel.waitFor();
    // The call script: the matter and the unit's reply, in the visitor's words.
    const script = await panel.getByTestId('call-script').textContent();
    expect(script).toContain('望江路路灯维修');
    expect(script).toContain('已更换路灯灯头，经测试恢复照明。');
    expect(script).toContain('青江区');
    await shot(page, 'visit-queue');

    // Satisfied: reached, resolved, 满意 → closed.
    await page.keyboard.press('Enter');
    const form = page.getByTestId('action-form-visit');
    await form.waitFor();
    await choose(form, 'resolved-yes');
    await choose(form, 'satisfaction-satisfied');
    await expect.poll(() => form.getByTestId('visit-preview').textContent()).toContain('提交后工单办结');
    await form.getByTestId('field-note').fill('诉求人表示路灯已修好');
    await shot(page, 'visit-form');
    await form.getByTestId('action-submit').click();
    await form.waitFor({ state: 'detached' });
    const closed = await reviewer.get<Detail>(`/api/tickets/${happy.id}`);
    expect(closed.state).toBe('closed');
    expect(closed.outcome.satisfaction).toBe('satisfied');

    // The next one is selected; unsatisfied: it stays for the decision.
    await expect.poll(() => selectedRow(page, 'visit-queue').getAttribute('data-ticket-id')).toBe(String(unhappy.id));
    const panel2 = page.locator(`[data-testid=ticket-panel][data-ticket-id="${unhappy.id}"]`);
    await panel2.waitFor();
    await page.keyboard.press('Enter');
    const form2 = page.getByTestId('action-form-visit');
    await form2.waitFor();
    // Reached but nothing chosen: the server's field errors land under the questions.
    await form2.getByTestId('action-submit').click();
    await form2.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await form2.locator('.ant-form-item-explain-error').first().textContent()).toContain('请选择');
    await choose(form2, 'resolved-no');
    await choose(form2, 'satisfaction-unsatisfied');
    await expect.poll(() => form2.getByTestId('visit-preview').textContent()).toContain('重办');
    await form2.getByTestId('field-note').fill('下雨后仍然积水');
    await form2.getByTestId('action-submit').click();
    await form2.waitFor({ state: 'detached' });
    // Still waiting here, with the decision asked for.
    await panel2.getByTestId('visit-decision').waitFor();
    expect((await reviewer.get<Detail>(`/api/tickets/${unhappy.id}`)).state).toBe('visiting');
    expect(await rows.count()).toBe(1);

    await panel2.getByTestId('action-reopen').click();
    const reopen = page.getByTestId('action-form-reopen');
    await reopen.waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')")).toBe('field-reason');
    await page.keyboard.type('回访不满意：下雨后仍然积水，请重新处理');
    await page.keyboard.press('Control+Enter');
    await reopen.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(0);
    const reopened = await reviewer.get<Detail>(`/api/tickets/${unhappy.id}`);
    expect(reopened.state).toBe('dispatching');

    // Both ticket pages tell it in Chinese.
    await page.goto(`/tickets/${unhappy.id}`);
    await page.getByTestId('timeline').waitFor();
    expect((await timelineTypes(page)).slice(-3)).toEqual(['reviewed', 'visited', 'reopened']);
    const text = await page.getByTestId('timeline').textContent();
    for (const words of ['审核通过', '回访', '未解决，不满意', '下雨后仍然积水', '重办', '回访不满意：下雨后仍然积水，请重新处理', '回访员一']) expect(text, words).toContain(words);
    await page.goto(`/tickets/${happy.id}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('已解决，满意');
    expect(await page.getByTestId('outcome').textContent()).toContain('满意');
    expect(await page.getByTestId('state').first().textContent()).toContain('已办结');
    await context.close();
  });
});
