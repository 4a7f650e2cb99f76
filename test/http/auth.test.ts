import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
});

const login = (username: string, password: string) =>
  api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('log-in and sessions', () => {
  it('logs in, sets an HTTP-only SameSite cookie and answers with the user and a CSRF token', async () => {
    const res = await login('admin', 'demo12345');
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ms_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'admin', roles: ['admin'], unitKind: 'platform' });
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('stores only an argon2id hash of the password and a hash of the session token', async () => {
    const s = await api.login('operator1');
    const user = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'operator1').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const token = s.cookie.split('=')[1]!;
    const stored = await t.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('GET /api/auth/me answers the session user, and 401 without one', async () => {
    const s = await api.login('dispatcher1');
    const me = await s.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('dispatcher1');
    expect(me.json().csrfToken).toBe(s.csrf);
    const anon = await api.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error).toMatchObject({ code: 'unauthenticated', message: '请先登录' });
  });

  it('logout ends the session', async () => {
    const s = await api.login('reviewer1');
    const out = await s.send('POST', '/api/auth/logout');
    expect(out.statusCode).toBe(200);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a session expires after its hours, by the injected clock', async () => {
    const s = await api.login('visitor1');
    expect((await s.get('/api/auth/me')).statusCode).toBe(200);
    api.clock.advance(13 * 3_600_000);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a state-changing request without the CSRF header, or with a wrong one', async () => {
    const s = await api.login('admin');
    const body = { parentId: s.user.unitId, kind: 'department', name: '市测试局' };
    const none = await api.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: s.cookie }, payload: body });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('csrf_failed');
    const wrong = await s.send('POST', '/api/units', body, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
    expect(await t.db.selectFrom('units').select('id').where('name', '=', '市测试局').executeTakeFirst()).toBeUndefined();
    const ok = await s.send('POST', '/api/units', body);
    expect(ok.statusCode).toBe(200);
  });

  it('a wrong password or an unknown user gets the same 401', async () => {
    const wrong = await login('admin', 'not-the-password1');
    const unknown = await login('nobody_here', 'whatever123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toMatchObject({ code: 'invalid_credentials', message: '用户名或密码错误' });
  });

  it('locks an account after five failures, even against the right password, until the lock runs out', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('supervisor1', `wrong-${i}x`)).statusCode).toBe(401);
    const fifth = await login('supervisor1', 'wrong-5x');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('account_locked');
    expect(Number(fifth.headers['retry-after'])).toBe(15 * 60);
    expect(fifth.json().error.retryAfter).toBe(15 * 60);
    expect((await login('supervisor1', 'demo12345')).statusCode).toBe(423);
    const failures = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.login_failed').where('target_id', 'in',
      t.db.selectFrom('users').select((eb) => eb.cast<string>('id', 'text').as('id')).where('username', '=', 'supervisor1')).execute();
    expect(failures).toHaveLength(5);
    api.clock.advance(14 * 60_000);
    expect((await login('supervisor1', 'demo12345')).statusCode).toBe(423);
    api.clock.advance(2 * 60_000);
    expect((await login('supervisor1', 'demo12345')).statusCode).toBe(200);
  });

  it('an administrator unlocks a locked account', async () => {
    for (let i = 0; i < 5; i++) await login('leader1', `bad-pass-${i}`);
    const admin = await api.login('admin');
    const { items } = (await admin.get('/api/users?q=leader1')).json();
    const leader = items.find((u: { username: string }) => u.username === 'leader1');
    expect(leader.locked).toBe(true);
    const unlocked = await admin.send('POST', `/api/users/${leader.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().locked).toBe(false);
    expect((await login('leader1', 'demo12345')).statusCode).toBe(200);
  });

  it('a disabled user cannot log in and loses open sessions', async () => {
    const s = await api.login('operator2');
    const admin = await api.login('admin');
    const res = await admin.send('PATCH', `/api/users/${s.user.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login('operator2', 'demo12345')).statusCode).toBe(401);
  });

  it('rate-limits log-in attempts per address', async () => {
    const limited = await testApp(t.db, { loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody_x', password: 'x' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    // A forged X-Forwarded-For does not buy a fresh allowance: no proxy is trusted by default.
    const forged = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody_x', password: 'x' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forged.statusCode).toBe(429);
  });
});

describe('changing one\'s own password', () => {
  it('needs the current password, applies the rule, ends the other sessions and keeps this one', async () => {
    const here = await api.login('h_d02');
    const elsewhere = await api.login('h_d02');
    const wrong = await here.send('POST', '/api/auth/password', { currentPassword: 'not-it-123', newPassword: 'NewPass2026' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0]).toMatchObject({ field: 'currentPassword', message: '当前密码不正确' });
    const weak = await here.send('POST', '/api/auth/password', { currentPassword: 'demo12345', newPassword: 'short' });
    expect(weak.json().error.fields[0].field).toBe('newPassword');
    const same = await here.send('POST', '/api/auth/password', { currentPassword: 'demo12345', newPassword: 'demo12345' });
    expect(same.statusCode).toBe(400);
    const ok = await here.send('POST', '/api/auth/password', { currentPassword: 'demo12345', newPassword: 'NewPass2026' });
    expect(ok.statusCode).toBe(200);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login('h_d02', 'demo12345')).statusCode).toBe(401);
    expect((await login('h_d02', 'NewPass2026')).statusCode).toBe(200);
    const audited = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.password_change').execute();
    expect(audited).toHaveLength(1);
  });
});
