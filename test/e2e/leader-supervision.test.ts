// The leader's first page and the supervisor's desk in a real browser, over the demo city with its
// history (test/support/global-e2e.ts). The leader sees the counters, every district on the map with
// today's tickets as dots, and the 30-day trend; a district leader only their district. The
// supervisor urges and supervises overdue tickets from the list, finds the order under 督办单 and
// publishes a notice. Screenshots go to test-results/e2e/ for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centroid, pointInPolygon, type Polygon, type Position } from '../../src/domain/geo.js';
import { apiAs, launch, login, queueRow, shot, type Browsing } from './support.js';

let b: Browsing;

beforeAll(async () => {
  b = await launch();
});

afterAll(async () => {
  await b?.close();
  expect(b.pageErrors).toEqual([]);
});

interface Feature {
  id: number;
  properties: { id: number; code: string; name: string; kind: string; parentId: number | null };
  geometry: Polygon;
}

/** A point inside one of the district's grids (its centroid, when the grid holds it). */
function pointIn(grids: Feature[], districtCode: string): Position {
  for (const g of grids.filter((f) => f.properties.code.startsWith(`${districtCode}S`))) {
    const c = centroid(g.geometry);
    if (pointInPolygon(c, g.geometry)) return c;
  }
  throw new Error(`no grid of ${districtCode} holds its centroid`);
}

describe('leader', () => {
  let districts: Feature[];
  const created: { id: number; number: string }[] = [];

  beforeAll(async () => {
    // Two located tickets today, in D01 and D02 and dispatched there, so the map has dots whatever the history holds.
    const operator = await apiAs(b, 'operator1');
    districts = (await operator.get<{ features: Feature[] }>('/api/geo/units?kind=district')).features;
    const grids = (await operator.get<{ features: Feature[] }>('/api/geo/units?kind=grid')).features;
    for (const code of ['D01', 'D02']) {
      const [lng, lat] = pointIn(grids, code);
      created.push(await operator.post<{ id: number; number: string }>('/api/tickets', {
        channel: 'phone', type: 'complaint', content: `小区门口道路破损，夜间有行人摔倒（${code}）。`, citizen: { name: '李四', phone: '13900001111' }, location: { address: '某小区南门', lng, lat },
      }, 201));
    }
    await operator.close();
    // Dispatched to their districts, so each district's leader sees their own.
    const dispatcher = await apiAs(b, 'dispatcher1');
    for (const [i, code] of ['D01', 'D02'].entries()) {
      const unit = districts.find((f) => f.properties.code === code)!;
      await dispatcher.post(`/api/tickets/${created[i]!.id}/dispatch`, { primaryUnitId: unit.id });
    }
    await dispatcher.close();
  });

  it('the city leader sees the counters, every district on the map with today\'s tickets, and the trend', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'leader1');
    await page.goto('/leader');
    const counters = page.getByTestId('leader-counters');
    await counters.waitFor();
    // The counters are the API's figures.
    const figures = await (await page.request.get('/api/dashboard/leader')).json();
    await expect.poll(async () => (await page.getByTestId('count-open').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, '')).toBe(String(figures.counts.open));
    expect(figures.counts.accepted).toBeGreaterThanOrEqual(2);
    expect(figures.counts.overdue).toBeGreaterThan(0); // the history leaves overdue tickets
    for (const id of ['count-accepted', 'count-closed', 'count-overdue', 'count-warning', 'count-supervised', 'count-satisfaction']) {
      expect(await page.getByTestId(id).textContent()).toMatch(/\d|—/);
    }
    expect((await page.getByTestId('count-overdue').locator('.ant-statistic-content-value').textContent())?.replace(/,/g, '')).toBe(String(figures.counts.overdue));

    // Every district drawn and coloured, with today's located tickets as dots.
    const map = page.getByTestId('leader-map');
    await map.locator('path.ms-leader-area').first().waitFor();
    const drawn = await map.locator('path.ms-leader-area').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-name')));
    expect(new Set(drawn)).toEqual(new Set(districts.filter((f) => f.properties.kind === 'district').map((f) => f.properties.name)));
    expect(drawn.length).toBeGreaterThanOrEqual(7);
    await expect.poll(() => map.locator('path.ms-leader-point').count()).toBe(figures.points.items.length);
    expect(figures.points.items.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining(created.map((c) => c.id)));
    expect(await page.getByTestId('map-legend').textContent()).toContain('超期工单');

    // The trend: a chart drawn inside its box.
    await page.getByTestId('trend-chart').locator('svg, canvas').first().waitFor();
    expect(await page.getByTestId('trend-chart').getAttribute('aria-label')).toMatch(/近 30 天受理与办结趋势/);

    // The districts' table lists every district.
    const rows = page.getByTestId('district-table').locator('tr[data-unit-id]');
    expect(await rows.count()).toBe(7);
    await shot(page, 'leader', true);

    // Clicking a district on the map lists its overdue tickets below.
    const d01 = districts.find((f) => f.properties.code === 'D01')!;
    // A click on the area itself: earlier tests' tickets of today may lie as dots over its middle.
    await map.locator(`path.ms-leader-area[data-unit-id="${d01.id}"]`).dispatchEvent('click');
    const list = page.getByTestId('leader-list');
    await expect.poll(() => list.locator('.ant-tag').first().textContent()).toContain(d01.properties.name);
    await list.locator('tr[data-ticket-id]').first().waitFor();
    // (the list reloads for the district: wait until the rows are its own)
    await expect.poll(async () => [...new Set(await list.locator('tr[data-ticket-id] td:nth-child(4)').allTextContents())]).toEqual([d01.properties.name]);
    // A counter switches the list: today's tickets (of 青江区) include the one created above.
    await page.getByTestId('count-accepted').click();
    await list.locator(`tr[data-ticket-id="${created[0]!.id}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get('list')).toBe('today');
    await context.close();
  });

  it('a district leader sees only their district, by the units handling its tickets', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'leader_d01');
    await page.goto('/leader');
    await page.getByTestId('leader-counters').waitFor();
    const figures = await (await page.request.get('/api/dashboard/leader')).json();
    expect(figures.scope.platform).toBe(false);
    expect(figures.breakdown).toBe('unit');
    const map = page.getByTestId('leader-map');
    await map.locator('path.ms-leader-area').first().waitFor();
    const d01 = districts.find((f) => f.properties.code === 'D01')!;
    // The district's own outline, its streets coloured by the tickets they handle; no other district.
    const children = await (await page.request.get(`/api/geo/units?parent=${d01.id}`)).json();
    const streets = children.features.filter((f: Feature) => f.properties.parentId === d01.id).map((f: Feature) => String(f.id));
    expect(streets.length).toBeGreaterThan(0);
    expect((await map.locator('path.ms-leader-area').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id')))).sort()).toEqual(streets.sort());
    expect(await map.locator('path.ms-leader-own').getAttribute('data-unit-id')).toBe(String(d01.id));
    // The table lists every unit under the district (streets and departments).
    const rows = page.getByTestId('district-table').locator('tr[data-unit-id]');
    expect(await rows.count()).toBe(figures.areas.filter((a: { unitId: number | null }) => a.unitId !== null).length);
    expect(await page.locator('h4').first().textContent()).toContain(d01.properties.name);
    // Today's dots: the D01 ticket, not the D02 one.
    const dots = await map.locator('path.ms-leader-point').count();
    expect(dots).toBe(figures.points.items.length);
    const ids = figures.points.items.map((p: { id: number }) => p.id);
    expect(ids).toContain(created[0]!.id);
    expect(ids).not.toContain(created[1]!.id);
    await page.getByTestId('trend-chart').locator('svg, canvas').first().waitFor();
    await shot(page, 'leader-district', true);
    await context.close();
  });
});

describe('supervisor', () => {
  it('urges and supervises overdue tickets from the list, finds the order, reads the units\' figures', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'supervisor1');
    await page.goto('/supervision');
    const list = page.getByTestId('overdue-list');
    const rows = list.locator('tr[data-ticket-id]');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('tab-overdue').textContent()).toMatch(/超期工单\s*\d+/);
    // Every row is overdue: its countdown is red.
    const levels = await list.locator('tr[data-ticket-id] [data-testid="deadline"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
    expect(levels.length).toBeGreaterThan(0);
    await shot(page, 'supervision-overdue');

    // 催办 from the row: the form opens beside the list; the ticket's urge count goes up.
    const first = rows.first();
    const id = Number(await first.getAttribute('data-ticket-id'));
    const before = (await (await page.request.get(`/api/tickets/${id}`)).json()).urgeCount as number;
    await first.getByTestId('row-urge').click();
    const urgeForm = page.getByTestId('action-form-urge');
    await urgeForm.waitFor();
    await urgeForm.getByTestId('field-note').fill('请于今日内联系诉求人并反馈办理结果');
    await shot(page, 'supervision-urge');
    await urgeForm.locator('button[type=submit]').click();
    await page.locator('.ant-message').getByText('已催办').waitFor();
    await expect.poll(async () => (await (await page.request.get(`/api/tickets/${id}`)).json()).urgeCount).toBe(before + 1);
    await expect.poll(() => list.locator(`tr[data-ticket-id="${id}"] td`).allTextContents()).toContain(`${before + 1} 次`);

    // 督办 from the row: a system order against the primary unit.
    await list.locator(`tr[data-ticket-id="${id}"]`).getByTestId('row-supervise').click();
    const superviseForm = page.getByTestId('action-form-supervise');
    await superviseForm.waitFor();
    // A ticket with an answered order offers to close it too: choose to open a new one.
    const op = superviseForm.getByTestId('supervise-op');
    if (await op.count()) await op.getByText('发起督办').click();
    await superviseForm.getByTestId('field-reason').fill('超期未办结，群众多次来电，请 3 个工作日内书面答复');
    await superviseForm.locator('button[type=submit]').click();
    await page.locator('.ant-message').getByText('督办已提交').waitFor();
    const ticket = await (await page.request.get(`/api/tickets/${id}`)).json();
    expect(ticket.supervised).toBe(true);

    // 督办单: the new order on top, with its ticket, level and countdown.
    await page.getByTestId('tab-orders').click();
    const order = queueRow(page, 'order-table', ticket.number).first();
    await order.waitFor();
    expect(await order.textContent()).toContain('系统督办');
    expect(await order.textContent()).toContain('督办中');
    expect(await order.textContent()).toContain('超期未办结，群众多次来电');
    expect(await page.getByTestId('order-table').locator('tr[data-order-id]').first().getAttribute('data-number')).toBe(ticket.number);
    await order.locator('[data-testid="deadline"]').waitFor();
    await shot(page, 'supervision-orders');

    // 按单位: the units' figures, worst first; a click lists the unit's overdue tickets.
    await page.getByTestId('tab-units').click();
    const units = page.getByTestId('unit-watch-table').locator('tr[data-unit-id]');
    await units.first().waitFor();
    const watch = await (await page.request.get('/api/supervision/units')).json();
    expect(watch.total.overdue).toBeGreaterThan(0);
    expect(await units.first().getAttribute('data-unit-id')).toBe(String(watch.units[0].unitId));
    await units.first().locator('td').nth(1).click();
    await page.getByTestId('unit-tickets').locator('tr[data-ticket-id]').first().waitFor();
    await shot(page, 'supervision-units');
    // Ticking a unit drafts a notice from its figures.
    await units.first().locator('.ant-checkbox-input').check();
    await page.getByTestId('notice-from-units').click();
    const draft = page.locator('.ms-form-dialog');
    await expect.poll(() => draft.getByTestId('notice-title').inputValue()).toContain(watch.units[0].unitName);
    expect(await draft.getByTestId('notice-body').inputValue()).toContain(`超期 ${watch.units[0].overdue} 件`);
    await draft.getByRole('button', { name: /取\s*消/ }).click();
    await context.close();
  });

  it('publishes a 督办通报 naming a unit; it tops the list', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'supervisor1');
    await page.goto('/supervision?tab=notices');
    await page.getByTestId('publish-notice').click();
    const dialog = page.locator('.ms-form-dialog');
    await dialog.getByTestId('notice-title').waitFor();
    // The first field has the focus.
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.getAttribute("data-testid")')).toBe('notice-title');
    // Missing fields are marked under their inputs.
    await dialog.getByTestId('notice-title').press('Enter');
    await dialog.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(expect.arrayContaining(['请填写通报标题', '请选择被通报的单位', '请填写通报内容']));

    const title = `关于青江区超期工单情况的督办通报（${Date.now() % 100000}）`;
    await dialog.getByTestId('notice-units').click();
    await page.keyboard.type('青江区');
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '青江区（' }).first().click();
    await page.keyboard.press('Escape');
    await dialog.getByTestId('notice-body').fill('上月青江区超期工单较多，请于 3 个工作日内完成整改并报送整改情况。');
    await dialog.getByTestId('notice-title').fill(title);
    await shot(page, 'supervision-notice-form');
    await dialog.getByTestId('notice-title').press('Enter'); // forms submit on Enter
    await page.locator('.ant-message').getByText('已发布通报').waitFor();
    const table = page.getByTestId('notice-table');
    const top = table.locator('tr[data-notice-id]').first();
    await expect.poll(() => top.textContent()).toContain(title);
    expect(await top.textContent()).toContain('青江区');
    expect(await top.textContent()).toContain('新发布');
    await table.getByTestId('notice-body-text').first().waitFor();
    await shot(page, 'supervision-notice');
    await context.close();

    // The district's handler reads it; another district's does not.
    for (const [username, sees] of [['h_d01', true], ['h_d02', false]] as const) {
      const reader = await apiAs(b, username);
      const notices = await reader.get<{ items: { title: string }[] }>('/api/supervision/notices');
      expect(notices.items.some((n) => n.title === title)).toBe(sees);
      await reader.close();
    }
  });
});
