// The warning sweep (issue 5 §5): every ten minutes, per platform, hotspots among recent tickets,
// surges against each subject × district's weekly baseline, and sensitive rules. Safe to rerun: an
// open warning with the same key is updated, never duplicated (src/services/warnings/detect.ts).
import type { Db } from '../db/connection.js';
import { detectWarnings, type DetectResult } from '../services/warnings/detect.js';
import { platformIds } from './runner.js';

export async function sweepWarnings(db: Db, now: Date): Promise<DetectResult> {
  const total: DetectResult = { created: 0, updated: 0, hotspots: 0, surges: 0, sensitive: 0 };
  for (const id of await platformIds(db)) {
    const r = await detectWarnings(db, id, now);
    for (const k of Object.keys(total) as (keyof DetectResult)[]) total[k] += r[k];
  }
  return total;
}
