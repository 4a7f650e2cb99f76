// A report as PDF (pdfkit). The CJK fonts come from npm packages and are embedded as subsets (only
// the glyphs used), so a 30-page report stays a few hundred KB and reads the same on any machine;
// pdfkit writes a ToUnicode map, so the text can be searched and copied. Laid out like the Word
// output (GB/T 9704: A4, margins 37/35/28/26 mm, 16 pt body on a 28.95 pt line). Tables are drawn
// here rather than with pdfkit's table helper, to control breaking: a row never splits, and a table
// that runs onto the next page repeats its header under a 续表 mark. Prose is broken into lines and
// justified by cjk-lines.ts (pdfkit cannot justify Chinese). Charts are the same PNG Word gets
// (twice their CSS size, about 200 dpi on the page): svg-to-pdfkit was tried for vector charts and
// lost ECharts' haloed pie labels and shifted legend text.

import PDFDocument from 'pdfkit';
import type { Block, ChartBlock, ReportDocument, TableBlock } from '../document.js';
import { chartSize, chartToPng } from './charts.js';
import { alignRight, columnFormat, columnWeights, fitWidths, formatCell, rowsWithTotal } from './cells.js';
import { balancedLines, breakLines } from './cjk-lines.js';
import type { Line } from './cjk-lines.js';
import { fontBuffer } from './fonts.js';
import type { FontRole } from './fonts.js';
import { periodLine } from './meta.js';

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const BODY_SIZE = 16;
const BODY_LINE = 28.95;
const TABLE_SIZE = 10.5;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const HEADER_FILL = '#d9d9d9';

type Doc = PDFKit.PDFDocument;

const LATIN_RUN = /^[\u0021-\u007e\u00a0-\u024f]+$/u;
const LATIN_RUN_OR_OTHER = /[\u0021-\u007e\u00a0-\u024f]+|[^\u0021-\u007e\u00a0-\u024f]+/gu;

export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true, // page numbers are written once the page count is known
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: report.title, Creator: 'Minsheng 民声', Producer: 'Minsheng 民声 (pdfkit)' },
  });
  const done = collect(doc);
  for (const role of ['serif', 'serifBold', 'sans', 'sansBold'] as FontRole[]) doc.registerFont(role, fontBuffer(role));

  const r = new Layout(doc);
  r.title(report);
  report.blocks.forEach((block, i) => {
    switch (block.kind) {
      case 'heading':
        r.heading(block.text, block.level, report.blocks[i + 1]);
        break;
      case 'paragraph':
        r.paragraph(block.text);
        break;
      case 'table':
        r.table(block);
        break;
      case 'chart':
        r.chart(block);
        break;
    }
  });
  r.pageNumbers();
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

class Layout {
  private readonly width: number;

  constructor(private readonly doc: Doc) {
    this.width = doc.page.width - MARGINS.left - MARGINS.right;
  }

  private get left(): number {
    return MARGINS.left;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGINS.bottom;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /**
   * Flows a block of text line by line: each line is placed in a box `line` points high, text
   * centred in it; full lines of justified text are spread to the measure. A line that does not fit
   * on the page starts the next one.
   */
  private flow(text: string, opts: { role: FontRole; size: number; line: number; indent?: number; align: 'justify' | 'left' | 'center' }): void {
    const { doc } = this;
    doc.font(opts.role).fontSize(opts.size);
    const measure = (s: string) => doc.widthOfString(s);
    const glyphTop = (opts.line - doc.currentLineHeight()) / 2;
    const indent = opts.indent ?? 0;
    const lines = opts.align === 'center' ? balancedLines(text, this.width, measure) : breakLines(text, this.width, measure, indent);
    const n = lines.length;
    lines.forEach((line, i) => {
      const room = Math.floor((this.bottom - doc.y) / opts.line + 1e-6);
      // No page ends on a paragraph's first line alone, nor starts with its last line alone.
      const orphan = i === 0 && n >= 2 && room < 2;
      const widow = i === n - 2 && n >= 3 && room === 1;
      if (room < 1 || orphan || widow) doc.addPage();
      const y = doc.y;
      const top = y + glyphTop;
      const dx = i === 0 ? indent : 0;
      if (opts.align === 'center') {
        doc.text(line.text, this.left + (this.width - line.width) / 2, top, { lineBreak: false });
      } else if (opts.align === 'justify') {
        this.justified(line, this.left + dx, top, opts.size, measure);
      } else {
        doc.text(line.text, this.left + dx, top, { lineBreak: false });
      }
      doc.x = this.left;
      doc.y = y + opts.line;
    });
  }

  /**
   * A justified line: the slack is shared between the places where the line could have broken, so
   * Chinese characters spread evenly while a number or Latin word ("11.90%") keeps its letters
   * together. A run of Chinese is one text object with character spacing (so it stays searchable as
   * a word); each number run is its own object followed by the same gap.
   */
  private justified(line: Line, x: number, y: number, size: number, measure: (s: string) => number): void {
    const { doc } = this;
    const segments = line.text.match(LATIN_RUN_OR_OTHER) ?? [];
    const gapsOf = (seg: string) => (LATIN_RUN.test(seg) ? 1 : [...seg].length);
    const gaps = segments.reduce((n, seg) => n + gapsOf(seg), 0) - 1;
    const slack = line.available - line.width;
    const extra = !line.last && gaps > 0 && slack > 0 && slack / gaps <= size ? slack / gaps : 0;
    let cx = x;
    for (const seg of segments) {
      const latin = LATIN_RUN.test(seg);
      doc.text(seg, cx, y, { lineBreak: false, characterSpacing: latin ? 0 : extra });
      cx += measure(seg) + gapsOf(seg) * extra;
    }
  }

  title(report: ReportDocument): void {
    const { doc } = this;
    for (const line of titleLines(report.title, (t) => doc.font('serifBold').fontSize(22).widthOfString(t), this.width)) {
      this.flow(line, { role: 'serifBold', size: 22, line: 34, align: 'center' });
    }
    if (report.subtitle) this.flow(report.subtitle, { role: 'serif', size: 16, line: BODY_LINE, align: 'center' });
    doc.fillColor('#444444');
    this.flow(periodLine(report), { role: 'serif', size: 12, line: 20, align: 'center' });
    doc.fillColor('#000000');
    doc.y += 14;
  }

  /** Space that must follow a heading on its page: two lines of text, or a chart, or a table's top. */
  private keepWithHeading(next: Block | undefined): number {
    if (next?.kind === 'chart') {
      const { width, height } = chartSize(next);
      return 36 + (height * Math.min(this.width, width * 0.75)) / width;
    }
    if (next?.kind === 'table') return 100;
    return BODY_LINE * 2;
  }

  heading(text: string, level: 1 | 2, next?: Block): void {
    this.ensure(BODY_LINE + this.keepWithHeading(next));
    if (level === 1) this.doc.y += 4;
    this.flow(text, { role: level === 1 ? 'sansBold' : 'serifBold', size: BODY_SIZE, line: BODY_LINE, indent: BODY_SIZE * 2, align: 'left' });
  }

  paragraph(text: string): void {
    // A line break inside a paragraph's text starts a new indented paragraph, as it reads.
    for (const part of text.split(/\s*\n\s*/u)) {
      if (part) this.flow(part, { role: 'serif', size: BODY_SIZE, line: BODY_LINE, indent: BODY_SIZE * 2, align: 'justify' });
    }
  }

  private caption(text: string): void {
    const { doc } = this;
    doc.font('sansBold').fontSize(12);
    doc.text(text, this.left, doc.y, { width: this.width, align: 'center' });
    doc.y += 3;
  }

  private smallText(text: string, align: 'left' | 'right'): void {
    const { doc } = this;
    doc.font('serif').fontSize(TABLE_SIZE);
    doc.text(text, this.left, doc.y, { width: this.width, align });
  }

  table(table: TableBlock): void {
    const { doc } = this;
    const weights = columnWeights(table);
    const sum = weights.reduce((a, b) => a + b, 0) || 1;
    const formats = table.columns.map(columnFormat);
    // Numbers never wrap: a number column is at least as wide as its widest figure (in bold, for
    // the total row); the room comes from the text columns.
    doc.font('serifBold').fontSize(TABLE_SIZE);
    const need = table.columns.map((_, i) => {
      const format = formats[i] ?? 'text';
      if (format === 'text') return 0;
      let widest = 0;
      for (const cells of table.total ? [...table.rows, table.total] : table.rows) {
        widest = Math.max(widest, doc.widthOfString(formatCell(cells[i] ?? null, format)));
      }
      return widest + 2 * CELL_PAD_X + 1;
    });
    const widths = fitWidths(
      weights.map((w) => (w / sum) * this.width),
      need,
      formats.map((f) => f === 'text'),
    );

    const headerCells = table.columns.map((c) => ({ text: c.title, right: false }));
    const headerHeight = this.rowHeight(headerCells, widths, 'sans');
    const rows = rowsWithTotal(table).map(({ cells, total }) => {
      const texts = table.columns.map((_, i) => {
        const value = cells[i] ?? null;
        const format = formats[i] ?? 'text';
        return { text: formatCell(value, format), right: alignRight(value, format) };
      });
      const role: FontRole = total ? 'serifBold' : 'serif';
      return { texts, role, height: this.rowHeight(texts, widths, role) };
    });

    doc.y += 8;
    // Caption, unit note, header and the first row stay together; a short table (under half
    // a page) stays whole, so no 续表 carries a lone total row onto the next page.
    const lead = 20 + (table.unitNote ? 16 : 0) + headerHeight + (rows[0]?.height ?? 0);
    const whole = lead + rows.slice(1).reduce((h, r) => h + r.height, 0) + (table.note ? 19 : 0);
    this.ensure(whole <= (this.bottom - MARGINS.top) / 2 ? whole : lead);
    this.caption(table.title);
    if (table.unitNote) this.smallText(table.unitNote, 'right');
    this.drawRow(headerCells, widths, headerHeight, 'sans', HEADER_FILL);

    for (const row of rows) {
      if (doc.y + row.height > this.bottom) {
        doc.addPage();
        doc.font('serif').fontSize(TABLE_SIZE).text('续表', this.left, doc.y, { width: this.width, align: 'left' });
        doc.y += 2;
        this.drawRow(headerCells, widths, headerHeight, 'sans', HEADER_FILL);
      }
      this.drawRow(row.texts, widths, row.height, row.role);
    }
    if (table.note) {
      doc.y += 3;
      this.ensure(16);
      this.smallText(table.note, 'left');
    }
    doc.y += 10;
  }

  private rowHeight(cells: { text: string }[], widths: number[], role: FontRole): number {
    const { doc } = this;
    doc.font(role).fontSize(TABLE_SIZE);
    let h = doc.currentLineHeight(true);
    cells.forEach((c, i) => {
      if (c.text) h = Math.max(h, doc.heightOfString(c.text, { width: (widths[i] ?? 0) - 2 * CELL_PAD_X }));
    });
    return h + 2 * CELL_PAD_Y;
  }

  private drawRow(cells: { text: string; right: boolean }[], widths: number[], height: number, role: FontRole, fill?: string): void {
    const { doc } = this;
    const top = doc.y;
    let x = this.left;
    doc.lineWidth(0.5).strokeColor('#000000');
    cells.forEach((c, i) => {
      const w = widths[i] ?? 0;
      if (fill) doc.rect(x, top, w, height).fillAndStroke(fill, '#000000');
      else doc.rect(x, top, w, height).stroke();
      doc.fillColor('#000000').font(role).fontSize(TABLE_SIZE);
      const inner = w - 2 * CELL_PAD_X;
      const textHeight = doc.heightOfString(c.text || ' ', { width: inner });
      doc.text(c.text, x + CELL_PAD_X, top + (height - textHeight) / 2, {
        width: inner,
        align: fill ? 'center' : c.right ? 'right' : 'left',
        lineBreak: true,
      });
      x += w;
    });
    doc.x = this.left;
    doc.y = top + height;
  }

  chart(block: ChartBlock): void {
    const { doc } = this;
    const { png, width, height } = chartToPng(block);
    const shownWidth = Math.min(this.width, width * 0.75); // CSS px are 0.75 pt; shrink to the type area
    const shownHeight = (height * shownWidth) / width;
    doc.y += 8;
    this.ensure(20 + shownHeight);
    this.caption(block.title);
    const top = doc.y;
    doc.image(png, this.left + (this.width - shownWidth) / 2, top, { width: shownWidth, height: shownHeight });
    doc.x = this.left;
    doc.y = top + shownHeight + 10;
  }

  pageNumbers(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would make pdfkit open a new page: lift the margin first.
      const saved = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('serif').fontSize(14).fillColor('#000000');
      doc.text(`— ${i + 1 - range.start} —`, this.left, doc.page.height - MARGINS.bottom + 22, { width: this.width, align: 'center', lineBreak: false });
      doc.page.margins.bottom = saved;
    }
  }
}

/**
 * A title too long for one line breaks where an office would break it: before the year
 * (青澜市12345政务服务便民热线 / 2025年度运行情况综述), not wherever the width ends (…便民 / 热线…).
 */
export function titleLines(title: string, width: (text: string) => number, room: number): string[] {
  if (width(title) <= room) return [title];
  const at = title.search(/\d{4}年/);
  if (at <= 0) return [title];
  const head = title.slice(0, at);
  const tail = title.slice(at);
  return width(head) <= room && width(tail) <= room ? [head, tail] : [title];
}
