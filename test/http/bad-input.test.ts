// Bad input gets a 400 naming the field, in Chinese and English, and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let root: number;

const counts = async () => ({
  units: (await t.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
  users: (await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
  subjects: (await t.db.selectFrom('subjects').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
  audit: (await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', 'not like', 'auth.%').executeTakeFirstOrThrow()).n,
});

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  admin = await api.login('admin');
  root = admin.user.unitId;
});

function expectFieldError(res: { statusCode: number; json(): { error: { code: string; message: string; message_en: string; fields?: { field: string; message: string; message_en: string }[] } } }, field: string) {
  expect(res.statusCode).toBe(400);
  const { error } = res.json();
  expect(error.code).toBe('validation_failed');
  const f = error.fields?.find((x) => x.field === field);
  expect(f, `field ${field} in ${JSON.stringify(error.fields)}`).toBeDefined();
  expect(f!.message).toMatch(/[\u4e00-\u9fff]/); // Chinese
  expect(f!.message_en).toMatch(/[A-Za-z]/);
  expect(error.message).toContain(field);
}

describe('malformed requests', () => {
  it('malformed JSON', async () => {
    const before = await counts();
    for (const url of ['/api/units', '/api/users', '/api/auth/login']) {
      const res = await admin.send('POST', url, '{"name": "半截', { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_json' });
      expect(res.json().error.message).toMatch(/JSON/);
    }
    expect(await counts()).toEqual(before);
  });

  it('missing fields are named, each of them', async () => {
    const before = await counts();
    const res = await admin.send('POST', '/api/users', { username: 'someone' });
    for (const field of ['displayName', 'unitId', 'roles', 'password']) expectFieldError(res, field);
    expect(res.json().error.fields.find((f: { field: string }) => f.field === 'unitId').message).toBe('必填');
    expect(res.json().error.fields.find((f: { field: string }) => f.field === 'unitId').message_en).toBe('Required');
    expect(await counts()).toEqual(before);
  });

  it('wrong types', async () => {
    const before = await counts();
    expectFieldError(await admin.send('POST', '/api/units', { parentId: 'one', kind: 'street', name: 5 }), 'parentId');
    expectFieldError(await admin.send('POST', '/api/units', { parentId: root, kind: 'district', name: ['x'] }), 'name');
    expectFieldError(await admin.send('POST', '/api/units', { parentId: root, kind: 'castle', name: '城堡' }), 'kind');
    expectFieldError(await admin.send('PATCH', `/api/units/${root}`, { active: 'yes' }), 'active');
    expectFieldError(await admin.send('POST', '/api/users', { username: 'ok_name', displayName: '某', unitId: root, roles: ['emperor'], password: 'abc12345x' }), 'roles.0');
    expectFieldError(await admin.get('/api/users?page=zero') as never, 'page');
    expectFieldError(await admin.get('/api/units/abc') as never, 'id');
    expect(await counts()).toEqual(before);
  });

  it('over-long strings', async () => {
    const before = await counts();
    const res = await admin.send('POST', '/api/units', { parentId: root, kind: 'department', name: '局'.repeat(101) });
    expectFieldError(res, 'name');
    expect(res.json().error.fields[0].message).toBe('长度不能超过 100 个字符');
    expectFieldError(await admin.send('POST', '/api/users', { username: 'x'.repeat(40), displayName: '某', unitId: root, roles: ['operator'], password: 'abc12345x' }), 'username');
    expectFieldError(await admin.send('POST', '/api/catalogue/subjects', { name: '类'.repeat(61) }), 'name');
    expectFieldError(await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'u'.repeat(65), password: 'x' } }) as never, 'username');
    expect(await counts()).toEqual(before);
  });

  it('unknown fields are refused rather than silently dropped', async () => {
    const before = await counts();
    const res = await admin.send('POST', '/api/units', { parentId: root, kind: 'department', name: '市新局', path: '/1/' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].message).toContain('path');
    expect(await counts()).toEqual(before);
  });

  it('rules the schema cannot see: bad user names, weak passwords, duplicates, kinds in the wrong place', async () => {
    const before = await counts();
    expectFieldError(await admin.send('POST', '/api/users', { username: 'has space', displayName: '某', unitId: root, roles: ['operator'], password: 'abc12345x' }), 'username');
    expectFieldError(await admin.send('POST', '/api/users', { username: 'weakling', displayName: '某', unitId: root, roles: ['operator'], password: 'short' }), 'password');
    const dup = await admin.send('POST', '/api/users', { username: 'operator1', displayName: '重名', unitId: root, roles: ['operator'], password: 'abc12345x' });
    expectFieldError(dup, 'username');
    expect(dup.json().error.fields[0].message).toContain('已被使用');
    expectFieldError(await admin.send('POST', '/api/units', { parentId: root, kind: 'grid', name: '直属网格' }), 'kind');
    const districts = await t.db.selectFrom('units').select('name').where('kind', '=', 'district').executeTakeFirstOrThrow();
    expectFieldError(await admin.send('POST', '/api/units', { parentId: root, kind: 'district', name: districts.name }), 'name');
    expectFieldError(await admin.send('PUT', '/api/calendar/days/2026-02-30', { kind: 'holiday' }), 'date');
    expectFieldError(await admin.send('PUT', '/api/calendar/days/2026-11-24', { kind: 'makeup' }), 'kind');
    expectFieldError(await admin.send('PUT', '/api/catalogue/channels/Bad-Code', { name: '坏', nameEn: 'Bad' }), 'code');
    expect(await counts()).toEqual(before);
  });

  it('an unknown API path is a JSON 404', async () => {
    const res = await admin.get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('an unsupported content type is a 415', async () => {
    const res = await admin.send('POST', '/api/units', '<unit/>', { 'content-type': 'application/xml' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });
});
