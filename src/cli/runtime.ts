// Opening the database the way every command needs it: DATABASE_URL, or the embedded server.
import type { Config } from '../config.js';
import { createDb, type Db } from '../db/connection.js';
import { startEmbedded } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';

export interface Runtime {
  db: Db;
  databaseUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: (line: string) => void = () => {}): Promise<Runtime> {
  const embedded = config.databaseUrl ? null : await startEmbedded({ dataDir: config.dataDir, log });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const db = createDb(databaseUrl);
  let closed = false;
  return {
    db,
    databaseUrl,
    embedded: embedded !== null,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export async function openMigrated(config: Config, log?: (line: string) => void): Promise<Runtime & { applied: string[] }> {
  const runtime = await openRuntime(config, log);
  try {
    return { ...runtime, applied: await migrate(runtime.db) };
  } catch (e) {
    await runtime.close();
    throw e;
  }
}
