// A report as a Word document (docx package). Laid out as a government document (GB/T 9704): A4,
// margins 37/35/28/26 mm, 三号 (16 pt) 仿宋_GB2312 body at a fixed 28.95 pt line (22 lines of 28
// characters), 黑体 first-level headings, 楷体_GB2312 second-level, 小标宋 title, page numbers
// "— 1 —" in the footer. Word substitutes a font the reader lacks (仿宋_GB2312 → 仿宋 on recent
// Windows); the Latin fonts are set apart so digits print in Times New Roman as offices expect.
// Charts are PNG (rasterised with the embedded CJK font), since Word cannot draw an ECharts option.

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IFontAttributesProperties } from 'docx';
import type { Block, ChartBlock, ReportDocument, TableBlock } from '../document.js';
import { chartToPng } from './charts.js';
import { alignRight, columnFormat, columnWeights, displayWidth, fitWidths, formatCell, rowsWithTotal } from './cells.js';
import { periodLine } from './meta.js';

const MM = 56.692; // twips per millimetre
const PAGE = { width: 11906, height: 16838 }; // A4 in twips
const MARGIN = { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // ≈ 156 mm
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);

const LATIN = 'Times New Roman';
const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const FANGSONG = font('仿宋_GB2312');
const HEITI = font('黑体');
const KAITI = font('楷体_GB2312');
const TITLE = font('方正小标宋简体');
const SONGTI = font('宋体');

const BODY_SIZE = 32; // half-points: 三号 16 pt
const TABLE_SIZE = 21; // 五号 10.5 pt
const LINE = 579; // twips: 28.95 pt, 22 lines on the type area
const INDENT_2_CHARS = 2 * BODY_SIZE * 10; // two body characters, in twips

export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 120, line: 360, lineRule: LineRuleType.AUTO },
      children: [new TextRun({ text: doc.title })],
    }),
  ];
  if (doc.subtitle) {
    children.push(
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: doc.subtitle, font: KAITI })] }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240, line: 300, lineRule: LineRuleType.AUTO },
      children: [new TextRun({ text: periodLine(doc), size: TABLE_SIZE })],
    }),
  );
  for (const block of doc.blocks) children.push(...renderBlock(block));

  const document = new Document({
    creator: 'Minsheng 民声',
    title: doc.title,
    styles: {
      default: {
        document: {
          run: { font: FANGSONG, size: BODY_SIZE, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
        title: { run: { font: TITLE, size: 44, bold: false, color: '000000' } },
        heading1: {
          run: { font: HEITI, size: BODY_SIZE, bold: false, color: '000000' },
          paragraph: { indent: { firstLine: INDENT_2_CHARS }, spacing: { before: 120, line: LINE, lineRule: LineRuleType.EXACT } },
        },
        heading2: {
          run: { font: KAITI, size: BODY_SIZE, bold: true, color: '000000' },
          paragraph: { indent: { firstLine: INDENT_2_CHARS }, spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONGTI, size: 28 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function renderBlock(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          keepNext: true,
          children: [new TextRun({ text: block.text })],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: INDENT_2_CHARS },
          children: [new TextRun({ text: block.text })],
        }),
      ];
    case 'table':
      return renderTable(block);
    case 'chart':
      return renderChart(block);
  }
}

function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: 240, after: 60, line: 360, lineRule: LineRuleType.AUTO },
    children: [new TextRun({ text, font: HEITI, size: 24 })],
  });
}

function smallLine(text: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType], keepNext: boolean): Paragraph {
  return new Paragraph({
    alignment,
    keepNext,
    spacing: { before: 60, after: 60, line: 300, lineRule: LineRuleType.AUTO },
    children: [new TextRun({ text, font: SONGTI, size: TABLE_SIZE })],
  });
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

function renderTable(table: TableBlock): (Paragraph | Table)[] {
  const weights = columnWeights(table);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  // Numbers never wrap: a number column is at least as wide as its widest figure plus the cell
  // margins. Digits are half an em in Times New Roman (105 twips at 10.5 pt); 140 leaves room for a
  // wider substitute (DejaVu Serif where Times is missing).
  const formats = table.columns.map(columnFormat);
  const need = table.columns.map((_, i) => {
    const format = formats[i] ?? 'text';
    if (format === 'text') return 0;
    let widest = 0;
    for (const cells of table.total ? [...table.rows, table.total] : table.rows) {
      widest = Math.max(widest, displayWidth(formatCell(cells[i] ?? null, format)));
    }
    return widest * 140 + 2 * 80 + 40;
  });
  const widths = fitWidths(
    weights.map((w) => (w / sum) * TEXT_WIDTH),
    need,
    formats.map((f) => f === 'text'),
  ).map(Math.floor);

  const cell = (text: string, opts: { header?: boolean; right?: boolean; bold?: boolean; width: number }) =>
    new TableCell({
      width: { size: opts.width, type: WidthType.DXA },
      borders: CELL_BORDERS,
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 30, bottom: 30, left: 80, right: 80 },
      shading: opts.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9D9D9' } : undefined,
      children: [
        new Paragraph({
          alignment: opts.header ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
          spacing: { line: 276, lineRule: LineRuleType.AUTO },
          children: [new TextRun({ text, font: opts.header ? HEITI : SONGTI, size: TABLE_SIZE, bold: opts.bold })],
        }),
      ],
    });

  const header = new TableRow({
    tableHeader: true, // repeated at the top of every page the table runs onto
    cantSplit: true,
    children: table.columns.map((c, i) => cell(c.title, { header: true, width: widths[i] ?? 0 })),
  });
  const rows = rowsWithTotal(table).map(
    ({ cells, total }) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map((col, i) => {
          const value = cells[i] ?? null;
          const format = columnFormat(col);
          return cell(formatCell(value, format), { right: alignRight(value, format), bold: total, width: widths[i] ?? 0 });
        }),
      }),
  );

  const out: (Paragraph | Table)[] = [caption(table.title)];
  if (table.unitNote) out.push(smallLine(table.unitNote, AlignmentType.RIGHT, true));
  out.push(
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [header, ...rows],
    }),
  );
  if (table.note) out.push(smallLine(table.note, AlignmentType.LEFT, false));
  // An empty line after the table, so the next paragraph does not stick to its bottom border.
  out.push(new Paragraph({ spacing: { line: 240, lineRule: LineRuleType.AUTO }, children: [] }));
  return out;
}

function renderChart(block: ChartBlock): Paragraph[] {
  const { png, width, height } = chartToPng(block);
  const shown = Math.min(width, TEXT_WIDTH_PX);
  return [
    caption(block.title),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      // An image in a fixed-height line would be clipped to 28.95 pt: this line grows with it.
      spacing: { after: 240, line: 240, lineRule: LineRuleType.AUTO },
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: shown, height: Math.round((height * shown) / width) },
          altText: { name: block.title, title: block.title, description: block.title },
        }),
      ],
    }),
  ];
}
