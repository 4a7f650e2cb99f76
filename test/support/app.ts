// An app over a test database, driven through Fastify's inject, with a clock the test moves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { buildApp } from '../../src/http/app.js';
import type { CitizenLimits } from '../../src/http/deps.js';
import { DiskFileStore } from '../../src/services/attachments/storage.js';
import type { TicketBus } from '../../src/services/tickets/bus.js';
import { testDatabase, type TestDatabase } from './db.js';
import { DEMO_PASSWORD, SEED_TIME, testVault } from './template.js';

export class TestClock {
  constructor(private current = new Date(SEED_TIME.getTime() + 86_400_000)) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
}

export interface TestApp {
  app: FastifyInstance;
  clock: TestClock;
  /** The app's attachment store: a temporary directory of its own, removed after the file. */
  files: DiskFileStore;
  login(username: string, password?: string): Promise<Session>;
}

export interface Session {
  cookie: string;
  csrf: string;
  user: { id: number; unitId: number; roles: string[] };
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function testApp(db: Db, options: { loginRateLimit?: number; citizenLimits?: Partial<CitizenLimits>; ticketBus?: TicketBus } = {}): Promise<TestApp> {
  const clock = new TestClock();
  const files = new DiskFileStore(mkdtempSync(path.join(tmpdir(), 'minsheng-files-')));
  const app = await buildApp({
    db, vault: testVault, clock: clock.now, cookieSecure: false, sessionHours: 12, loginRateLimit: options.loginRateLimit ?? 1000, logLevel: 'silent',
    files, citizenLimits: options.citizenLimits, ticketBus: options.ticketBus,
  });
  afterAll(async () => {
    await app.close();
    rmSync(files.root, { recursive: true, force: true });
  });
  const login = async (username: string, password = DEMO_PASSWORD): Promise<Session> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
    const { csrfToken, user } = res.json();
    return {
      cookie, csrf: csrfToken, user,
      get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
      send: (method, url, body, headers = {}) => app.inject({
        method, url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
        ...(typeof body === 'string' ? { payload: body } : body === undefined ? {} : { payload: body as object }),
      }),
    };
  };
  return { app, clock, files, login };
}

/** The usual start of an HTTP test file: its own database, an app over it, a signed-in user. */
export async function signedIn(username = 'admin'): Promise<{ t: TestDatabase; api: TestApp; session: Session }> {
  const t = await testDatabase();
  const api = await testApp(t.db);
  return { t, api, session: await api.login(username) };
}
