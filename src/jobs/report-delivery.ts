// Scheduled reports (docs/reports.md): every few minutes, each platform's schedules that fired
// since their last delivery get their report written and delivered (src/services/reports/deliveries.ts).
// A schedule fires on the hour, so a five-minute tick delivers within five minutes of it; the
// deliveries' unique key (schedule, period) makes every rerun, and a second runner, a no-op.
import type { Db } from '../db/connection.js';
import { deliverDue } from '../services/reports/deliveries.js';
import { platformIds, type Job } from './runner.js';

export const REPORT_DELIVERY_MS = 5 * 60_000;

/** Delivers what is due on every platform; a schedule that failed is reported (thrown) after the others were delivered. */
export async function deliverReports(db: Db, now: Date): Promise<Record<string, number> | null> {
  const counts = { delivered: 0, recipients: 0 };
  const failed: string[] = [];
  for (const id of await platformIds(db)) {
    const r = await deliverDue(db, id, now);
    counts.delivered += r.delivered;
    counts.recipients += r.recipients;
    failed.push(...r.failed.map((f) => `platform ${id} schedule ${f.scheduleId}: ${f.error}`));
  }
  // Thrown so the runner logs it as a failure; what was delivered is committed, the rest retried next tick.
  if (failed.length) throw new Error(`report delivery failed (${counts.delivered} delivered): ${failed.join('; ')}`);
  return counts.delivered > 0 ? counts : null;
}

export const reportDeliveryJob = (): Job => ({
  name: 'report-delivery',
  intervalMs: REPORT_DELIVERY_MS,
  run: ({ db, now }) => deliverReports(db, now),
});
