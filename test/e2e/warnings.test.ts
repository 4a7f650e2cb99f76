// 预警 in a real browser: three calls about a crowd gathering make a level-1 sensitive warning (the
// office runs the detection at once); the city leader sees it on the leader page's 「预警」 card,
// opens it, acknowledges it and opens the warning letter. Screenshots in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, launch, login, shot, type Browsing } from './support.js';

let b: Browsing;

beforeAll(async () => {
  b = await launch();
});

afterAll(async () => {
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

interface WarningRow { id: number; level: number; title: string; status: string }

describe('warnings', () => {
  let warning: WarningRow;
  const numbers: string[] = [];

  beforeAll(async () => {
    const operator = await apiAs(b, 'operator1');
    for (let i = 1; i <= 3; i++) {
      const t = await operator.post<{ id: number; number: string }>('/api/tickets', {
        channel: 'phone', type: 'complaint', title: `工业园门口工人群体聚集讨要工资（第${i}位来电）`,
        content: `青澜工业园东门有上百名工人群体聚集，拉横幅讨要被拖欠的工资，情绪激动（来电${i}）。`,
        citizen: { name: `王${i}`, phone: `1390000${String(2000 + i)}` }, location: { address: '青澜工业园东门' },
      }, 201);
      numbers.push(t.number);
    }
    await operator.close();
    const office = await apiAs(b, 'dispatcher1');
    await office.post('/api/warnings/detect');
    await office.close();
    const leader = await apiAs(b, 'leader1');
    const list = await leader.get<{ items: WarningRow[] }>('/api/warnings?level=1&open=true&pageSize=50');
    for (const w of list.items) {
      const d = await leader.get<{ tickets: { number: string }[] }>(`/api/warnings/${w.id}`);
      if (numbers.every((n) => d.tickets.some((t) => t.number === n))) warning = w;
    }
    await leader.close();
    expect(warning, 'a level-1 warning holding the three calls').toBeDefined();
  }, 120_000);

  it('shows the leader the level-1 warning on the leader page; acknowledged from the warnings page; the letter opens', async () => {
    const { page, context } = await b.newPage();
    await login(page, 'leader1');
    await page.goto('/leader');
    const card = page.getByTestId('leader-warnings');
    await card.getByText(warning.title).first().waitFor();
    await expect(card.locator('.ant-tag-red').first().textContent()).resolves.toBe('一级');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'warnings-leader-card');

    await card.getByText(warning.title).first().click();
    await page.waitForURL(/\/warnings\?id=/);
    const detail = page.getByTestId('warning-detail');
    await detail.waitFor();
    for (const n of numbers) await detail.getByText(n).waitFor();
    await detail.getByTestId('warning-daily-chart').waitFor();
    await shot(page, 'warnings-detail');

    await detail.getByTestId('warning-ack').click();
    await detail.getByText('已签收').first().waitFor();
    await expect(detail.getByTestId('warning-ack').count()).resolves.toBe(0);
    await detail.getByText('签收', { exact: true }).waitFor(); // the step in the timeline

    // The list behind the drawer: the warning in red, now acknowledged.
    await page.keyboard.press('Escape');
    const row = page.locator(`[data-warning-id="${warning.id}"]`);
    await row.waitFor();
    await expect(row.locator('.ant-tag-red').first().textContent()).resolves.toBe('一级');
    await row.getByText('已签收').waitFor();
    await shot(page, 'warnings-list');

    // The letter: a print page of its own.
    const [letter] = await Promise.all([context.waitForEvent('page'), (async () => {
      await row.click();
      await page.getByTestId('warning-letter').click();
    })()]);
    await letter.waitForLoadState();
    await expect(letter.locator('h1').textContent()).resolves.toMatch(/^关于.*的预警函$/);
    for (const n of numbers) await letter.getByText(n).waitFor();
    await letter.getByText('市领导一', { exact: false }).first().waitFor();
    await shot(letter, 'warnings-letter', true);
    await context.close();
  }, 120_000);
});
