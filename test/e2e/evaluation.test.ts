// 考评 in a real browser: the office computes last month under the demo's default template, reads the
// ranking, opens a unit's score explained down to the tickets, publishes after the confirmation;
// then that unit's own user sees only its own row. Screenshots in test-results/e2e/.
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

interface Score { unitId: number; unitName: string; deductions: number; rank: number }

/** Last month in Asia/Shanghai, as the server counts it. */
const lastMonth = (): string => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
};

describe('evaluation', () => {
  const month = lastMonth();
  let charged: Score;
  let unitUser = '';

  beforeAll(async () => {
    const admin = await apiAs(b, 'admin');
    await admin.post(`/api/evaluation/default/months/${month}/compute`);
    const scores = await admin.get<{ items: Score[] }>(`/api/evaluation/default/months/${month}/scores?pageSize=200`);
    charged = scores.items.filter((s) => s.deductions > 0).sort((x, y) => y.deductions - x.deductions)[0]!;
    expect(charged, 'a unit that lost points last month').toBeDefined();
    const units = await admin.get<{ items: { username: string; roles: string[]; unitId: number }[] }>(`/api/users?unit=${charged.unitId}&subtree=false&role=unit_admin&pageSize=50`);
    unitUser = units.items.find((u) => u.unitId === charged.unitId && u.roles.includes('unit_admin'))?.username ?? '';
    await admin.close();
  }, 120_000);

  it('ranks, explains a score down to the tickets, publishes; the unit then sees its own row only', async () => {
    const { page } = await b.newPage();
    await login(page, 'admin');
    await page.goto('/evaluation');
    const table = page.getByTestId('evaluation-table');
    await table.locator('tbody tr[data-unit-id]').first().waitFor();
    await expect.poll(() => page.getByTestId('evaluation-state').textContent()).toBe('草稿');
    await shot(page, 'evaluation-ranking');

    await table.locator(`tr[data-unit-id="${charged.unitId}"]`).click();
    const drawer = page.getByTestId('score-drawer');
    const items = page.getByTestId('score-items');
    await items.locator('a[href^="/tickets/"]').first().waitFor();
    await drawer.getByText(`${charged.unitName} · ${month} 得分说明`).waitFor();
    await shot(page, 'evaluation-score-detail');
    await page.keyboard.press('Escape');

    await page.getByTestId('evaluation-publish').click();
    await page.getByRole('button', { name: '发 布' }).or(page.getByRole('button', { name: '发布', exact: true })).last().click();
    await expect.poll(() => page.getByTestId('evaluation-state').textContent()).toBe('已发布');
    await expect(page.getByTestId('evaluation-publish').count()).resolves.toBe(0);
    await shot(page, 'evaluation-published');

    // The template editor: the default template's indicators, deductions, rules and units.
    await page.getByRole('tab', { name: '考评方案' }).click();
    await page.getByTestId('indicator-table').getByText('按期办结率').waitFor();
    await shot(page, 'evaluation-template', true);

    expect(unitUser, 'the unit has a 联络员').not.toBe('');
    const unit = await b.newPage();
    await login(unit.page, unitUser);
    await unit.page.goto('/evaluation');
    const own = unit.page.getByTestId('evaluation-table').locator('tbody tr[data-unit-id]');
    await own.first().waitFor();
    await expect.poll(() => own.count()).toBe(1);
    await expect(own.first().getAttribute('data-unit-id')).resolves.toBe(String(charged.unitId));
    await shot(unit.page, 'evaluation-unit-view');
  }, 120_000);
});
