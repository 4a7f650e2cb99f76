// The report renderers: one ReportDocument in, four files out, each read back with an independent
// reader (a zip reader for docx, pdf.js for PDF, exceljs for xlsx) to check that the Chinese text,
// the table cells, the total row, the number formats, the charts and the embedded font are there.

import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChartBlock, ReportDocument, TableBlock } from '../../src/reports/document.js';
import { alignRight, displayWidth, fitWidths, formatCell } from '../../src/reports/render/cells.js';
import { chartToPng, chartToSvg, svgToPng } from '../../src/reports/render/charts.js';
import { balancedLines, breakLines, breakUnits } from '../../src/reports/render/cjk-lines.js';
import { SANS_FAMILY, fontPath } from '../../src/reports/render/fonts.js';
import { titleLines } from '../../src/reports/render/pdf.js';
import { FORMAT_INFO, REPORT_FORMATS, renderReport, reportFileName } from '../../src/reports/render/index.js';
import { sampleReport } from '../../src/reports/render/sample.js';
import { tableToXlsx, uniqueSheetName } from '../../src/reports/render/xlsx.js';

const doc: ReportDocument = sampleReport();
// A paragraph with markup characters, to prove the HTML escapes them.
doc.blocks.push({ kind: 'paragraph', text: '附：来电原文含“<script>alert(1)</script>”与 & 符号。' });
const table = doc.blocks.find((b): b is TableBlock => b.kind === 'table')!;
const charts = doc.blocks.filter((b): b is ChartBlock => b.kind === 'chart');
const bar = charts.find((c) => JSON.stringify(c.option).includes('"bar"'))!;
const pie = charts.find((c) => JSON.stringify(c.option).includes('"pie"'))!;
const total = table.total!;
const firstRow = table.rows[0]!;
const lastRow = table.rows[table.rows.length - 1]!;

const out: Record<string, Buffer> = {};

beforeAll(async () => {
  for (const format of REPORT_FORMATS) out[format] = await renderReport(doc, format);
}, 30_000);

describe('the sample document', () => {
  it('has a 25-row table whose total row is the sum of its rows', () => {
    expect(table.rows).toHaveLength(25);
    const sum = (i: number) => table.rows.reduce((a, r) => a + Number(r[i]), 0);
    expect(total[1]).toBe('合计');
    expect(total[2]).toBe(sum(2));
    expect(total[3]).toBe(sum(3));
    expect(bar && pie).toBeTruthy();
  });
});

describe('cells', () => {
  it('prints integers plainly, percents and decimals with two places', () => {
    expect(formatCell(299131, 'integer')).toBe('299131');
    expect(formatCell(71.13, 'percent')).toBe('71.13%');
    expect(formatCell(0.5, 'decimal')).toBe('0.50');
    expect(formatCell(null, 'integer')).toBe('');
    expect(formatCell('合计', 'integer')).toBe('合计');
    expect(alignRight(5, 'integer')).toBe(true);
    expect(alignRight('合计', 'integer')).toBe(false);
    expect(displayWidth('住建局12')).toBe(8);
  });

  it('widens number columns to their minimum at the expense of text columns', () => {
    const widths = fitWidths([100, 20, 20], [0, 30, 10], [true, false, false]);
    expect(widths).toEqual([90, 30, 20]);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(140);
  });
});

describe('Chinese line breaking', () => {
  const measure = (s: string) => displayWidth(s) * 5; // a Chinese character is 10 wide

  it('keeps numbers whole and closing punctuation off the start of a line', () => {
    expect(breakUnits('增加11.90%；结案率')).toEqual(['增', '加', '11.90%；', '结', '案', '率']);
    expect(breakUnits('（一）按来源')).toEqual(['（一）', '按', '来', '源']);
    const text = '2025年，市12345平台共受理问题299131件，较去年增加11.90%；结案率99.57%，较去年上升0.76个百分点。';
    const lines = breakLines(text, 100, measure, 20);
    expect(lines.map((l) => l.text).join('')).toBe(text);
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(line.available);
      expect(line.text).not.toMatch(/^[，。；、%）]/);
    }
    expect(lines[0]!.available).toBe(80);
    expect(lines.at(-1)!.last).toBe(true);
  });

  it('balances a two-line title', () => {
    const title = '青澜市12345政务服务便民热线2025年度运行情况综述';
    const lines = balancedLines(title, 200, measure);
    expect(lines).toHaveLength(2);
    expect(Math.abs(lines[0]!.width - lines[1]!.width)).toBeLessThanOrEqual(30);
  });
});

describe('charts', () => {
  it('renders an SVG with the Chinese labels and the embedded font family', () => {
    const svg = chartToSvg(bar);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['海州区', '连云区', '灌云县', '受理量（件）']) expect(svg).toContain(label);
    expect(svg).toContain(SANS_FAMILY);
    // The block's title is the caption the document prints: an ECharts title repeating it goes.
    const titled = { ...bar, option: { ...bar.option, title: { text: bar.title } } };
    expect(chartToSvg(bar).split(bar.title).length).toBe(1);
    expect(chartToSvg(titled).split(bar.title).length).toBe(1);
    expect(chartToSvg({ ...bar, option: { ...bar.option, title: { text: '另一标题' } } })).toContain('另一标题');
    const pieSvg = chartToSvg(pie);
    expect(pieSvg).toContain('热线电话');
    expect(pieSvg).toContain('信息采集监督员');
  });

  it('rasterises Chinese text with the packaged font (ink where the glyphs are)', () => {
    expect(fontPath('sans')).toMatch(/node_modules.*NotoSansSC.*\.ttf$/);
    const text = (family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="30" font-size="28" font-family="${family}">海州区</text></svg>`;
    // resvg draws nothing for text it has no font for: dark pixels prove the CJK glyphs were found.
    expect(darkPixels(svgToPng(text(SANS_FAMILY), 120, 1))).toBeGreaterThan(200);
    expect(darkPixels(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>', 120, 1))).toBe(0);
    const { png, width } = chartToPng(bar, 2);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(width * 2);
  });
});

describe('HTML', () => {
  it('is a complete page with the table, the charts as SVG, and escaped text', () => {
    const html = out.html!.toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain(`<title>${doc.title}</title>`);
    expect(html).toContain('<h2>一、全年受理情况</h2>');
    expect(html).toContain('<th scope="col">超期30天以上工单数</th>');
    expect(html).toContain('<tr class="total"><td></td><td>合计</td>');
    expect(html).toContain(`<td class="num">${String(total[2])}</td>`);
    expect(html).toContain(`<td class="num">${Number(total[4]).toFixed(2)}%</td>`);
    expect(html.match(/<tr>/g)?.length).toBe(1 + 25); // header + body rows (the total row has a class)
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain('海州区');
    expect(html).not.toContain('<script>');
    expect(html).toContain('“&lt;script&gt;alert(1)&lt;/script&gt;”与 &amp; 符号');
  });
});

describe('Word', () => {
  it('is a docx whose document holds the Chinese text, the table, the images and page numbers', async () => {
    const zip = await JSZip.loadAsync(out.docx!);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(doc.title);
    expect(text).toContain('一、全年受理情况');
    expect(text).toContain('较去年增加11.90%');
    expect(text).toContain(table.title);
    for (const cell of ['县住建局', String(firstRow[2]), '县退役军人事务局', '合计', String(total[2]), `${Number(total[4]).toFixed(2)}%`]) {
      expect(text).toContain(cell);
    }
    expect(xml).toContain('<w:tblHeader');
    expect(xml).toMatch(/w:fill="D9D9D9"/);
    // The total row is bold; body rows are not.
    expect(xml).toMatch(new RegExp(`<w:b/>(?:(?!</w:r>).)*<w:t xml:space="preserve">${String(total[2])}</w:t>`));
    expect(xml).toMatch(/<w:jc w:val="right"\/>/);
    expect(xml).toMatch(/<w:ind w:firstLine="640"\/>/);
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(2);
    expect(xml.match(/<pic:pic /g)?.length).toBe(2);
    const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(footers.join('')).toContain('PAGE');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styles).toContain('w:eastAsia="黑体"');
    // A4 in twips.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });
});

describe('PDF', () => {
  let pages: string[];
  beforeAll(async () => {
    pages = await pdfPages(out.pdf!);
  });

  it('embeds a subset of the CJK font', () => {
    const pdf = out.pdf!;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/Type0');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(raw).toContain('/ToUnicode');
    // The font files are 10–15 MB each: a small PDF proves only the used glyphs went in.
    expect(pdf.length).toBeLessThan(1_000_000);
  });

  it('extracts to the Chinese text, with the table cut across pages under a repeated header', () => {
    // Lines end where the layout broke them, and a justified line may extract with spaces between
    // its characters: compare without white space.
    const all = pages.join('').replace(/\s+/g, '');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const words of ['一、全年受理情况', '较去年增加11.90%', table.title, '县住建局', '县退役军人事务局', '合计', '单位：件', `${Number(total[4]).toFixed(2)}%`]) {
      expect(all).toContain(words);
    }
    expect(all).toContain(String(firstRow[2]));
    expect(all).toContain(String(lastRow[2]));
    // The table runs onto a second page: 续表 and the header again.
    const withHeader = pages.filter((p) => p.includes('序号') && p.includes('督办次数'));
    expect(withHeader.length).toBe(2);
    expect(all).toContain('续表');
    // Page numbers on every page.
    pages.forEach((p, i) => expect(p).toContain(`— ${i + 1} —`));
    // The script tag is text here too, not lost.
    expect(all).toContain('“<script>alert(1)</script>”与&符号。');
  });
});

describe('Excel', () => {
  it('has a 报告 sheet with the prose and one sheet per table with typed numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.xlsx! as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('报告');
    expect(names).toContain(table.title);
    const report = wb.getWorksheet('报告')!;
    const prose = report.getColumn(1).values.map((v) => (typeof v === 'object' && v && 'text' in v ? String(v.text) : String(v ?? '')));
    expect(prose[1]).toBe(doc.title);
    expect(prose.some((t) => t.includes('较去年增加11.90%'))).toBe(true);
    expect(prose).toContain('一、全年受理情况');
    expect(report.getImages()).toHaveLength(2);

    const ws = wb.getWorksheet(table.title)!;
    // Title, unit note, header, total (first, as the table says), then the 25 rows.
    const header = ws.getRow(3);
    expect(header.getCell(2).value).toBe('单位');
    expect(header.getCell(2).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const totalRow = ws.getRow(4);
    expect(totalRow.getCell(2).value).toBe('合计');
    expect(totalRow.getCell(3).value).toBe(total[2]);
    expect(totalRow.getCell(3).font?.bold).toBe(true);
    expect(totalRow.getCell(3).numFmt).toBe('0');
    expect(totalRow.getCell(5).value).toBeCloseTo(Number(total[4]) / 100, 10);
    expect(totalRow.getCell(5).numFmt).toBe('0.00%');
    const first = ws.getRow(5);
    expect(first.getCell(2).value).toBe(firstRow[1]);
    expect(first.getCell(3).value).toBe(firstRow[2]);
    expect(first.getCell(3).font?.bold).toBeFalsy();
    expect(ws.getRow(29).getCell(2).value).toBe(lastRow[1]);
    expect(ws.getRow(30).getCell(1).value).toBe(table.note);
    // Column widths follow the longest Chinese name (two units a character).
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth('县城市管理综合执法局'));
  });

  it('names sheets the way Excel requires', () => {
    const used = new Set<string>(['报告']);
    const long = '承办单位办件情况表一（县直单位）：2025年1月1日至2025年12月31日 [全部]';
    const a = uniqueSheetName(long, used);
    const b = uniqueSheetName(long, used);
    expect([...a].length).toBeLessThanOrEqual(31);
    expect([...b].length).toBeLessThanOrEqual(31);
    expect(a).not.toMatch(/[[\]:*?/\\]/);
    expect(b).not.toBe(a);
    expect(b.endsWith('(2)')).toBe(true);
    expect(uniqueSheetName('报告', used)).toBe('报告(2)');
    expect(uniqueSheetName("'?'", used)).toBe('表');
  });

  it('exports one table for the statistics page', async () => {
    const buf = await tableToXlsx('各区受理量/办结率', [{ title: '区县' }, { title: '受理量', format: 'integer' }, { title: '办结率', format: 'percent' }], [['海州区', 116072, 99.5], ['连云区', 36010, 98.25]], ['合计', 152082, 99.21]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('各区受理量 办结率');
    expect(ws.getRow(1).getCell(1).value).toBe('各区受理量/办结率');
    expect(ws.getRow(3).getCell(2).value).toBe(116072);
    expect(ws.getRow(4).getCell(3).value).toBeCloseTo(0.9825, 10);
    expect(ws.getRow(5).getCell(1).value).toBe('合计');
    expect(ws.getRow(5).getCell(1).font?.bold).toBe(true);
  });
});

describe('renderReport', () => {
  it('tells the content type and file name of each format', () => {
    expect(FORMAT_INFO.pdf.contentType).toBe('application/pdf');
    expect(out.docx!.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(out.xlsx!.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(reportFileName({ title: '年报/2025:终稿' }, 'docx')).toBe('年报_2025_终稿.docx');
  });
});

/** Count of pixels darker than mid-grey in an RGB PNG made by svgToPng (one IDAT, filter 0). */
function darkPixels(png: Buffer): number {
  const width = png.readUInt32BE(16);
  const chunks: Buffer[] = [];
  for (let pos = 8; pos < png.length; ) {
    const len = png.readUInt32BE(pos);
    if (png.toString('latin1', pos + 4, pos + 8) === 'IDAT') chunks.push(png.subarray(pos + 8, pos + 8 + len));
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * 3 + 1;
  let dark = 0;
  for (let i = 0; i < raw.length; i++) {
    const k = (i % stride) - 1; // byte within the row, after its filter byte
    if (k >= 0 && k % 3 === 0 && raw[i]! < 128) dark++; // the red channel of each pixel
  }
  return dark;
}

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const page = await document.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await task.destroy();
  return pages;
}

describe('PDF title lines', () => {
  // One unit of width per character.
  const width = (t: string) => [...t].length;
  it('breaks a long title before the year, not where the width ends', () => {
    expect(titleLines('青澜市12345政务服务便民热线2025年度运行情况综述', width, 20)).toEqual(['青澜市12345政务服务便民热线', '2025年度运行情况综述']);
    expect(titleLines('关于2017年工作情况的通报', width, 20)).toEqual(['关于2017年工作情况的通报']);
  });
  it('keeps the renderer\'s own balancing when there is no year or a part would not fit', () => {
    expect(titleLines('一个没有年份但是非常非常非常长的标题文字', width, 10)).toEqual(['一个没有年份但是非常非常非常长的标题文字']);
    expect(titleLines('很长很长很长很长很长很长的单位名称2025年度运行情况综述', width, 12)).toEqual(['很长很长很长很长很长很长的单位名称2025年度运行情况综述']);
  });
});
