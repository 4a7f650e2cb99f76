// Nightly training of the suggestion models (issue 5): once a night, soon after 02:00 Asia/Shanghai,
// each platform's subject, type and unit models are retrained from its newest closed tickets.
// The runner ticks every TRAIN_CHECK_MS; a tick trains a platform only inside the window after the
// 02:00 mark and only when no model was stored since that mark (src/services/suggest/train.ts
// nightlyDue). So it trains once a night, whatever the interval, and with several instances only
// the runner's leader runs it; the stored models are the record, so a rerun finds nothing to do.
import type { Db } from '../db/connection.js';
import { nightlyDue, trainPlatformModels } from '../services/suggest/train.js';
import { platformIds, type Job } from './runner.js';

export const TRAIN_CHECK_MS = 10 * 60_000;

/** Trains the platforms that are due at `now`; returns what it trained (null for a quiet tick). */
export async function trainDueModels(db: Db, now: Date): Promise<Record<string, unknown> | null> {
  const trained: Record<string, unknown> = {};
  for (const id of await platformIds(db)) {
    if (!(await nightlyDue(db, id, now))) continue;
    const results = await trainPlatformModels(db, id, { now });
    trained[id] = Object.fromEntries(results.map((r) => [r.target, r.trained ? { examples: r.examples, labels: r.labels, macroF1: r.metrics?.macroF1 ?? null } : r.reason]));
  }
  return Object.keys(trained).length > 0 ? trained : null;
}

export const trainModelsJob = (): Job => ({
  name: 'train-models',
  intervalMs: TRAIN_CHECK_MS,
  run: ({ db, now }) => trainDueModels(db, now),
});
