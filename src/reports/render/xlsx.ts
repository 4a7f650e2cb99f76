// A report as an Excel workbook (exceljs): a 报告 sheet with the title, the prose and the charts (as
// pictures), then one sheet per table with real numbers (percent cells hold 0.7113 shown as 71.13%,
// so a reader can sum, sort and chart them). Also `tableToXlsx`, which the statistics page uses to
// export any one table.

import ExcelJS from 'exceljs';
import type { Cell, ReportDocument, TableBlock, TableColumn } from '../document.js';
import { chartToPng } from './charts.js';
import { columnFormat, displayWidth, formatCell, rowsWithTotal } from './cells.js';
import type { ColumnFormat } from './cells.js';
import { periodLine } from './meta.js';

const FONT = '宋体';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const REPORT_SHEET = '报告';
/** Printed on A4, as wide as the paper allows: one page across, as many down as it takes. */
const PRINT_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'portrait',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
};
/** Width of the 报告 sheet's single text column, in characters of the default font. */
const PROSE_WIDTH = 80;

export const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  integer: '0',
  percent: '0.00%',
  decimal: '0.00',
};

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = newWorkbook(doc.title, doc.generatedAt);
  const used = new Set<string>([REPORT_SHEET.toLowerCase()]);
  const report = wb.addWorksheet(REPORT_SHEET, { views: [{ showGridLines: false }], pageSetup: PRINT_SETUP });
  report.getColumn(1).width = PROSE_WIDTH;

  const line = (text: string, font: Partial<ExcelJS.Font>, align: Partial<ExcelJS.Alignment> = {}) => {
    const row = report.addRow([text]);
    const cell = row.getCell(1);
    cell.font = { name: FONT, size: 11, ...font };
    cell.alignment = { wrapText: true, vertical: 'top', ...align };
    row.height = proseHeight(text, font.size ?? 11);
    return cell;
  };

  line(doc.title, { size: 16, bold: true }, { horizontal: 'center' });
  if (doc.subtitle) line(doc.subtitle, { size: 12 }, { horizontal: 'center' });
  line(periodLine(doc), { size: 10, color: { argb: 'FF555555' } }, { horizontal: 'center' });
  report.addRow([]);

  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'heading':
        line(block.text, { size: block.level === 1 ? 13 : 12, bold: true });
        break;
      case 'paragraph':
        // Two ideographic spaces stand for the first-line indent of the printed formats.
        line(`\u3000\u3000${block.text}`, {});
        break;
      case 'table': {
        const name = uniqueSheetName(block.title, used);
        writeTableSheet(wb.addWorksheet(name, { pageSetup: PRINT_SETUP }), block);
        const cell = line(`${block.title}（见工作表“${name}”）`, { color: { argb: 'FF1F4E99' }, underline: true });
        cell.value = { text: String(cell.value), hyperlink: `#'${name.replace(/'/g, "''")}'!A1` };
        break;
      }
      case 'chart': {
        line(block.title, { bold: true }, { horizontal: 'center' });
        const { png, width, height } = chartToPng(block);
        const image = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
        // The picture stays inside the text column (about 7 px per character of width), centred.
        const colPx = PROSE_WIDTH * 7;
        const shownWidth = Math.min(width, colPx - 20);
        const shownHeight = Math.round((height * shownWidth) / width);
        const first = report.rowCount; // 0-based index of the next row
        const rowsNeeded = Math.ceil(shownHeight / 20) + 1; // default rows are 15 pt = 20 px
        for (let i = 0; i < rowsNeeded; i++) report.addRow([]).height = 15;
        report.addImage(image, { tl: { col: (colPx - shownWidth) / 2 / colPx, row: first + 0.2 }, ext: { width: shownWidth, height: shownHeight } });
        break;
      }
    }
  }
  return toBuffer(wb);
}

/** One table as a workbook of one sheet: the statistics page's "export to Excel". */
export async function tableToXlsx(title: string, columns: TableColumn[], rows: Cell[][], total?: Cell[]): Promise<Buffer> {
  const wb = newWorkbook(title, new Date().toISOString());
  const ws = wb.addWorksheet(uniqueSheetName(title, new Set()), { pageSetup: PRINT_SETUP });
  writeTableSheet(ws, { kind: 'table', title, columns, rows, total });
  return toBuffer(wb);
}

function newWorkbook(title: string, createdIso: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minsheng 民声';
  wb.title = title;
  const created = new Date(createdIso);
  wb.created = Number.isNaN(created.getTime()) ? new Date() : created;
  wb.modified = wb.created;
  return wb;
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/**
 * A table on its own sheet: title, unit note, a bold frozen header, typed number cells, the total
 * row in bold, the note. Column widths follow the widest text (a Chinese character counts two).
 */
export function writeTableSheet(ws: ExcelJS.Worksheet, table: TableBlock): void {
  const ncol = Math.max(1, table.columns.length);
  const formats = table.columns.map(columnFormat);

  const titleRow = ws.addRow([table.title]);
  titleRow.getCell(1).font = { name: FONT, size: 14, bold: true };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 24;
  if (ncol > 1) ws.mergeCells(titleRow.number, 1, titleRow.number, ncol);

  if (table.unitNote) {
    const r = ws.addRow([table.unitNote]);
    r.getCell(1).font = { name: FONT, size: 10 };
    r.getCell(1).alignment = { horizontal: 'right' };
    if (ncol > 1) ws.mergeCells(r.number, 1, r.number, ncol);
  }

  const header = ws.addRow(table.columns.map((c) => c.title));
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: header.number, topLeftCell: `A${header.number + 1}`, activeCell: `A${header.number + 1}` }];
  // Printed, the header row repeats on every page.
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;

  let firstData = 0;
  let lastData = 0;
  for (const { cells, total } of rowsWithTotal(table)) {
    const row = ws.addRow(table.columns.map((_, i) => excelValue(cells[i] ?? null, formats[i] ?? 'text')));
    if (!total) {
      firstData ||= row.number;
      lastData = row.number;
    }
    for (let i = 0; i < ncol; i++) {
      const cell = row.getCell(i + 1);
      const format = formats[i] ?? 'text';
      cell.font = { name: FONT, size: 11, bold: total };
      cell.border = BORDER;
      const numFmt = NUMBER_FORMATS[format];
      if (numFmt && typeof cell.value === 'number') {
        cell.numFmt = numFmt;
        cell.alignment = { horizontal: 'right', vertical: 'middle' };
      } else {
        cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
      }
    }
  }
  // A filter on the data rows only, so sorting never moves the total row (not when it stands first).
  if (firstData && !table.totalFirst) {
    ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: lastData, column: ncol } };
  }

  if (table.note) {
    const r = ws.addRow([table.note]);
    r.getCell(1).font = { name: FONT, size: 10 };
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    if (ncol > 1) ws.mergeCells(r.number, 1, r.number, ncol);
  }

  table.columns.forEach((col, i) => {
    const format = formats[i] ?? 'text';
    let widest = displayWidth(col.title) + 2; // room for the filter button
    for (const cells of table.total ? [...table.rows, table.total] : table.rows) {
      widest = Math.max(widest, displayWidth(formatCell(cells[i] ?? null, format)));
    }
    ws.getColumn(i + 1).width = Math.min(Math.max(widest + 2, 6), 60);
  });
}

/** Percent cells hold 71.13 for 71.13%; Excel holds the fraction and shows it with 0.00%. */
function excelValue(value: Cell, format: ColumnFormat): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return null;
  return format === 'percent' ? value / 100 : value;
}

/**
 * A sheet name Excel accepts: no []:*?/\, not blank, no apostrophe at either end, at most 31
 * characters, unique in the workbook ignoring case ("表(2)" for a second "表"). `used` holds the
 * lower-cased names already taken and receives the new one.
 */
export function uniqueSheetName(title: string, used: Set<string>): string {
  let base = [...title.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim()].join('');
  base = base.replace(/^'+|'+$/g, '').trim() || '表';
  if (base.toLowerCase() === 'history') base = '表 history';
  const truncate = (s: string, max: number) => [...s].slice(0, max).join('').replace(/'+$/, '').trim();
  let name = truncate(base, 31);
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = `(${n})`;
    name = truncate(base, 31 - suffix.length) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

/** Row height (points) of a wrapped prose cell, from the number of lines its text takes. */
function proseHeight(text: string, size: number): number {
  const perLine = (PROSE_WIDTH * 11) / size; // half-width units per line at this size
  const lines = Math.max(1, Math.ceil(displayWidth(text) / (perLine * 0.95)));
  return Math.ceil(lines * size * 1.45 + 4);
}
