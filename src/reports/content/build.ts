// One entry for every kind of report: the CLI, the API and the delivery job name a report by a
// request and get its document, and the period it covers (a delivery's key).
import type { Db } from '../../db/connection.js';
import type { ReportDocument } from '../document.js';
import { annualReport } from './annual.js';
import { monthlyReport } from './monthly.js';
import { dayRange, monthRange, weekRange, yearRange, type ReportKind, type ReportPeriod } from './periods.js';
import type { Doer } from './source.js';
import { unitsReport } from './units.js';
import { weeklyReport } from './weekly.js';

/** `parentUnitId`: whose children the unit figures group by (default: the platform root, or the caller's unit). */
export type ReportRequest = (
  | { kind: 'annual'; year: number }
  | { kind: 'monthly'; month: string }
  | { kind: 'weekly'; week: string }
  | { kind: 'units'; from: string; to: string }
) & { parentUnitId?: number };

export function periodOf(request: ReportRequest): ReportPeriod {
  switch (request.kind) {
    case 'annual': return yearRange(request.year);
    case 'monthly': return monthRange(request.month);
    case 'weekly': return weekRange(request.week);
    case 'units': return dayRange(request.from, request.to);
  }
}

/** The request that reports on a period of a kind (what a schedule asks for). */
export function requestFor(kind: ReportKind, period: ReportPeriod, parentUnitId?: number): ReportRequest {
  const parent = parentUnitId === undefined ? {} : { parentUnitId };
  switch (kind) {
    case 'annual': return { kind, year: Number(period.from.slice(0, 4)), ...parent };
    case 'monthly': return { kind, month: period.from.slice(0, 7), ...parent };
    case 'weekly': return { kind, week: period.from, ...parent };
    case 'units': return { kind, from: period.from, to: period.to, ...parent };
  }
}

export function buildReport(db: Db, doer: Doer, request: ReportRequest, now: Date): Promise<ReportDocument> {
  switch (request.kind) {
    case 'annual': return annualReport(db, doer, { year: request.year, parentUnitId: request.parentUnitId }, now);
    case 'monthly': return monthlyReport(db, doer, { month: request.month, parentUnitId: request.parentUnitId }, now);
    case 'weekly': return weeklyReport(db, doer, { week: request.week, parentUnitId: request.parentUnitId }, now);
    case 'units': return unitsReport(db, doer, { from: request.from, to: request.to, parentUnitId: request.parentUnitId }, now);
  }
}
