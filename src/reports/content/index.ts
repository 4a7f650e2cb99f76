// Report content: each builder reads figures from computeStats only and returns a ReportDocument
// that every renderer (src/reports/render) turns into HTML, Word, PDF or Excel.
export { annualReport, type AnnualOptions } from './annual.js';
export { monthlyReport, type MonthlyOptions } from './monthly.js';
export { weeklyReport, type WeeklyOptions } from './weekly.js';
export { unitsReport, type UnitsReportOptions } from './units.js';
export { buildReport, type ReportRequest } from './build.js';
export * from './periods.js';
