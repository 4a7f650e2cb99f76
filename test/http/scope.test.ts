// One district cannot read or change another district's units or users.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let ua1: Session; // unit administrator of district D01
let h1: Session; // handler of district D01
let d1: number;
let d2: number;
let d1Street: number;
let d2Street: number;
let d2UserId: number;

const unitId = async (code: string) => (await t.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  ua1 = await api.login('ua_d01');
  h1 = await api.login('h_d01');
  d1 = await unitId('D01');
  d2 = await unitId('D02');
  d1Street = (await t.db.selectFrom('units').select('id').where('parent_id', '=', d1).where('kind', '=', 'street').executeTakeFirstOrThrow()).id;
  d2Street = (await t.db.selectFrom('units').select('id').where('parent_id', '=', d2).where('kind', '=', 'street').executeTakeFirstOrThrow()).id;
  d2UserId = (await t.db.selectFrom('users').select('id').where('username', '=', 'h_d02').executeTakeFirstOrThrow()).id;
});

const flatten = (nodes: { id: number; children: unknown[] }[]): number[] =>
  nodes.flatMap((n) => [n.id, ...flatten(n.children as { id: number; children: unknown[] }[])]);

describe('reading', () => {
  it("a district's unit tree holds its own subtree and nothing else", async () => {
    const res = await ua1.get('/api/units');
    expect(res.statusCode).toBe(200);
    const ids = flatten(res.json().tree);
    const subtree = await t.db.selectFrom('units').select('id').where('path', 'like', (await t.db.selectFrom('units').select('path').where('id', '=', d1).executeTakeFirstOrThrow()).path + '%').execute();
    expect(ids.sort()).toEqual(subtree.map((r) => r.id).sort());
    expect(ids).not.toContain(d2);
    expect(res.json().tree).toHaveLength(1);
    expect(res.json().tree[0].id).toBe(d1);
  });

  it('the platform administrator sees the whole city', async () => {
    const admin = await api.login('admin');
    const ids = flatten((await admin.get('/api/units')).json().tree);
    const all = await t.db.selectFrom('units').select('id').execute();
    expect(ids).toHaveLength(all.length);
  });

  it.each([
    ['a unit of another district', () => `/api/units/${d2}`],
    ['a street of another district', () => `/api/units/${d2Street}`],
    ['the tree under another district', () => `/api/units?root=${d2}`],
    ['the users of another district', () => `/api/users?unit=${d2}`],
    ['the users under another district', () => `/api/users?unit=${d2}&subtree=true`],
    ['a user of another district', () => `/api/users/${d2UserId}`],
  ])('403 for %s', async (_what, url) => {
    for (const s of [ua1, h1]) {
      const res = await s.get(url());
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('out_of_scope');
    }
  });

  it('the city platform itself is out of a district user\'s scope', async () => {
    const root = await unitId('C').catch(async () => (await t.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id);
    expect((await ua1.get(`/api/units/${root}`)).statusCode).toBe(403);
  });

  it('404, not 403, for a unit that does not exist', async () => {
    expect((await ua1.get('/api/units/999999')).statusCode).toBe(404);
  });

  it('the user list without a filter holds only users of the own subtree', async () => {
    const res = await ua1.get('/api/users?pageSize=200');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBeGreaterThan(10);
    const d1Path = (await t.db.selectFrom('units').select('path').where('id', '=', d1).executeTakeFirstOrThrow()).path;
    const inSubtree = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('users.id')
      .where('units.path', 'like', `${d1Path}%`).execute();
    expect(total).toBe(inSubtree.length);
    expect(items.map((u: { id: number }) => u.id)).not.toContain(d2UserId);
  });
});

describe('changing', () => {
  it("403 and nothing written when a district's administrator touches another district", async () => {
    const before = await t.db.selectFrom('units').select(['id', 'name', 'parent_id', 'path']).orderBy('id').execute();
    const usersBefore = await t.db.selectFrom('users').select(['id', 'display_name', 'roles', 'unit_id', 'active']).orderBy('id').execute();
    const attempts = [
      ua1.send('PATCH', `/api/units/${d2Street}`, { name: '被改名的街道' }),
      ua1.send('POST', '/api/units', { parentId: d2, kind: 'street', name: '越界街道' }),
      ua1.send('PATCH', `/api/units/${d1Street}`, { parentId: d2 }), // moving own unit into another district
      ua1.send('PATCH', `/api/users/${d2UserId}`, { displayName: '越界修改' }),
      ua1.send('POST', `/api/users/${d2UserId}/password`, { password: 'newpass123' }),
      ua1.send('POST', `/api/users/${d2UserId}/unlock`),
      ua1.send('POST', '/api/users', { username: 'intruder', displayName: '越界用户', unitId: d2, roles: ['handler'], password: 'abc12345x' }),
      ua1.send('PATCH', `/api/users/${(await t.db.selectFrom('users').select('id').where('username', '=', 'h_d01').executeTakeFirstOrThrow()).id}`, { unitId: d2 }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await t.db.selectFrom('units').select(['id', 'name', 'parent_id', 'path']).orderBy('id').execute()).toEqual(before);
    expect(await t.db.selectFrom('users').select(['id', 'display_name', 'roles', 'unit_id', 'active']).orderBy('id').execute()).toEqual(usersBefore);
  });

  it('a unit administrator cannot change their own unit, nor grant platform roles', async () => {
    expect((await ua1.send('PATCH', `/api/units/${d1}`, { name: '改名区' })).statusCode).toBe(403);
    const res = await ua1.send('POST', '/api/users', { username: 'fake_admin', displayName: '假管理员', unitId: d1Street, roles: ['admin'], password: 'abc12345x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('roles');
  });

  it('a handler may read but not administer', async () => {
    expect((await h1.get(`/api/units/${d1Street}`)).statusCode).toBe(200);
    expect((await h1.send('PATCH', `/api/units/${d1Street}`, { name: '改名' })).statusCode).toBe(403);
    expect((await h1.send('POST', '/api/users', { username: 'h_new', displayName: '新人', unitId: d1Street, roles: ['handler'], password: 'abc12345x' })).statusCode).toBe(403);
    expect((await h1.send('PUT', '/api/calendar/days/2026-12-01', { kind: 'holiday' })).statusCode).toBe(403);
    expect((await h1.send('POST', '/api/catalogue/subjects', { name: '新分类' })).statusCode).toBe(403);
  });

  it('within their own subtree a unit administrator creates units and users', async () => {
    const unit = await ua1.send('POST', '/api/units', { parentId: d1Street, kind: 'community', name: '新建社区' });
    expect(unit.statusCode, unit.body).toBe(200);
    const user = await ua1.send('POST', '/api/users', { username: 'h_new_comm', displayName: '新社区承办人', unitId: unit.json().id, roles: ['handler'], password: 'abc12345x' });
    expect(user.statusCode, user.body).toBe(200);
    expect(user.json()).toMatchObject({ username: 'h_new_comm', unitId: unit.json().id, roles: ['handler'] });
    expect((await api.login('h_new_comm', 'abc12345x')).user.unitId).toBe(unit.json().id);
  });
});

describe('filters', () => {
  it('the role filter finds holders of the role within scope only', async () => {
    const res = await ua1.get('/api/users?role=grid_worker&pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    expect(total).toBeGreaterThan(0);
    expect(items.every((u: { roles: string[] }) => u.roles.includes('grid_worker'))).toBe(true);
    const d1Path = (await t.db.selectFrom('units').select('path').where('id', '=', d1).executeTakeFirstOrThrow()).path;
    const expected = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('users.id')
      .where('units.path', 'like', `${d1Path}%`).where(({ eb, val }) => eb(val('grid_worker'), '=', eb.fn.any('users.roles'))).execute();
    expect(total).toBe(expected.length);
  });

  it('lists users in tree order, a unit\'s own staff before its children', async () => {
    const admin = await api.login('admin');
    const { items } = (await admin.get('/api/users?pageSize=50')).json();
    expect(items[0].unitKind).toBe('platform');
    const firstDistrict = items.find((u: { unitKind: string }) => u.unitKind === 'district');
    expect(firstDistrict.unitId).toBe(d1);
  });
});
