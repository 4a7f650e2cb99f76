// A report on demand: the content builder for the request (figures in the caller's scope: a
// district's leader gets their district's report) and, unless the document itself is asked for,
// its rendering in one format.
import type { Db } from '../../db/connection.js';
import { forbidden } from '../../domain/errors.js';
import { buildReport, type ReportRequest } from '../../reports/content/build.js';
import type { ReportDocument } from '../../reports/document.js';
import { FORMAT_INFO, renderReport, reportFileName, type ReportFormat } from '../../reports/render/index.js';
import { mayReadStats } from '../stats/stats.js';
import type { Doer } from '../tickets/context.js';

export interface RenderedReport {
  doc: ReportDocument;
  format: ReportFormat;
  bytes: Buffer;
  fileName: string;
  contentType: string;
  /** Content built, and rendered. */
  buildMs: number;
  renderMs: number;
}

/** Who may read reports: whoever may read figures (leaders, supervisors, unit liaisons, the office's staff). */
export const mayReadReports = (doer: Doer): boolean => mayReadStats(doer);

export async function reportDocument(db: Db, doer: Doer, request: ReportRequest, now: Date): Promise<{ doc: ReportDocument; ms: number }> {
  if (!mayReadReports(doer)) throw forbidden('查看报表');
  const t0 = performance.now();
  const doc = await buildReport(db, doer, request, now);
  return { doc, ms: Math.round(performance.now() - t0) };
}

export async function renderedReport(db: Db, doer: Doer, request: ReportRequest, format: ReportFormat, now: Date): Promise<RenderedReport> {
  const { doc, ms } = await reportDocument(db, doer, request, now);
  const t0 = performance.now();
  const bytes = await renderReport(doc, format);
  return {
    doc, format, bytes, fileName: reportFileName(doc, format), contentType: FORMAT_INFO[format].contentType,
    buildMs: ms, renderMs: Math.round(performance.now() - t0),
  };
}
