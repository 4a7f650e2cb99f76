// evaluation-monthly: on the first days of a month (Asia/Shanghai) each platform's templates get last
// month's draft computed, at most once a day (src/services/evaluation/compute.ts computeDueDrafts),
// so the office finds a draft to check and publish. Published months are never touched; a rerun the
// same day finds nothing to do.
import type { Db } from '../db/connection.js';
import { computeDueDrafts } from '../services/evaluation/compute.js';
import { platformIds, type Job } from './runner.js';

export const EVALUATION_CHECK_MS = 60 * 60_000;

export async function computeEvaluationDrafts(db: Db, now: Date): Promise<Record<string, unknown> | null> {
  const done: Record<string, unknown> = {};
  for (const id of await platformIds(db)) {
    const r = await computeDueDrafts(db, id, now);
    if (r.length) done[id] = r.map((x) => ({ template: x.templateCode, month: x.month, units: x.units, items: x.items }));
  }
  return Object.keys(done).length ? done : null;
}

export const evaluationMonthlyJob = (): Job => ({
  name: 'evaluation-monthly',
  intervalMs: EVALUATION_CHECK_MS,
  run: ({ db, now }) => computeEvaluationDrafts(db, now),
});
