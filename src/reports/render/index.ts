// One entry for every format: the CLI (`minsheng report … --format`), the HTTP download and the
// scheduled delivery all call renderReport with the same ReportDocument.

import type { ReportDocument } from '../document.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

export const REPORT_FORMATS = ['html', 'docx', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FORMAT_INFO: Record<ReportFormat, { contentType: string; extension: string; label: string }> = {
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', label: '网页' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word' },
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'docx':
      return renderDocx(doc);
    case 'pdf':
      return renderPdf(doc);
    case 'xlsx':
      return renderXlsx(doc);
  }
}

/**
 * A download's file name: the report's title with characters no file system accepts removed
 * (for a Content-Disposition header, encode it with RFC 5987 `filename*=UTF-8''…`).
 */
export function reportFileName(doc: Pick<ReportDocument, 'title'>, format: ReportFormat): string {
  const base = [...doc.title].map((ch) => (/[\\/:*?"<>|]/.test(ch) || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').trim().slice(0, 120) || 'report';
  return `${base}.${FORMAT_INFO[format].extension}`;
}

export { tableToXlsx } from './xlsx.js';
export { renderHtml } from './html.js';
export { chartToSvg, chartToPng } from './charts.js';
