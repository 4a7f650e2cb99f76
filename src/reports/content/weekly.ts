// The weekly report 运行情况周报: the sections of the annual report (./overview.ts) for one ISO week
// (Monday to Sunday; any day of the week names it), compared with the week before ("较上周").
import type { Db } from '../../db/connection.js';
import type { ReportDocument } from '../document.js';
import { overviewReport, type OverviewOptions } from './overview.js';
import { weekRange } from './periods.js';
import type { Doer } from './source.js';

export interface WeeklyOptions extends OverviewOptions {
  /** Any day of the week, YYYY-MM-DD. */
  week: string;
}

export function weeklyReport(db: Db, doer: Doer, options: WeeklyOptions, now: Date): Promise<ReportDocument> {
  return overviewReport(db, doer, 'weekly', weekRange(options.week), options, now);
}
