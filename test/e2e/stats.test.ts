// 统计分析 and 大屏 in a real browser over the demo city with its history (test/support/global-e2e.ts).
// The leader groups last month by district with 受理量 and 结案率: the table's 合计 is the API's
// total, a cell's drill-down lists as many tickets as the cell says, the chart and the map draw the
// same figures, and 导出Excel downloads an .xlsx. The big screen at 1920×1080 fills its counters
// and counts a ticket taken through the API without a reload (server-sent events). Last month is
// used for the table because the rollups were built when the history was loaded: tickets other
// browser tests create today reach them only through the rollup job, which this server does not run.
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

interface StatsRow { keys: { dimension: string; key: string; label: string }[]; figures: Record<string, { value: number | null }> }
interface StatsResult { period: { from: string; to: string }; rows: StatsRow[]; total: StatsRow }

const numberOf = (text: string | null) => Number((text ?? '').replace(/[,\s件]/g, '').replace(/^共/, ''));

describe('统计分析', () => {
  it('groups last month by district: the total is the API\'s, a cell opens its tickets, chart, map and Excel follow', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'leader1');
    await page.locator('nav').getByRole('link', { name: '统计分析' }).click();
    await page.waitForURL('**/stats');
    await page.getByTestId('stats-table').waitFor();

    // Last month, 受理量 and 结案率 only (the picker starts with four figures: two are taken away).
    await page.getByTestId('period-preset').getByText('上月').click();
    for (const [name, key] of [['按期办结率', 'onTimeRate'], ['满意率', 'satisfactionRate']] as const) {
      const tag = page.getByTestId('figures').locator(`.ant-select-selection-item[title="${name}"]`);
      await tag.locator('.ant-select-selection-item-remove').click();
      await tag.waitFor({ state: 'detached' });
      await expect.poll(() => new URL(page.url()).searchParams.get('figures') ?? '').not.toContain(key);
    }
    await expect.poll(() => new URL(page.url()).searchParams.get('figures')).toBe('received,closureRate');
    expect(new URL(page.url()).searchParams.get('period')).toBe('lastMonth');

    // The API's answer for the same query.
    const { from, to } = await page.evaluate(() => {
      const sh = new Date(Date.now() + 8 * 3_600_000);
      const y = sh.getUTCFullYear();
      const m = sh.getUTCMonth(); // 0-based: last month is m (1-based) of y, or December of y - 1
      const [ly, lm] = m === 0 ? [y - 1, 12] : [y, m];
      const last = new Date(Date.UTC(ly, lm, 0)).getUTCDate();
      const pad = (n: number) => String(n).padStart(2, '0');
      return { from: `${ly}-${pad(lm)}-01`, to: `${ly}-${pad(lm)}-${pad(last)}` };
    });
    const res = await page.request.get(`/api/stats?from=${from}&to=${to}&by=district&figures=received,closureRate`);
    expect(res.status()).toBe(200);
    const api = (await res.json()) as StatsResult;
    expect(api.rows.length).toBeGreaterThan(3);
    const total = api.total.figures.received!.value!;
    expect(total).toBeGreaterThan(10);

    const totalCell = page.getByTestId('cell-total-0-received');
    await expect.poll(async () => numberOf(await totalCell.textContent())).toBe(total);
    const rate = api.total.figures.closureRate!.value;
    expect(await page.getByTestId('cell-total-0-closureRate').textContent()).toContain(rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
    // Every district row as the API gives it.
    for (const r of api.rows) {
      expect(numberOf(await page.getByTestId(`cell-district:${r.keys[0]!.key}-0-received`).textContent()), r.keys[0]!.label).toBe(r.figures.received!.value);
    }
    await shot(page, 'stats-table');

    // A district's 受理量 → the drawer lists that many tickets, each linking to its page.
    const row = api.rows.find((r) => r.keys[0]!.key !== '')!;
    const cell = page.getByTestId(`cell-district:${row.keys[0]!.key}-0-received`);
    await cell.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('drill-drawer');
    await expect.poll(async () => numberOf(await drawer.getByTestId('drill-total').textContent())).toBe(row.figures.received!.value);
    await drawer.locator('tbody tr a').first().waitFor();
    expect(await drawer.locator('tbody tr a').first().getAttribute('href')).toMatch(/^\/tickets\/\d+$/);
    expect(await drawer.locator('.ant-drawer-title').textContent()).toContain(row.keys[0]!.label);
    await shot(page, 'stats-drill');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // 同比: each value gets its change beside it.
    await page.getByTestId('compare').getByText('同比').click();
    await page.getByTestId('cell-total-0-received').getByTestId('change').waitFor();
    expect(await page.getByTestId('cell-total-0-received').getByTestId('change').textContent()).toMatch(/%|—/);
    expect(await page.getByTestId('cell-total-0-closureRate').getByTestId('change').textContent()).toMatch(/个百分点|—/);

    // Excel: the same query as a download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // a zip: an xlsx

    // The chart: one bar per district, labelled.
    await page.getByTestId('view').getByText('图表').click();
    const chart = page.getByTestId('stats-chart');
    await chart.locator('svg').waitFor();
    await expect.poll(async () => (await chart.getAttribute('aria-label')) ?? '').toContain('受理量柱状图');
    await shot(page, 'stats-chart');

    // The map: every district coloured by 结案率, with a legend.
    await page.getByTestId('focus').click();
    await page.locator('.ant-select-item-option[title="结案率"]').click();
    await page.getByTestId('view').getByText('地图').click();
    const map = page.getByTestId('stats-map');
    await map.locator('path.ms-stats-area').first().waitFor();
    const fills = await map.locator('path.ms-stats-area').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(fills.length).toBeGreaterThanOrEqual(5);
    expect(new Set(fills).size).toBeGreaterThan(1);
    expect(await page.getByTestId('stats-map-legend').textContent()).toContain('结案率');
    await shot(page, 'stats-map');

    // The URL holds the whole query: opened afresh, the same view comes back.
    const url = page.url();
    expect(url).toContain('view=map');
    await page.goto(url);
    await page.getByTestId('stats-map').locator('path.ms-stats-area').first().waitFor();

    // Two dimensions: the types become column groups, with the service's own 合计 column and row.
    await page.getByTestId('view').getByText('表格').click();
    await page.getByTestId('dimension-cols').click();
    await page.locator('.ant-select-item-option[title="诉求类型"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('by')).toBe('district,type');
    const byType = (await (await page.request.get(`/api/stats?from=${from}&to=${to}&by=type&figures=received`)).json()) as StatsResult;
    const last = byType.rows.length; // the 合计 column group comes after the types
    const valueOf = async (testId: string) => numberOf(await page.getByTestId(testId).locator('.ms-stats-value').textContent());
    await expect.poll(() => valueOf(`cell-total-${last}-received`)).toBe(total);
    const first = byType.rows[0]!;
    expect(await valueOf('cell-total-0-received')).toBe(first.figures.received!.value);
    expect(await page.locator('.ms-stats-table thead').textContent()).toContain(first.keys[0]!.label);
    await shot(page, 'stats-pivot');
    await context.close();
  });
});

describe('大屏', () => {
  it('fills its counters at 1920×1080 and counts a new ticket without a reload', async () => {
    const { context, page } = await b.newPage({ width: 1920, height: 1080 });
    await login(page, 'leader1');
    await page.goto('/screen');
    const accepted = page.getByTestId('screen-accepted-value');
    await expect.poll(async () => (await accepted.textContent()) ?? '').toMatch(/^[\d,]+$/);
    const figures = await (await page.request.get('/api/dashboard/screen')).json();
    for (const [id, key] of [['screen-open-value', 'open'], ['screen-overdue-value', 'overdue'], ['screen-closed-value', 'closed']] as const) {
      await expect.poll(async () => numberOf(await page.getByTestId(id).textContent())).toBe(figures.counters[key]);
    }
    expect(await page.getByTestId('screen-satisfaction-rate-value').textContent()).toMatch(/^\d+\.\d\d$|^—$/);
    await page.getByTestId('screen-map').locator('path.ms-screen-area').first().waitFor();
    await page.getByTestId('screen-channels').locator('svg').waitFor();
    await page.getByTestId('screen-satisfaction').locator('svg').waitFor();
    expect(await page.getByTestId('hot-subject').count()).toBeGreaterThan(0);
    // No menu of the console around it.
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await shot(page, 'screen-1920');

    // A ticket taken through the API: 今日受理 goes up on the open page.
    const before = numberOf(await accepted.textContent());
    const operator = await apiAs(b, 'operator1');
    await operator.post('/api/tickets', { channel: 'wechat', type: 'complaint', content: '大屏测试：小区门口路灯不亮，夜间出行不便。', citizen: { name: '王五', phone: '13900002222' } }, 201);
    await operator.close();
    await expect.poll(async () => numberOf(await accepted.textContent()), { timeout: 20_000 }).toBeGreaterThan(before);
    await context.close();
  });

  it('scales the same stage to a smaller window', async () => {
    const { context, page } = await b.newPage({ width: 1280, height: 720 });
    await login(page, 'leader1');
    await page.goto('/screen');
    await page.getByTestId('screen-map').locator('path.ms-screen-area').first().waitFor();
    const box = await page.getByTestId('screen').boundingBox();
    expect(Math.round(box!.width)).toBe(1280);
    expect(Math.round(box!.height)).toBe(720);
    await shot(page, 'screen-1280');
    await context.close();
  });
});
