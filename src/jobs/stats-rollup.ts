// The statistics rollups (docs/figures.md): every five minutes, the days whose tickets or
// assignments changed are redone from the raw tables, so the statistics page, the reports and the
// evaluation read a year in narrow rows. The first run on a platform builds everything.
import { refreshRollups } from '../services/stats/rollup.js';
import { platformIds, type Job } from './runner.js';

export const STATS_ROLLUP_INTERVAL_MS = 5 * 60_000;

export const statsRollupJob = (): Job => ({
  name: 'stats-rollup',
  intervalMs: STATS_ROLLUP_INTERVAL_MS,
  async run({ db, now }) {
    let days = 0;
    let full = 0;
    for (const id of await platformIds(db)) {
      const r = await refreshRollups(db, id, now);
      days += Math.max(r.days, 0);
      full += r.full ? 1 : 0;
    }
    return days > 0 || full > 0 ? { days, full } : null;
  },
});
