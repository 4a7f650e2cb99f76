// The web console in a real browser against the real server on a fresh demo city
// (test/support/global-e2e.ts builds the web, starts the server and provides its URL).
// Screenshots of every screen go to test-results/e2e/ for a person to look at.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Download, Locator, Page } from 'playwright-core';
import { fieldError, launch, login, PASSWORD, shot, type Browsing, type UnitNode } from './support.js';

let b: Browsing;

beforeAll(async () => {
  b = await launch();
});

afterAll(async () => {
  await b?.close();
});

function menu(page: Page): Locator {
  return page.getByTestId('main-menu');
}

async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: { id: number; properties: { id: number; parentId: number | null; name: string; kind: string } }[];
}

/** Clicks `button` and waits for the download it starts: its suggested name and its content (UTF-8). */
async function download(page: Page, button: Locator): Promise<{ name: string; text: string; file: Download }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const saved = await file.path();
  expect(await file.failure()).toBeNull();
  return { name: file.suggestedFilename(), text: readFileSync(saved, 'utf8'), file };
}

/** Today in Beijing, YYYY-MM-DD. */
function shanghaiToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

describe('login', () => {
  it('shows the server error for a wrong password and stays on the login page', async () => {
    const { context, page } = await b.newPage();
    await page.goto('/admin/units');
    await page.waitForURL('**/login');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('username'); // focus on the first field
    await shot(page, 'login');
    await page.getByLabel('用户名').fill('h_d01');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'login-error');
    await context.close();
  });
});

describe('own password', () => {
  it('a handler changes their password: a wrong current one is marked under its field, then it works', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'h_d03');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await dialog.getByLabel('当前密码').fill('not-the-password1');
    await dialog.getByLabel('新密码', { exact: true }).fill('Changed2026');
    await dialog.getByLabel('确认新密码').fill('Changed2026');
    await dialog.getByLabel('确认新密码').press('Enter');
    await expect.poll(() => fieldError(dialog, 'currentPassword').textContent()).toContain('当前密码不正确');
    await shot(page, 'password-change-error');
    await dialog.getByLabel('当前密码').fill(PASSWORD);
    await dialog.getByLabel('确认新密码').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
    const again = await b.newPage();
    await login(again.page, 'h_d03', 'Changed2026');
    await again.context.close();
  });
});

describe('operator', () => {
  it('sees the ticket menu but no 系统管理, and is refused the admin pages', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'operator1');
    await menu(page).getByText('受理').waitFor();
    expect(await menu(page).getByText('系统管理').count()).toBe(0);
    expect(await menu(page).getByText('组织机构').count()).toBe(0);
    await shot(page, 'operator-home');
    await menu(page).getByText('受理').click();
    // The intake screen, ready for a call: the phone field has focus, both ways of saving are offered.
    await page.getByTestId('intake-form').waitFor();
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('phone');
    expect(await page.getByTestId('intake-dispatch').textContent()).toContain('转派单');
    expect(await page.getByTestId('intake-answer').textContent()).toContain('直接答复');
    await shot(page, 'operator-intake');
    await page.goto('/admin/users');
    await page.getByText('无权访问').waitFor();
    await shot(page, 'operator-forbidden');
    await context.close();
  });
});

describe('administrator', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await b.newPage());
    await login(page, 'admin');
    await shot(page, 'admin-home');
  });

  afterAll(async () => {
    await context?.close();
  });

  it('组织机构: the tree shows the districts; one expands to its streets; search filters', async () => {
    await menu(page).getByRole('link', { name: '组织机构' }).click();
    await page.waitForURL('**/admin/units');
    const tree = page.getByTestId('unit-tree');
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    const districts = (roots[0]?.children ?? []).filter((u) => u.kind === 'district');
    expect(districts.length).toBeGreaterThan(1);
    for (const d of districts) await tree.getByText(d.name, { exact: true }).waitFor();
    expect(await tree.getByText('区县', { exact: true }).count()).toBeGreaterThanOrEqual(districts.length);

    const district = districts[0]!;
    const street = district.children!.find((u) => u.kind === 'street')!;
    expect(await tree.getByText(street.name, { exact: true }).count()).toBe(0);
    await tree.locator('.ant-tree-treenode').filter({ hasText: district.name }).first().locator('.ant-tree-switcher').click();
    await tree.getByText(street.name, { exact: true }).waitFor();
    await tree.getByText(district.name, { exact: true }).click();
    await page.getByTestId('unit-details').getByText(`直属 ${district.children!.length} 个`).waitFor();
    await shot(page, 'units');

    const community = street.children!.find((u) => u.kind === 'community')!;
    await page.getByLabel('搜索单位').fill(community.name);
    await tree.locator('mark', { hasText: community.name }).first().waitFor();
    expect(await tree.getByText(districts[1]!.name, { exact: true }).count()).toBe(0);
    await shot(page, 'units-search');
    await page.getByLabel('搜索单位').fill('');
  });

  it('组织机构: the map draws a district and its streets; clicking a street selects it; a department gets a note', async () => {
    const tree = page.getByTestId('unit-tree');
    const details = page.getByTestId('unit-details');
    const map = page.getByTestId('unit-map');
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    const district = roots[0]!.children!.find((u) => u.kind === 'district')!;
    const geo = await apiGet<FeatureCollection>(page, `/api/geo/units?parent=${district.id}`);
    const streets = geo.features.filter((f) => f.id !== district.id);
    expect(geo.features.some((f) => f.id === district.id)).toBe(true); // the district's own outline
    expect(streets.length).toBeGreaterThan(1);
    expect(streets.every((f) => f.properties.kind === 'street' && f.properties.parentId === district.id)).toBe(true);

    await tree.getByText(district.name, { exact: true }).click();
    await details.locator('.ant-card-head-title').getByText(district.name, { exact: true }).waitFor();
    // One SVG path per feature: the district's outline and each street's area, each street labelled.
    await expect.poll(() => map.locator('path').count()).toBe(geo.features.length);
    expect(await map.locator('path.ms-map-child').count()).toBe(streets.length);
    expect(await map.locator('path.ms-map-own').count()).toBe(1);
    for (const f of streets) await map.locator('.ms-map-label', { hasText: f.properties.name }).first().waitFor({ state: 'attached' });
    expect(await map.getAttribute('aria-label')).toContain(district.name);
    await shot(page, 'units-map');

    // Keyboard: the map takes focus (arrows pan) and Tab leaves it again after its zoom buttons.
    await map.focus();
    const focusInMap = () => page.evaluate<boolean>("!!document.querySelector('[data-testid=unit-map]')?.contains(document.activeElement)");
    expect(await focusInMap()).toBe(true);
    let tabs = 0;
    while ((await focusInMap()) && tabs < 5) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    expect(await focusInMap(), 'Tab leaves the map').toBe(false);

    const street = streets[streets.length - 1]!;
    await map.locator(`path.ms-map-child[data-unit-id="${street.id}"]`).click();
    await details.locator('.ant-card-head-title').getByText(street.properties.name, { exact: true }).waitFor();
    expect(await tree.locator('.ant-tree-node-selected').textContent()).toContain(street.properties.name);
    const streetGeo = await apiGet<FeatureCollection>(page, `/api/geo/units?parent=${street.id}`);
    await expect.poll(() => map.locator('path').count()).toBe(streetGeo.features.length);

    const department = district.children!.find((u) => u.kind === 'department')!;
    expect((await apiGet<FeatureCollection>(page, `/api/geo/units?parent=${department.id}`)).features).toHaveLength(0);
    await tree.getByText(department.name, { exact: true }).click();
    await details.locator('.ant-card-head-title').getByText(department.name, { exact: true }).waitFor();
    await page.getByTestId('unit-map-none').getByText('该单位无辖区边界').waitFor();
    expect(await map.count()).toBe(0);
  });

  it('组织机构: 导出 downloads the units as CSV', async () => {
    const { name, text } = await download(page, page.getByRole('button', { name: /导\s*出$/ }));
    expect(name).toBe('组织机构.csv');
    expect(text.startsWith('\uFEFF')).toBe(true); // the BOM, for Excel
    expect(text.slice(1).split(/\r?\n/)[0]).toBe('单位编码,单位名称,简称,类型,上级编码,层级,状态');
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    expect(text).toContain(roots[0]!.children!.find((u) => u.kind === 'district')!.name);
  });

  it('组织机构: the add-child form shows the server field error and then saves', async () => {
    const tree = page.getByTestId('unit-tree');
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    const district = roots[0]!.children!.find((u) => u.kind === 'district')!;
    await tree.getByText(district.name, { exact: true }).click();
    await page.getByRole('button', { name: /新增下级/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('单位名称').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('name');
    await dialog.getByLabel('单位名称').fill('端到端测试街道');
    await dialog.getByLabel('单位编码').fill('坏 编码'); // the server allows letters, digits, _ . - only
    await dialog.getByLabel('单位编码').press('Enter');
    await fieldError(dialog, 'code').first().waitFor();
    expect(await fieldError(dialog, 'code').first().textContent()).toContain('编码');
    await shot(page, 'unit-form-error');
    await dialog.getByLabel('单位编码').fill('E2E-S01');
    await dialog.getByLabel('单位名称').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await tree.getByText('端到端测试街道', { exact: true }).waitFor();
    await page.getByTestId('unit-details').getByText('端到端测试街道').first().waitFor();
  });

  it('组织机构: 导入 offers a template and imports a CSV, listing the rejected row by its line', async () => {
    await page.goto('/admin/units');
    const tree = page.getByTestId('unit-tree');
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    const district = roots[0]!.children!.find((u) => u.code === 'D01')!;
    expect(district.name).toBe('青江区');
    await tree.getByText(district.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: /导\s*入$/ }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    const template = await download(page, dialog.getByRole('button', { name: /下载模板/ }));
    expect(template.name).toBe('组织机构导入模板.csv');
    expect(template.text.startsWith('\uFEFF')).toBe(true);
    const templateLines = template.text.slice(1).trim().split(/\r?\n/);
    expect(templateLines[0]).toBe('单位编码,单位名称,简称,类型,上级编码');
    expect(templateLines[1]).toMatch(new RegExp(`^${roots[0]!.code}\\w+,示例.+,${roots[0]!.code}$`)); // a child of the admin's own unit
    await shot(page, 'units-import-dialog');

    const csv = '单位编码,单位名称,简称,类型,上级编码\nD01S90,导入街道,,街道乡镇,D01\nD01S91,类型写错的街道,,街道办,D01\n';
    await dialog.locator('input[type=file]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(await result.locator('.ant-statistic').filter({ hasText: '新增' }).locator('.ant-statistic-content').textContent()).toBe('1');
    expect(await result.locator('.ant-statistic').filter({ hasText: '被拒绝' }).locator('.ant-statistic-content').textContent()).toBe('1');
    const rejected = result.locator('.ant-table-row');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.locator('td').first().textContent()).toBe('3'); // the header is line 1
    expect(await rejected.textContent()).toContain('类型');
    await shot(page, 'units-import');
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await result.waitFor({ state: 'hidden' });

    // The tree was reloaded: the new street is under 青江区.
    await page.getByLabel('搜索单位').fill('导入街道');
    await tree.locator('mark', { hasText: '导入街道' }).first().waitFor();
    await tree.getByText(district.name, { exact: true }).waitFor();
    expect(await tree.getByText('类型写错的街道').count()).toBe(0);
    await tree.locator('mark', { hasText: '导入街道' }).first().click();
    await page.getByTestId('unit-details').locator('.ant-card-head-title').getByText('导入街道', { exact: true }).waitFor();
    await page.getByLabel('搜索单位').fill('');
  });

  it('用户: filters by role', async () => {
    await menu(page).getByRole('link', { name: '用户' }).click();
    await page.waitForURL('**/admin/users');
    const rows = page.getByTestId('user-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    await page.getByRole('combobox', { name: '按角色筛选' }).click();
    const answered = page.waitForResponse((r) => r.url().includes('/api/users?') && r.url().includes('role=handler'));
    await page.locator('.ant-select-item-option').filter({ hasText: '承办人' }).click();
    await page.waitForURL(/role=handler/);
    const res = await answered;
    expect(res.status(), `GET /api/users?role=handler answered ${await res.text()}`).toBe(200);
    await expect.poll(async () => {
      const roles = await rows.locator('td:nth-child(4)').allTextContents();
      return roles.length > 0 && roles.every((r) => r.includes('承办人'));
    }).toBe(true);
    const page1 = await apiGet<{ total: number }>(page, '/api/users?role=handler&pageSize=1');
    await page.getByText(`共 ${page1.total} 条`).waitFor();
    await shot(page, 'users');
  });

  it('用户: a new user with a bad or taken user name shows the server field error, then saves', async () => {
    await page.goto('/admin/users');
    await page.getByRole('button', { name: /新增用户/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('username');
    await dialog.getByLabel('用户名').fill('bad name');
    await dialog.getByLabel('姓名').fill('端到端测试员');
    await dialog.getByLabel('所属单位').click();
    await dialog.getByLabel('所属单位').fill('青江区');
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '青江区（' }).first().click();
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '话务员' }).click();
    await dialog.getByLabel('初始密码').fill('E2e-password-1');
    await dialog.getByLabel('初始密码').press('Enter');

    const error = fieldError(dialog, 'username');
    await error.first().waitFor();
    expect(await error.first().textContent()).toMatch(/用户名/);
    await shot(page, 'user-form-error');

    await dialog.getByLabel('用户名').fill('operator1');
    await dialog.getByLabel('初始密码').press('Enter');
    await expect.poll(() => error.first().textContent()).toMatch(/已被使用|已存在|operator1/);
    await shot(page, 'user-form-duplicate');

    await dialog.getByLabel('用户名').fill('e2e_clerk');
    await dialog.getByLabel('初始密码').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已新增用户「e2e_clerk」').waitFor();
  });

  it('用户: a locked account says so at login; the administrator sees 已锁定 and unlocks it', async () => {
    const other = await b.newPage();
    let status = 0;
    for (let i = 0; i < 12 && status !== 423; i += 1) {
      const res = await other.page.request.post('/api/auth/login', { data: { username: 'e2e_clerk', password: 'wrong-password' } });
      status = res.status();
    }
    expect(status).toBe(423);
    await other.page.goto('/login');
    await other.page.getByLabel('用户名').fill('e2e_clerk');
    await other.page.getByLabel('密码').fill('E2e-password-1');
    await other.page.getByLabel('密码').press('Enter');
    const error = other.page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/锁定.*\d+\s*分钟|\d+\s*分钟.*锁定/);
    await shot(other.page, 'login-locked');

    await page.goto('/admin/users?q=e2e_clerk');
    const row = page.getByTestId('user-table').locator('tbody tr.ant-table-row').filter({ hasText: 'e2e_clerk' });
    await row.getByText('已锁定').waitFor();
    await shot(page, 'users-locked');
    await row.getByRole('button', { name: '解锁' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /解\s*锁/ }).click();
    await page.getByText('已解锁').waitFor();
    await row.getByText('已锁定').waitFor({ state: 'detached' });

    await login(other.page, 'e2e_clerk', 'E2e-password-1');
    await menu(other.page).getByText('受理').waitFor();
    await other.context.close();
  });

  it('用户: 导入 shows the password rule and a template, imports a CSV with a taken name, and the new user can log in', async () => {
    await page.goto('/admin/users');
    await page.getByTestId('user-table').locator('tbody tr.ant-table-row').first().waitFor();
    const { tree: roots } = await apiGet<{ tree: UnitNode[] }>(page, '/api/units');
    await page.getByRole('button', { name: /导\s*入$/ }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('password-rule').textContent()).toContain('至少 8 位，含字母和数字');
    const template = await download(page, dialog.getByRole('button', { name: /下载模板/ }));
    expect(template.name).toBe('用户导入模板.csv');
    expect(template.text.startsWith('\uFEFF')).toBe(true);
    expect(template.text.slice(1).trim().split(/\r?\n/)).toEqual(['用户名,姓名,单位编码,角色,初始密码', `h_example,示例承办人,${roots[0]!.code},承办人,Passw0rd1`]);
    await shot(page, 'users-import-dialog');

    const csv = '用户名,姓名,单位编码,角色,初始密码\ne2e_import1,导入承办人,D01,承办人,Import2026ok\noperator1,重名的用户,D01,承办人,Import2026ok\n';
    await dialog.locator('input[type=file]').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.locator('.ant-statistic').filter({ hasText: '新增' }).locator('.ant-statistic-content').textContent()).toBe('1');
    const rejected = result.locator('.ant-table-row');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.locator('td').first().textContent()).toBe('3');
    expect(await rejected.textContent()).toMatch(/operator1.*已被使用/);
    await shot(page, 'users-import');
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await result.waitFor({ state: 'hidden' });

    // The list was reloaded with the new user in it.
    await page.getByLabel('搜索用户').fill('e2e_import1');
    await page.getByLabel('搜索用户').press('Enter');
    const row = page.getByTestId('user-table').locator('tbody tr.ant-table-row').filter({ hasText: 'e2e_import1' });
    await row.waitFor();
    expect(await row.textContent()).toContain('承办人');

    const other = await b.newPage();
    await login(other.page, 'e2e_import1', 'Import2026ok');
    await menu(other.page).getByText('承办').waitFor();
    await other.context.close();
  });

  it('诉求分类/字典: the subject tree, the code lists, and a CSV import with a rejected row', async () => {
    await menu(page).getByRole('link', { name: '诉求分类/字典' }).click();
    const tree = page.getByTestId('subject-tree');
    const { tree: subjects } = await apiGet<{ tree: { name: string }[] }>(page, '/api/catalogue/subjects');
    await tree.getByText(subjects[0]!.name, { exact: true }).waitFor();
    await tree.getByText(subjects[0]!.name, { exact: true }).click();
    await shot(page, 'catalogue');

    const csv = `一级分类,二级分类,三级分类\n${subjects[0]!.name},端到端二级,端到端三级\n,,没有上级的分类\n`;
    await page.locator('input[type=file]').setInputFiles({ name: 'subjects.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await result.locator('.ant-table-row').first().waitFor();
    expect(await result.locator('.ant-table-row').count()).toBe(1);
    await shot(page, 'catalogue-import');
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();

    await page.getByRole('tab', { name: '诉求类型' }).click();
    await page.getByTestId('code-table-types').getByText('投诉', { exact: true }).waitFor();
    await shot(page, 'catalogue-types');
  });

  it('诉求分类/字典: 导出分类 downloads the subjects in the import format', async () => {
    await page.goto('/admin/catalogue');
    const { tree: subjects } = await apiGet<{ tree: { name: string }[] }>(page, '/api/catalogue/subjects');
    const { name, text } = await download(page, page.getByRole('button', { name: '导出分类' }));
    expect(name).toBe('诉求分类.csv');
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('一级分类,二级分类,三级分类');
    expect(text).toContain(`${subjects[0]!.name},端到端二级,端到端三级`); // the row imported above
  });

  it('工作日历: 2026-10-01 is a holiday and 2026-10-10 a make-up working day', async () => {
    await menu(page).getByRole('link', { name: '工作日历' }).click();
    await page.waitForURL('**/admin/calendar');
    await page.goto('/admin/calendar?year=2026');
    const oct1 = page.locator('[data-date="2026-10-01"]');
    const oct10 = page.locator('[data-date="2026-10-10"]');
    await expect.poll(() => oct1.getAttribute('data-kind')).toBe('holiday');
    expect(await oct1.getAttribute('title')).toContain('节假日');
    expect(await oct10.getAttribute('data-kind')).toBe('makeup');
    expect(await oct10.getAttribute('title')).toContain('调休上班');
    expect(await oct10.textContent()).toContain('班');
    await page.getByTestId('holiday-list').getByText('国庆节').waitFor();
    await shot(page, 'calendar', true);

    await oct10.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('2026-10-10（周六）').waitFor();
    await shot(page, 'calendar-day');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('工作日历: the export button downloads the shown year', async () => {
    await page.goto('/admin/calendar?year=2026');
    await page.getByTestId('holiday-list').getByText('国庆节').waitFor();
    const { name, text } = await download(page, page.getByRole('button', { name: /导出.*2026.*日历|导出本年日历/ }));
    expect(name).toBe('工作日历-2026.csv');
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('date,kind,name');
    expect(lines).toHaveLength(366);
    expect(lines).toContain('2026-10-10,makeup,国庆节');
  });

  it('操作日志: shows the unit just edited and a failed log-in, and filters by category and date', async () => {
    // A change: edit the street added above.
    await menu(page).getByRole('link', { name: '组织机构' }).click();
    await page.waitForURL('**/admin/units');
    await page.getByLabel('搜索单位').fill('端到端测试街道');
    await page.getByTestId('unit-tree').locator('mark', { hasText: '端到端测试街道' }).first().click();
    await page.getByTestId('unit-details').getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('简称').fill('端到端简称');
    await dialog.getByLabel('简称').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已保存「端到端测试街道」').waitFor();

    // A failed log-in, from another browser.
    const other = await b.newPage();
    const failed = await other.page.request.post('/api/auth/login', { data: { username: 'h_d02', password: 'not-the-password' } });
    expect(failed.status()).toBe(401);
    await other.context.close();

    await menu(page).getByRole('link', { name: '操作日志' }).click();
    await page.waitForURL('**/admin/audit');
    const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    const edit = rows.filter({ hasText: '修改单位' }).filter({ hasText: '端到端测试街道' }).first();
    await edit.waitFor();
    expect(await edit.textContent()).toContain('简称：（空） → 端到端简称');
    expect(await edit.textContent()).toContain('系统管理员');
    expect(await edit.locator('td').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const failure = rows.filter({ hasText: '登录失败' }).filter({ hasText: 'h_d02' }).first();
    await failure.waitFor();
    expect(await failure.textContent()).toContain('连续失败次数：1');
    // Newest first: the failed log-in came after the edit.
    const texts = await rows.allTextContents();
    expect(texts.findIndex((t) => t.includes('登录失败') && t.includes('h_d02'))).toBeLessThan(texts.findIndex((t) => t.includes('修改单位') && t.includes('端到端测试街道')));
    await rows.filter({ hasText: '新增单位' }).filter({ hasText: '端到端测试街道' }).first().waitFor(); // from the add-child test
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' }); // the 已保存 toast
    await shot(page, 'audit');

    // Category 单位: the request carries the prefix and only unit actions come back.
    const byUnit = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('action=unit.'));
    await page.getByRole('combobox', { name: '按操作类别筛选' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^单位$/ }).click();
    expect((await byUnit).status()).toBe(200);
    await expect.poll(async () => {
      const actions = await rows.locator('td:nth-child(2)').allTextContents();
      return actions.length > 0 && actions.every((a) => /单位/.test(a));
    }).toBe(true);

    // Category 登录 and today's date (Beijing): from/to are the day's bounds in +08:00.
    const today = shanghaiToday();
    await page.getByRole('combobox', { name: '按操作类别筛选' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^登录$/ }).click();
    const byDate = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('from='));
    await page.getByPlaceholder('开始日期').click();
    await page.getByPlaceholder('开始日期').fill(today);
    await page.getByPlaceholder('开始日期').press('Enter');
    await page.getByPlaceholder('结束日期').fill(today);
    await page.getByPlaceholder('结束日期').press('Enter');
    const res = await byDate;
    expect(res.status()).toBe(200);
    const query = new URL(res.url()).searchParams;
    expect(query.get('action')).toBe('auth.');
    expect(query.get('from')).toBe(`${today}T00:00:00+08:00`);
    expect(new Date(query.get('to')!).getTime() - new Date(query.get('from')!).getTime()).toBe(86_400_000);
    await rows.filter({ hasText: '登录失败' }).filter({ hasText: 'h_d02' }).first().waitFor();
    await expect.poll(async () => {
      const actions = await rows.locator('td:nth-child(2)').allTextContents();
      // The 登录 category is every auth.* action: log-ins and one's own password changes.
      return actions.length > 0 && actions.every((a) => a.startsWith('登录') || a === '修改本人密码');
    }).toBe(true);
  });
});

describe('unit administrator', () => {
  it('sees only the own district in 组织机构', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'ua_d01');
    await menu(page).getByText('系统管理').waitFor();
    await menu(page).getByRole('link', { name: '组织机构' }).click();
    const me = await apiGet<{ user: { unitName: string } }>(page, '/api/auth/me');
    const tree = page.getByTestId('unit-tree');
    await tree.getByText(me.user.unitName, { exact: true }).waitFor();
    expect(await tree.getByText('平台', { exact: true }).count()).toBe(0);
    await shot(page, 'unit-admin-units');
    // 导入's template: an example street under the unit administrator's own district.
    await page.getByRole('button', { name: /导\s*入$/ }).click();
    const template = await download(page, page.getByTestId('import-dialog').getByRole('button', { name: /下载模板/ }));
    expect(template.text.slice(1).trim().split(/\r?\n/)[1]).toBe('D01S99,示例街道,示例,街道乡镇,D01');
    await context.close();
  });

  it('has no 操作日志 menu and is refused the audit log', async () => {
    const { context, page } = await b.newPage();
    await login(page, 'ua_d01');
    await menu(page).getByText('系统管理').waitFor();
    await menu(page).getByRole('link', { name: '组织机构' }).waitFor();
    expect(await menu(page).getByText('操作日志').count()).toBe(0);
    expect((await page.request.get('/api/audit')).status()).toBe(403);
    await page.goto('/admin/audit');
    await page.getByText('无权访问').waitFor();
    await context.close();
  });
});

describe('no page errors', () => {
  it('raised no uncaught error in any page', () => {
    expect(b.pageErrors).toEqual([]);
  });
});
