// 受理 in a real browser: operator1 takes a call on the intake screen — the caller's earlier tickets
// by phone, knowledge suggestions while typing, type and subject, a point on the map resolved to a
// district, a file attached, saved with the keyboard; the number read back; the server's field
// error under the phone input; and the direct-answer path with an answer taken from the knowledge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, fieldError, freshPhone, launch, login, PNG, shot, type Api, type Browsing, type UnitNode } from './support.js';

let b: Browsing;

interface TicketBrief {
  id: number;
  number: string;
  state: string;
  version: number;
  type: string;
  subjectId: number | null;
  subjectName: string | null;
  title: string;
  answer: string | null;
  channel: string;
  location: { districtId: number | null; districtName: string | null; lng: number | null; lat: number | null };
}

const KNOWN_CONTENT = '小区旁边工地夜间施工噪音很大，影响休息，希望管一管。';
const KNOWN_ANSWER = '夜间（22时至次日6时）施工须取得夜间施工许可。您可拨打城管执法热线，执法人员将到场核查，无许可夜间施工将依法查处。';

let operator: Api;
let callerPhone: string;
let earlier: TicketBrief[];
let known: TicketBrief;

beforeAll(async () => {
  b = await launch();
  operator = await apiAs(b, 'operator1');
  // The caller has called twice before.
  callerPhone = freshPhone();
  earlier = [];
  for (const [type, title, content] of [
    ['complaint', '楼下餐馆油烟扰民', '楼下新开的餐馆油烟直排，家里窗户都不能开。'],
    ['consult', '居住证办理材料咨询', '想了解办理居住证需要准备哪些材料。'],
  ]) {
    earlier.push(await operator.post<TicketBrief>('/api/tickets', { channel: 'phone', type, title, content, citizen: { name: '赵先生', phone: callerPhone } }, 201));
  }
  // An earlier matter like the one the caller will describe, answered at the front desk.
  const t = await operator.post<TicketBrief>('/api/tickets', {
    channel: 'phone', type: 'consult', title: '工地夜间施工噪音扰民怎么办', content: KNOWN_CONTENT, citizen: { phone: freshPhone() },
  }, 201);
  known = await operator.post<TicketBrief>(`/api/tickets/${t.id}/answer`, { answer: KNOWN_ANSWER, version: t.version });
});

afterAll(async () => {
  await operator?.close();
  await b?.close();
});

/** The district 青江区 (D01): its name and id, from the operator's unit tree. */
async function districtD01(): Promise<{ id: number; name: string }> {
  const { tree } = await operator.get<{ tree: UnitNode[] }>('/api/units');
  const d = tree[0]!.children!.find((u) => u.code === 'D01')!;
  return { id: d.id, name: d.name };
}

async function openIntake(page: Page): Promise<void> {
  await login(page, 'operator1');
  await page.getByTestId('main-menu').getByText('受理').click();
  await page.getByTestId('intake-form').waitFor();
  // Focus lands on the phone: the call starts there.
  await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');
}

describe('taking a call', () => {
  it('looks the caller up, suggests answers, locates on the map, attaches a file and sends it to dispatch with Alt+S', async () => {
    const { context, page } = await b.newPage();
    const d01 = await districtD01();
    await openIntake(page);

    // The caller's earlier tickets, as soon as the phone is complete.
    await page.keyboard.type(callerPhone);
    const history = page.getByTestId('caller-history');
    await history.waitFor();
    for (const t of earlier) await expect.poll(() => history.locator(`li[data-ticket-id="${t.id}"]`).textContent()).toContain(t.number);
    expect(await page.getByTestId('caller-count').textContent()).toContain('以往 2 件');
    // Each opens in a new tab, so the call's form stays as it is.
    expect(await history.locator(`li[data-ticket-id="${earlier[0]!.id}"] a`).getAttribute('target')).toBe('_blank');
    await page.getByRole('button', { name: /沿用姓名/ }).click();
    expect(await page.locator('#name').inputValue()).toBe('赵先生');
    await shot(page, 'intake-caller');

    // What it is about: knowledge suggestions follow the text.
    await page.locator('#content').click();
    await page.keyboard.type(KNOWN_CONTENT);
    await page.getByTestId('knowledge-list').locator(`[data-ticket-id="${known.id}"]`).waitFor();
    expect(await page.getByTestId('knowledge-list').locator(`[data-ticket-id="${known.id}"]`).textContent()).toContain('夜间施工许可');

    // Type and subject.
    await page.locator('.ant-form-item:has(#type)').getByText('投诉', { exact: true }).click();
    await page.locator('#subjectId').click();
    await page.keyboard.type('施工噪音');
    await page.locator('.ant-select-tree-node-content-wrapper[title="施工噪音"]').click();
    await expect.poll(() => page.locator('.ant-form-item:has(#subjectId)').textContent()).toContain('施工噪音');

    // Where: a click on 青江区 on the map sets the point, and the area is named.
    const label = page.locator('.ms-point-map .leaflet-tooltip', { hasText: d01.name });
    await label.waitFor();
    await page.getByTestId('point-map').evaluate('(el) => el.scrollIntoView({ block: \'center\' })');
    // The columns may still grow (caller history, duplicates, knowledge arrive) and the sticky action
    // bar covers the page's foot: bring the label itself into view, read its place and click again
    // until the point is set, rather than clicking where it was a moment ago.
    await expect.poll(async () => {
      await label.scrollIntoViewIfNeeded();
      const box = (await label.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      return page.getByTestId('map-point').count();
    }, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('intake-area-name').textContent()).toContain(d01.name);

    // A file, uploaded once the ticket exists.
    await page.getByTestId('intake-files').locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('1 个附件将在登记后上传').waitFor();
    // The whole form at once, the action bar where the operator sees it (a tall screen, not a stitched page).
    await page.setViewportSize({ width: 1440, height: 1320 });
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'intake');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Alt+S from wherever the cursor is.
    await page.locator('#content').focus();
    await page.keyboard.press('Alt+KeyS');
    const number = page.getByTestId('intake-number');
    await number.waitFor();
    const ticketNumber = (await number.getAttribute('data-number'))!;
    expect(ticketNumber).toMatch(/^\d{12}$/);
    expect((await number.textContent())!.replace(/\s/g, '')).toBe(ticketNumber);
    expect(await page.getByTestId('intake-done').textContent()).toContain('已登记，转派单员派单');
    await page.getByTestId('intake-uploads').locator('[data-status="done"]').waitFor();
    await shot(page, 'intake-done');

    // What the server has: the caller's third ticket, classified, located, with its file, waiting for dispatch.
    const mine = await operator.get<{ total: number; items: TicketBrief[] }>(`/api/tickets?phone=${callerPhone}`);
    expect(mine.total).toBe(3);
    const created = mine.items.find((t) => t.number === ticketNumber)!;
    expect(created).toMatchObject({ state: 'dispatching', type: 'complaint', channel: 'phone', subjectName: '施工噪音', location: { districtId: d01.id } });
    expect(created.location.lng).not.toBeNull();
    const detail = await operator.get<{ attachments: { fileName: string; contentType: string }[] }>(`/api/tickets/${created.id}`);
    expect(detail.attachments).toEqual([expect.objectContaining({ fileName: '现场照片.png', contentType: 'image/png' })]);

    // Alt+N: the next call, on an empty form with the phone focused.
    await page.keyboard.press('Alt+KeyN');
    await page.getByTestId('intake-form').waitFor();
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');
    expect(await page.locator('#phone').inputValue()).toBe('');
    expect(await page.locator('#content').inputValue()).toBe('');
    await context.close();
  });

  it('shows the server\'s error under the phone input for a bad number, and registers nothing', async () => {
    const { context, page } = await b.newPage();
    await openIntake(page);
    const before = await operator.get<{ total: number }>('/api/tickets?pageSize=1');
    await page.keyboard.type('12345');
    // Tab follows the call: phone, name, what it is about, its title, then its type.
    for (const id of ['name', 'content', 'title']) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(id);
    }
    await page.keyboard.press('Alt+KeyP'); // back to the phone from anywhere
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');
    await page.locator('#content').fill('路灯不亮，晚上走路看不见。');
    await page.locator('.ant-form-item:has(#type)').getByText('求助', { exact: true }).click();
    await page.getByTestId('intake-dispatch').click();
    await expect.poll(() => fieldError(page, 'phone').textContent()).toContain('电话号码格式不正确');
    // Caller look-up does not run on an incomplete number.
    expect(await page.getByTestId('caller-history').count()).toBe(0);
    await shot(page, 'intake-error');
    const after = await operator.get<{ total: number }>('/api/tickets?pageSize=1');
    expect(after.total).toBe(before.total);
    expect(await page.getByTestId('intake-number').count()).toBe(0);
    await context.close();
  });

  it('answers at once: an answer taken from the knowledge, sent with Alt+D', async () => {
    const { context, page } = await b.newPage();
    await openIntake(page);
    const phone = freshPhone();
    await page.keyboard.type(phone);
    await page.getByTestId('caller-none').waitFor(); // a first-time caller
    await page.locator('#content').fill(KNOWN_CONTENT);
    await page.locator('.ant-form-item:has(#type)').getByText('咨询', { exact: true }).click();
    // Alt+D without an answer: said under the answer box, nothing saved.
    await page.keyboard.press('Alt+KeyD');
    await expect.poll(() => fieldError(page, 'answer').textContent()).toContain('直接答复须填写答复内容');
    const hit = page.getByTestId('knowledge-list').locator(`[data-ticket-id="${known.id}"]`);
    await hit.getByRole('button', { name: /引用/ }).click();
    expect(await page.locator('#answer').inputValue()).toBe(KNOWN_ANSWER);
    await page.keyboard.press('Alt+KeyD');
    const number = page.getByTestId('intake-number');
    await number.waitFor();
    expect(await page.getByTestId('intake-done').textContent()).toContain('已登记并直接答复');
    const ticketNumber = (await number.getAttribute('data-number'))!;
    const { items } = await operator.get<{ items: TicketBrief[] }>(`/api/tickets?q=${ticketNumber}`);
    expect(items[0]).toMatchObject({ number: ticketNumber, state: 'answered', answer: KNOWN_ANSWER, type: 'consult' });
    // The new ticket opens from the done panel in a new tab.
    expect(await page.getByRole('link', { name: /打开工单/ }).getAttribute('target')).toBe('_blank');
    await context.close();
  });
});

describe('no page errors', () => {
  it('raised no uncaught error in any page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});
