// The monthly report 运行情况月报: the sections of the annual report (./overview.ts) for one month,
// compared with the month before ("较上月"), with a daily trend.
import type { Db } from '../../db/connection.js';
import type { ReportDocument } from '../document.js';
import { overviewReport, type OverviewOptions } from './overview.js';
import { monthRange } from './periods.js';
import type { Doer } from './source.js';

export interface MonthlyOptions extends OverviewOptions {
  /** YYYY-MM */
  month: string;
}

export function monthlyReport(db: Db, doer: Doer, options: MonthlyOptions, now: Date): Promise<ReportDocument> {
  return overviewReport(db, doer, 'monthly', monthRange(options.month), options, now);
}
