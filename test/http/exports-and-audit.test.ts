import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Session, type TestApp } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, api, session: admin } = await signedIn());
});

const csv = (body: string): string[][] => {
  expect(body.startsWith('\uFEFF')).toBe(true); // for Excel
  return parse(body.slice(1));
};

describe('exports in the import formats', () => {
  it('subjects: one row per leaf, and the file imports back without a change', async () => {
    const res = await admin.get('/api/catalogue/subjects/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('诉求分类.csv'));
    const rows = csv(res.body);
    expect(rows[0]).toEqual(['一级分类', '二级分类', '三级分类']);
    expect(rows).toContainEqual(['城市管理', '市容环境', '暴露垃圾']);
    const leaves = await t.db.selectFrom('subjects as s').select('s.id')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('subjects as c').select('c.id').whereRef('c.parent_id', '=', 's.id')))).execute();
    expect(rows.length - 1).toBe(leaves.length);
    const again = await admin.send('POST', '/api/catalogue/subjects/import', res.body, { 'content-type': 'text/csv' });
    expect(again.json()).toMatchObject({ created: 0, existing: leaves.length, rejected: [] });
  });

  it('calendar: every day of the year, and it imports back unchanged', async () => {
    const res = await admin.get('/api/calendar/export?year=2026');
    const rows = csv(res.body);
    expect(rows[0]).toEqual(['date', 'kind', 'name']);
    expect(rows).toHaveLength(366);
    expect(rows).toContainEqual(['2026-10-10', 'makeup', '国庆节']);
    const before = await t.db.selectFrom('calendar_days').select(['day', 'kind', 'name']).orderBy('day').execute();
    const back = await admin.send('POST', '/api/calendar/import', res.body, { 'content-type': 'text/csv' });
    expect(back.json()).toMatchObject({ years: [2026], imported: 365, rejected: [] });
    expect(await t.db.selectFrom('calendar_days').select(['day', 'kind', 'name']).orderBy('day').execute()).toEqual(before);
  });

  it('units: the caller\'s subtree only, parents before children', async () => {
    const all = csv((await admin.get('/api/units/export')).body);
    expect(all[0]).toEqual(['单位编码', '单位名称', '简称', '类型', '上级编码', '层级', '状态']);
    expect(all.length - 1).toBe((await t.db.selectFrom('units').select('id').execute()).length);
    const ua = await api.login('ua_d01');
    const mine = csv((await ua.get('/api/units/export')).body).slice(1);
    expect(mine[0]![0]).toBe('D01');
    expect(mine.every((r) => r[0]!.startsWith('D01'))).toBe(true);
    const seen = new Set<string>(['D01']);
    for (const r of mine.slice(1)) {
      expect(seen.has(r[4]!), `${r[0]} after its parent ${r[4]}`).toBe(true);
      seen.add(r[0]!);
    }
  });
});

describe('unit boundaries', () => {
  it('a unit and its children as GeoJSON, within scope', async () => {
    const d1 = (await t.db.selectFrom('units').select('id').where('code', '=', 'D01').executeTakeFirstOrThrow()).id;
    const res = await admin.get(`/api/geo/units?parent=${d1}`);
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    const kinds = fc.features.map((f: { properties: { kind: string } }) => f.properties.kind);
    expect(kinds[0]).toBe('district');
    expect(kinds.slice(1).every((k: string) => k === 'street')).toBe(true);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    const districts = (await admin.get('/api/geo/units?kind=district')).json().features;
    expect(districts).toHaveLength(7);
    const ua2 = await api.login('ua_d02');
    expect((await ua2.get(`/api/geo/units?parent=${d1}`)).statusCode).toBe(403);
    expect((await ua2.get('/api/geo/units?kind=district')).json().features).toHaveLength(1);
    expect((await admin.get('/api/geo/units')).statusCode).toBe(400);
  });
});

describe('audit log', () => {
  it('records changes and log-ins, newest first, filterable; platform administrators only', async () => {
    const d1 = (await t.db.selectFrom('units').select('id').where('code', '=', 'D01').executeTakeFirstOrThrow()).id;
    await admin.send('POST', '/api/units', { parentId: d1, kind: 'street', name: '审计街道' });
    await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'h_d01', password: 'wrong-one1' } });
    const res = await admin.get('/api/audit?pageSize=5');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBeGreaterThan(2);
    expect(items[0]).toMatchObject({ action: 'auth.login_failed', targetType: 'user' });
    expect(items[1]).toMatchObject({ action: 'unit.create', actorName: '系统管理员', details: { name: '审计街道' } });
    const created = (await admin.get('/api/audit?action=unit.')).json().items;
    expect(created.every((e: { action: string }) => e.action.startsWith('unit.'))).toBe(true);
    expect((await admin.get('/api/audit?from=2099-01-01T00:00:00Z')).json().total).toBe(0);
    for (const user of ['ua_d01', 'operator1']) expect((await (await api.login(user)).get('/api/audit')).statusCode).toBe(403);
    const logins = (await admin.get('/api/audit?action=auth.login&pageSize=200')).json().items;
    expect(logins.find((e: { action: string; details: { username?: string } }) => e.action === 'auth.login' && e.details.username === 'ua_d01'))
      .toMatchObject({ actorName: expect.any(String), actorUnitName: '青江区' });
    expect((await admin.get('/api/audit?from=yesterday')).statusCode).toBe(400);
  });

  it('logs guesses at unknown names, the address of each change, and the old values of an update', async () => {
    await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'no_such_user', password: 'guess1234' }, remoteAddress: '10.1.2.3' });
    const guess = (await admin.get('/api/audit?action=auth.login_failed')).json().items[0];
    expect(guess).toMatchObject({ targetId: null, ip: '10.1.2.3', details: { username: 'no_such_user', reason: 'unknown_user' } });
    const street = (await t.db.selectFrom('units').select(['id', 'name']).where('code', '=', 'D01S01').executeTakeFirstOrThrow());
    await admin.send('PATCH', `/api/units/${street.id}`, { name: '改名街道', sortOrder: 9 });
    const change = (await admin.get('/api/audit?action=unit.update')).json().items[0];
    expect(change.details).toMatchObject({ name: '改名街道', before: { name: street.name } });
    expect(change.ip).toBe('127.0.0.1');
  });
});
