// The citizen's pages (/h5) on a phone-sized screen (390×844, touch): submit a matter with a photo
// and the phone's location, note the number, follow it with number + phone, be told plainly when
// the phone is wrong, and rate the answer once staff have answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'playwright-core';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { apiAs, baseUrl, fieldError, freshPhone, launch, PNG, shot, type Api, type Browsing } from './support.js';

let b: Browsing;

type Position = [number, number];
interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

/** Even-odd ray casting against a polygon's rings. */
function inside(p: Position, polygon: PolygonGeometry): boolean {
  let hit = false;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) hit = !hit;
    }
  }
  return hit;
}

/** A point well inside a polygon (away from its edges). */
function insidePoint(polygon: PolygonGeometry): Position {
  const all = polygon.coordinates.flat();
  const [minX, maxX] = [Math.min(...all.map((q) => q[0])), Math.max(...all.map((q) => q[0]))];
  const [minY, maxY] = [Math.min(...all.map((q) => q[1])), Math.max(...all.map((q) => q[1]))];
  for (let n = 4; n <= 64; n *= 2) {
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        const p: Position = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n];
        const d = Math.min(maxX - minX, maxY - minY) / (4 * n);
        if ([p, [p[0] + d, p[1]], [p[0] - d, p[1]], [p[0], p[1] + d], [p[0], p[1] - d]].every((q) => inside(q as Position, polygon))) return p;
      }
    }
  }
  throw new Error('no inside point');
}

/** A phone-sized page, touch enabled, the location permission granted at `at`. */
function phonePage(at?: Position): Promise<{ context: BrowserContext; page: Page }> {
  return b.newPage({ width: 390, height: 844 }, {
    deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    ...(at ? { geolocation: { longitude: at[0], latitude: at[1] }, permissions: ['geolocation'] } : {}),
  });
}

/** A full-page shot from the top, so the sticky bar is drawn where it belongs. */
async function phoneShot(page: Page, name: string, fullPage = false): Promise<void> {
  if (fullPage) {
    await page.waitForLoadState('networkidle');
    await page.evaluate('window.scrollTo(0, 0)');
  }
  await shot(page, name, fullPage);
}

interface TicketBrief {
  id: number;
  number: string;
  state: string;
  version: number;
  channel: string;
  type: string;
  subjectName: string | null;
  location: { districtId: number | null; districtName: string | null; lng: number | null; lat: number | null; address: string | null };
}

let operator: Api;
let pub: APIRequestContext;
let d01: { id: number; name: string; point: Position };

beforeAll(async () => {
  b = await launch();
  operator = await apiAs(b, 'operator1');
  pub = await request.newContext({ baseURL: baseUrl });
  const fc = (await (await pub.get('/api/public/geo/districts')).json()) as { features: { id: number; properties: { code: string; name: string }; geometry: PolygonGeometry }[] };
  const f = fc.features.find((x) => x.properties.code === 'D01')!;
  d01 = { id: f.id, name: f.properties.name, point: insidePoint(f.geometry) };
});

afterAll(async () => {
  await operator?.close();
  await pub?.dispose();
  await b?.close();
});

describe('submitting and following', () => {
  it('submits a matter with a photo and the phone\'s location, shows the number, follows it; a wrong phone is not found', async () => {
    const { context, page } = await phonePage(d01.point);
    const phone = freshPhone('138');
    await page.goto('/h5');
    await page.getByTestId('h5-title').waitFor();
    expect(await page.getByTestId('h5-title').textContent()).toContain('12345');
    await phoneShot(page, 'h5-home');

    await page.getByTestId('h5-entry-submit').tap();
    await page.getByTestId('h5-submit-form').waitFor();
    await page.locator('.ant-form-item:has(#type)').getByText('投诉', { exact: true }).tap();
    await page.locator('#subjectId').click();
    await page.locator('.ant-select-item-option[title="城市管理"]').click();
    await page.locator('#content').fill('小区门口的路灯坏了一个多月，晚上出入很不安全，请尽快修复。');
    await page.locator('#address').fill('小区南门');

    // The phone's position, named for the citizen to check.
    await page.getByTestId('h5-locate').tap();
    await expect.poll(() => page.getByTestId('h5-place').textContent()).toContain(d01.name);

    // A photo from the album (the camera input takes photos the same way).
    expect(await page.getByTestId('h5-photo-camera').getAttribute('capture')).toBe('environment');
    expect(await page.getByTestId('h5-photo-camera').getAttribute('accept')).toBe('image/*');
    await page.getByTestId('h5-photo-album').setInputFiles({ name: '路灯.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('h5-photos').locator('img[alt="路灯.png"]').waitFor();

    // A bad phone: the server's error under the phone input.
    await page.locator('#phone').fill('12345');
    await page.locator('#name').fill('孙女士');
    await page.getByTestId('h5-submit').tap();
    await expect.poll(() => fieldError(page, 'phone').textContent()).toContain('电话号码格式不正确');

    await page.locator('#phone').fill(phone);
    await phoneShot(page, 'h5-submit', true);
    await page.getByTestId('h5-submit').tap();
    const number = page.getByTestId('h5-number');
    await number.waitFor();
    const ticketNumber = (await number.textContent())!.trim();
    expect(ticketNumber).toMatch(/^\d{12}$/);
    expect(await page.getByTestId('h5-submitted').textContent()).toContain('请记下工单编号');
    expect(await page.getByTestId('h5-photo-result').textContent()).toContain('已上传 1 张');
    await phoneShot(page, 'h5-submitted');

    // Staff see the citizen's ticket: from the web, located in 青江区, with the photo.
    const { items } = await operator.get<{ items: TicketBrief[] }>(`/api/tickets?q=${ticketNumber}`);
    expect(items[0]).toMatchObject({ number: ticketNumber, state: 'accepted', channel: 'web', type: 'complaint', location: { districtId: d01.id, address: '小区南门' } });
    expect(items[0]!.location.lng).toBeCloseTo(d01.point[0], 5);
    const detail = await operator.get<{ attachments: { fileName: string; contentType: string }[] }>(`/api/tickets/${items[0]!.id}`);
    expect(detail.attachments).toEqual([expect.objectContaining({ fileName: '路灯.png', contentType: 'image/png' })]);

    // Following it: number and phone carried over, looked up at once.
    await page.getByTestId('h5-follow-link').tap();
    const view = page.getByTestId('h5-ticket');
    await view.waitFor();
    expect(await page.getByTestId('h5-state').getAttribute('data-state')).toBe('accepted');
    expect(await page.getByTestId('h5-timeline').textContent()).toContain('已受理');
    expect(await page.getByTestId('h5-photo-count').textContent()).toContain('1 张');
    expect(await page.getByTestId('h5-not-rateable').textContent()).toContain('办理结果答复后');
    await phoneShot(page, 'h5-follow', true);

    // The same number with another phone: the one not-found message, and nothing shown.
    await page.locator('#phone').fill(freshPhone('138'));
    await page.getByTestId('h5-lookup').tap();
    await expect.poll(() => page.getByTestId('h5-error').textContent()).toContain('未找到该工单，请核对工单编号和手机号码');
    expect(await view.count()).toBe(0);
    await context.close();
  });
});

describe('rating', () => {
  it('rates a directly answered ticket: resolved and satisfied closes it', async () => {
    const phone = freshPhone('138');
    const res = await pub.post('/api/public/tickets', { data: { type: 'consult', content: '新生儿医保怎么办理？需要什么材料？', phone, name: '周先生' } });
    expect(res.status()).toBe(201);
    const { number } = (await res.json()) as { number: string };
    // Staff answer it at the front desk: now the citizen may rate (rating.open).
    const { items } = await operator.get<{ items: TicketBrief[] }>(`/api/tickets?q=${number}`);
    await operator.post(`/api/tickets/${items[0]!.id}/answer`, { answer: '新生儿出生后 3 个月内，携带出生医学证明和户口簿到户籍所在地社区服务中心办理参保登记。', version: items[0]!.version });

    const { context, page } = await phonePage();
    await page.goto('/h5');
    await page.getByTestId('h5-entry-rate').tap();
    await page.locator('#number').fill(number);
    await page.locator('#phone').fill(phone);
    await page.getByTestId('h5-lookup').tap();
    await page.getByTestId('h5-rate-form').waitFor();
    expect(await page.getByTestId('h5-result').textContent()).toContain('出生医学证明');
    await page.locator('.ant-form-item:has(#resolved)').getByText('已解决', { exact: true }).tap();
    await page.locator('.ant-form-item:has(#satisfaction)').getByText('满意', { exact: true }).tap();
    await page.locator('#comment').fill('答复清楚，谢谢！');
    await phoneShot(page, 'h5-rate', true);
    await page.getByTestId('h5-rate-submit').tap();
    await page.getByTestId('h5-rated').waitFor();
    expect(await page.getByTestId('h5-rated').textContent()).toContain('问题已解决，满意');
    expect(await page.getByTestId('h5-state').getAttribute('data-state')).toBe('closed');
    const after = await operator.get<{ items: TicketBrief[] }>(`/api/tickets?q=${number}`);
    expect(after.items[0]!.state).toBe('closed');
    await context.close();
  });
});

describe('no page errors', () => {
  it('raised no uncaught error in any page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});
