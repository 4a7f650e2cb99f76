// 报表 in a real browser: the city's leader opens 报表, generates last month's report on screen (the
// HTML rendering in a frame) and downloads it as Word; an administrator creates a schedule that
// sends the monthly report to the leader. Screenshots in test-results/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, login, shot, SHOTS, type Browsing } from './support.js';

let b: Browsing;

beforeAll(async () => {
  b = await launch();
});

afterAll(async () => {
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

describe('reports', () => {
  it('a leader sees the monthly report on screen and downloads the Word file', async () => {
    const { page, context } = await b.newPage();
    await login(page, 'leader1');
    await page.getByRole('menuitem', { name: '报表' }).click();
    await page.waitForURL(/\/reports$/);
    await page.getByTestId('report-view').click();
    const frame = page.frameLocator('[data-testid="report-frame"]');
    await frame.getByText(/运行情况月报/).first().waitFor({ timeout: 30_000 });
    await expect(frame.getByText('一、本月受理情况').count()).resolves.toBeGreaterThan(0);
    await expect(frame.getByText(/承办单位办件情况表一/).count()).resolves.toBeGreaterThan(0);
    // The frame's page is static; its charts are inline SVG. (shot() waits for network idle.)
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/reports-monthly-on-screen.png` });

    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('report-download-docx').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/运行情况月报\.docx$/);
    const path = await download.path();
    expect(path).toBeTruthy();
    await context.close();
  }, 120_000);

  it('an administrator creates a schedule sending the monthly report to the leader', async () => {
    const { page, context } = await b.newPage();
    await login(page, 'admin');
    await page.goto('/reports');
    await page.getByRole('tab', { name: '定时报表' }).click();
    await page.getByTestId('schedule-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('月度运行情况（市领导）');
    await dialog.getByLabel('接收人').click();
    await dialog.getByLabel('接收人').fill('leader1');
    await page.locator('.ant-select-item-option').filter({ hasText: '市领导一' }).first().click();
    await dialog.locator('.ant-modal-title').click(); // closes the dropdown, not the dialog
    await shot(page, 'reports-schedule-dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const table = page.getByTestId('schedule-table');
    await table.getByText('月度运行情况（市领导）').waitFor();
    await expect(table.getByText('每月1日 8:00').count()).resolves.toBe(1);
    await shot(page, 'reports-schedules');
    await context.close();
  }, 60_000);
});
