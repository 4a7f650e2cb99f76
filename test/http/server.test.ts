import { ACTIONS } from '../../src/domain/tickets/machine.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase } from '../support/db.js';

let api: TestApp;

beforeAll(async () => {
  api = await testApp((await testDatabase()).db);
});

describe('server', () => {
  it('GET /api/health answers ok without a session', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with the routes and their schemas', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/units', '/api/users', '/api/catalogue/subjects/import', '/api/calendar']) expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    // Every ticket action is its own documented intent endpoint with its body schema.
    for (const action of ACTIONS) expect(doc.paths[`/api/tickets/{id}/${action}`]?.post?.requestBody, action).toBeDefined();
    expect(doc.paths['/api/tickets/{id}/dispatch'].post.requestBody.content['application/json'].schema.required).toEqual(['primaryUnitId']);
    expect(doc.paths['/api/tickets'].post.requestBody.content['application/json'].schema.required).toEqual(['channel', 'type', 'content']);
    const ui = await api.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBeLessThan(400);
  });

  it('echoes a request id header for tracing', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
    const other = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(other.headers['x-request-id']).toMatch(/^req-/);
  });

  it('sends security headers', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('lists role and unit-kind labels in Chinese', async () => {
    const s = await api.login('operator1');
    const meta = (await s.get('/api/meta')).json();
    expect(meta.roles).toContainEqual({ code: 'dispatcher', name: '派单员' });
    expect(meta.unitKinds).toContainEqual({ code: 'street', name: '街道乡镇' });
  });
});
