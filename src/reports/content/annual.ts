// The annual report 年度运行情况综述 (seed 000): sections in ./overview.ts, the year compared with the
// year before ("较去年增加11.90%").
import type { Db } from '../../db/connection.js';
import type { ReportDocument } from '../document.js';
import { overviewReport, type OverviewOptions } from './overview.js';
import { yearRange } from './periods.js';
import type { Doer } from './source.js';

export interface AnnualOptions extends OverviewOptions {
  year: number;
}

export function annualReport(db: Db, doer: Doer, options: AnnualOptions, now: Date): Promise<ReportDocument> {
  return overviewReport(db, doer, 'annual', yearRange(options.year), options, now);
}
