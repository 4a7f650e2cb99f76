// Global setup of the browser tests: the built console served by the real server over a fresh
// embedded PostgreSQL holding the demo city.
import './exit-code.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/connection.js';
import { startEmbedded } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { buildApp } from '../../src/http/app.js';
import { DiskFileStore } from '../../src/services/attachments/storage.js';
import { TicketBus } from '../../src/services/tickets/bus.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { seedDemoCity } from '../../src/services/demo/seed.js';
import { ensurePlatform } from '../../src/services/platform.js';
import { DEMO_PASSWORD, testVault } from './template.js';
import './provided.js';

export default async function setup(project: TestProject) {
  execFileSync('node', ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-e2e-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbedded({ dataDir: dir });
  const db = createDb(pg.url);
  await migrate(db);
  await ensurePlatform(db, new Date());
  await seedDemoCity(db, DEMO_PASSWORD, new Date());
  // Some history, so lists, the leader's page and the map have something to show (bulk: fast).
  await seedHistory(db, testVault, { count: 1500, now: new Date(), via: 'bulk', sweep: sweepDeadlines });
  const ticketBus = new TicketBus(pg.url);
  await ticketBus.start();
  const app = await buildApp({
    db, vault: testVault, clock: () => new Date(), cookieSecure: false, sessionHours: 12, loginRateLimit: 1000, logLevel: 'warn',
    webDist: path.resolve('web/dist'), files: new DiskFileStore(path.join(dir, 'files')), ticketBus,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('e2eBaseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await app.close();
    await ticketBus.stop();
    await db.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
