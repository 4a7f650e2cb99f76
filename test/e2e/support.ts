// What the browser tests share: the browser, a page per user, signing in, screenshots, and an API
// session of its own (cookie + CSRF token) for preparing tickets.
import { mkdirSync } from 'node:fs';
import { expect, inject } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
  }
}

export const baseUrl = inject('e2eBaseUrl');
export const PASSWORD = 'demo12345';
export const SHOTS = 'test-results/e2e';

/** A real 1×1 PNG: a photo, as far as the server can tell. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A mobile number no other test uses (random after the prefix). */
export const freshPhone = (prefix = '139') => `${prefix}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export interface Browsing {
  browser: Browser;
  /** Uncaught errors of any page, as `url: message`: a test file expects none. */
  pageErrors: string[];
  /** A page in a context of its own; `options` add to (or override) the desktop defaults, e.g. a phone's touch and location. */
  newPage(viewport?: { width: number; height: number }, options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browsing> {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pageErrors: string[] = [];
  return {
    browser, pageErrors,
    async newPage(viewport = { width: 1440, height: 900 }, options: BrowserContextOptions = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      return { context, page };
    },
    close: () => browser.close(),
  };
}

/** Signs in through the login form, as a person does. */
export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

/** Signs the page's context in through the API, without the form (the login form has its own test). */
export async function signIn(page: Page, username: string): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(res.status(), `login ${username}`).toBe(200);
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400); // let dialogs and messages finish their opening animation
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

export interface Api {
  /** The session's own browser context, for a raw request beside the checked ones. */
  context: BrowserContext;
  get<T = Record<string, unknown>>(path: string, status?: number): Promise<T>;
  post<T = Record<string, unknown>>(path: string, data?: unknown, status?: number): Promise<T>;
  close(): Promise<void>;
}

/** A signed-in API session of its own, for preparing and checking tickets beside the screens. */
export async function apiAs(browsing: Browsing, username: string): Promise<Api> {
  const context = await browsing.browser.newContext({ baseURL: baseUrl });
  const res = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(res.status(), `login ${username}`).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    context,
    async get<T>(path: string, status = 200) {
      const r = await context.request.get(path);
      expect(r.status(), `${username} GET ${path}: ${await r.text()}`).toBe(status);
      return (await r.json()) as T;
    },
    async post<T>(path: string, data: unknown = {}, status = 200) {
      const r = await context.request.post(path, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(r.status(), `${username} POST ${path}: ${await r.text()}`).toBe(status);
      return (await r.json()) as T;
    },
    close: () => context.close(),
  };
}

export interface UnitNode {
  id: number;
  code: string | null;
  name: string;
  kind: string;
  children?: UnitNode[];
}

export function flattenUnits(nodes: UnitNode[]): UnitNode[] {
  return nodes.flatMap((n) => [n, ...flattenUnits(n.children ?? [])]);
}

/** Clicks a radio choice by its test id (antd hides the input itself). */
export async function choose(scope: Locator, testId: string): Promise<void> {
  await scope.locator(`label:has([data-testid="${testId}"])`).click();
}

/** The visible error texts under the `.ant-form-item` holding the input with this id. */
export function fieldError(scope: Page | Locator, id: string): Locator {
  return scope.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`);
}

/** A queue's row of a ticket, by its number. */
export function queueRow(page: Page, table: string, number: string): Locator {
  return page.getByTestId(table).locator(`tr[data-number="${number}"]`);
}

/** Opens a queue filtered to one ticket and selects its row with the keyboard: the ticket shows beside the list. */
export async function openInQueue(page: Page, path: string, table: string, number: string): Promise<Locator> {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}q=${number}`);
  const row = queueRow(page, table, number);
  await row.waitFor();
  await row.focus();
  await row.press('Enter');
  const id = await row.getAttribute('data-ticket-id');
  const panel = page.locator(`[data-testid=ticket-panel][data-ticket-id="${id}"]`);
  await panel.waitFor();
  return panel;
}

/** Picks a unit in a form's unit tree-select: typed to filter, then its node clicked. */
export async function pickUnit(page: Page, form: Locator, field: string, unit: Pick<UnitNode, 'name'>): Promise<void> {
  await form.locator(`#${field}`).click();
  await page.keyboard.type(unit.name);
  await page.locator(`.ant-select-tree-node-content-wrapper[title^="${unit.name}（"]`).filter({ visible: true }).first().click();
}
