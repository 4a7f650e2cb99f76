// Global setup of the integration projects: a PostgreSQL (embedded, or TEST_DATABASE_URL's server)
// with a seeded template database.
import './exit-code.js';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedHandle } from '../../src/db/embedded.js';
import { buildTemplate, dropTemplate } from './template.js';
import './provided.js';

export default async function setup(project: TestProject) {
  const target = process.env.MINSHENG_TEST_TARGET === 'external' ? 'external' : 'embedded';
  let embedded: EmbeddedHandle | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (target === 'external') {
    adminUrl = process.env.TEST_DATABASE_URL!;
  } else {
    dir = mkdtempSync(path.join(tmpdir(), 'minsheng-test-'));
    // mkdtemp makes the folder 0700; as root, the embedded server runs as its own user and must get in.
    chmodSync(dir, 0o755);
    embedded = await startEmbedded({ dataDir: dir });
    adminUrl = embedded.adminUrl;
  }
  const template = await buildTemplate(adminUrl);
  project.provide('dbAdminUrl', adminUrl);
  project.provide('dbTemplate', template);
  project.provide('dbTarget', target);
  return async () => {
    await dropTemplate(adminUrl, template);
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
