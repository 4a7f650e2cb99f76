// 可能重复 and 屡办不成 in a real browser (docs/repeats.md): a caller rings a third time about the same
// noise; while operator1 types the phone and the matter, the 可能重复 panel shows the earlier
// tickets with their reasons; 「合并到此单」 registers the call merged into one of them; the new
// ticket shows as merged, and supervisor1 finds the caller's 屡办不成 group under 督办.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, freshPhone, launch, login, openInQueue, queueRow, shot, type Api, type Browsing } from './support.js';

let b: Browsing;
let operator: Api;
let phone: string;
const earlier: { id: number; number: string }[] = [];
const ADDRESS = '青澜市青江区滨江路66号';

beforeAll(async () => {
  b = await launch();
  operator = await apiAs(b, 'operator1');
  phone = freshPhone('137');
  for (const content of ['滨江路66号旁边工地夜间施工噪音很大，晚上十一点还在打桩，影响休息。', '工地夜间施工噪音又来了，半夜还在打桩，上次反映后没有改善。']) {
    earlier.push(await operator.post('/api/tickets', {
      channel: 'phone', type: 'complaint', content, citizen: { name: '钱女士', phone }, location: { address: ADDRESS },
    }, 201));
  }
});

afterAll(async () => {
  await operator?.close();
  await b?.close();
});

describe('duplicates at intake', () => {
  it('shows the earlier tickets with reasons while typing, and merges the call into one of them', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'operator1');
    await page.getByTestId('main-menu').getByText('受理').click();
    await page.getByTestId('intake-form').waitFor();
    await page.locator('#phone').fill(phone);
    await page.locator('#content').click();
    await page.keyboard.type('滨江路66号工地夜间施工噪音，半夜还在打桩，吵得睡不着，已经反映过两次了。');
    await page.locator('#address').fill('滨江路66号');
    await page.locator('.ant-form-item:has(#type)').getByText('投诉', { exact: true }).click();

    const panel = page.getByTestId('duplicates-panel');
    const item = (id: number) => panel.locator(`[data-testid="duplicate-item"][data-ticket-id="${id}"]`);
    for (const t of earlier) await item(t.id).waitFor();
    const reasons = await item(earlier[1]!.id).getByTestId('duplicate-reasons').textContent();
    expect(reasons).toContain('同一来电人');
    expect(reasons).toContain('同一地点');
    expect(reasons).toMatch(/内容相似 \d+%/);
    // The phone is masked in the panel, as everywhere.
    expect(await panel.textContent()).not.toContain(phone);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'duplicates-panel');

    // 合并到此单 on the latest of them, confirmed once.
    const master = earlier[1]!;
    await item(master.id).getByTestId('duplicate-merge').click();
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(master.number);
    await dialog.getByRole('button', { name: '登记并合并' }).click();
    const done = page.getByTestId('intake-done');
    await done.waitFor();
    expect(await done.textContent()).toContain(`已登记并合并到工单 ${master.number}`);
    const number = (await page.getByTestId('intake-number').getAttribute('data-number'))!;
    await shot(page, 'duplicates-merged');

    // The new ticket is merged into the master, which lists it; and the caller's third call of one matter is 屡办不成.
    const mine = await operator.get<{ items: { id: number; number: string; state: string; mergedIntoId: number | null; repeatCount: number }[] }>(`/api/tickets?phone=${phone}`);
    const created = mine.items.find((t) => t.number === number)!;
    expect(created).toMatchObject({ state: 'merged', mergedIntoId: master.id, repeatCount: 3 });
    await page.goto(`/tickets/${created.id}`);
    await page.getByTestId('ticket-page').waitFor();
    await expect.poll(() => page.getByTestId('state').first().textContent()).toContain('已并单');
    await page.getByTestId('repeat-group').waitFor();
    await expect.poll(() => page.getByTestId('repeat-group-ticket').count()).toBe(3);
    await shot(page, 'duplicates-ticket', true);
    await context.close();
  });

  it('shows the caller’s 屡办不成 group to the supervisor, with the red tag in ticket lists', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'supervisor1');
    await page.goto('/supervision?tab=repeats');
    const table = page.getByTestId('repeats-table');
    await table.waitFor();
    const row = table.locator('tr', { hasText: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    await row.waitFor();
    expect(await row.getByTestId('repeat-count').textContent()).toBe('屡办不成 ×3');
    for (const t of earlier) expect(await row.textContent()).toContain(t.number);
    await shot(page, 'duplicates-supervision');

    // The group's tickets are in the repeat=true list, and the dispatcher's queue shows the red tag on them.
    const list = await operator.get<{ items: { id: number; repeatCount: number }[] }>('/api/tickets?repeat=true&pageSize=100');
    expect(list.items.map((t) => t.id)).toEqual(expect.arrayContaining(earlier.map((t) => t.id)));
    await context.close();

    const desk = await b.newPage();
    await login(desk.page, 'dispatcher1');
    await openInQueue(desk.page, '/dispatch', 'dispatch-table', earlier[0]!.number);
    const tag = queueRow(desk.page, 'dispatch-table', earlier[0]!.number).getByTestId('repeat-tag');
    expect(await tag.textContent()).toBe('屡办不成 ×3');
    await shot(desk.page, 'duplicates-queue');
    await desk.context.close();
    expect(b.pageErrors).toEqual([]);
  });
});
