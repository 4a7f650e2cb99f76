// A report as one self-contained, printable HTML page: the on-screen view and what a browser prints
// to A4. Typography follows the government document standard (GB/T 9704): 仿宋 body, 黑体 first-level
// headings, 楷体 second-level, 小标宋 title, 28 characters a line. The fonts are named, not embedded
// (the reader's system fonts are used; the PDF renderer is the one that embeds a font). Charts are
// inline SVG so the page needs nothing from the network.

import type { Block, ChartBlock, ReportDocument, TableBlock } from '../document.js';
import { chartSize, chartToSvg } from './charts.js';
import { alignRight, columnFormat, columnWeights, formatCell, rowsWithTotal } from './cells.js';
import { periodLine } from './meta.js';

const BODY_FONTS = `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "宋体", "SimSun", serif`;
const HEI_FONTS = `"黑体", "SimHei", "Heiti SC", "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif`;
const KAI_FONTS = `"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", ${BODY_FONTS}`;
const TITLE_FONTS = `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif SC", "Noto Serif CJK SC", "宋体", "SimSun", serif`;
const TABLE_FONTS = `"宋体", "SimSun", "Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", serif`;

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
* { box-sizing: border-box; }
html { background: #f2f2f2; }
body { margin: 0; color: #000; font-family: ${BODY_FONTS}; font-size: 16pt; line-height: 28pt; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 16px auto; padding: 37mm 26mm 35mm 28mm;
  box-shadow: 0 1px 6px rgba(0,0,0,.2); }
h1.title { font-family: ${TITLE_FONTS}; font-size: 22pt; line-height: 1.5; font-weight: bold; text-align: center; margin: 0 0 8pt; }
p.subtitle { text-align: center; font-family: ${KAI_FONTS}; margin: 0 0 4pt; text-indent: 0; }
p.meta { text-align: center; font-size: 10.5pt; line-height: 1.6; color: #444; margin: 0 0 20pt; text-indent: 0; }
h2 { font-family: ${HEI_FONTS}; font-size: 16pt; font-weight: bold; margin: 14pt 0 0; line-height: 28pt; text-indent: 2em; }
h3 { font-family: ${KAI_FONTS}; font-size: 16pt; font-weight: bold; margin: 6pt 0 0; line-height: 28pt; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
figure { margin: 14pt 0; break-inside: avoid; page-break-inside: avoid; text-align: center; }
figure.table { text-align: left; }
figcaption { font-family: ${HEI_FONTS}; font-size: 12pt; line-height: 1.6; text-align: center; margin-bottom: 4pt; }
figure svg { max-width: 100%; height: auto; }
.unit-note { text-align: right; font-size: 10.5pt; line-height: 1.4; font-family: ${TABLE_FONTS}; }
table { width: 100%; border-collapse: collapse; font-family: ${TABLE_FONTS}; font-size: 10.5pt; line-height: 1.45; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }
th { background: #d9d9d9; font-family: ${HEI_FONTS}; font-weight: normal; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
p.table-note { text-indent: 0; font-size: 10.5pt; line-height: 1.5; margin-top: 3pt; font-family: ${TABLE_FONTS}; }
figure.table.long { break-inside: auto; page-break-inside: auto; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;

export function renderHtml(doc: ReportDocument): string {
  const blocks = doc.blocks.map(renderBlock).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Minsheng 民声">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main class="page" data-kind="${esc(doc.kind)}">
<h1 class="title">${esc(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${esc(doc.subtitle)}</p>\n` : ''}<p class="meta">${esc(periodLine(doc))}</p>
${blocks}
</main>
</body>
</html>
`;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return block.level === 1 ? `<h2>${esc(block.text)}</h2>` : `<h3>${esc(block.text)}</h3>`;
    case 'paragraph':
      return `<p>${esc(block.text)}</p>`;
    case 'table':
      return renderTable(block);
    case 'chart':
      return renderChart(block);
  }
}

function renderTable(table: TableBlock): string {
  const weights = columnWeights(table);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const cols = weights.map((w) => `<col style="width:${((w / sum) * 100).toFixed(2)}%">`).join('');
  const head = table.columns.map((c) => `<th scope="col">${esc(c.title)}</th>`).join('');
  const body = rowsWithTotal(table)
    .map(({ cells, total }) => {
      const tds = table.columns
        .map((col, i) => {
          const value = cells[i] ?? null;
          const format = columnFormat(col);
          const cls = alignRight(value, format) ? ' class="num"' : '';
          return `<td${cls}>${esc(formatCell(value, format))}</td>`;
        })
        .join('');
      return `<tr${total ? ' class="total"' : ''}>${tds}</tr>`;
    })
    .join('\n');
  // A short table keeps together on one printed page; a long one may break, repeating its header.
  const long = table.rows.length > 15 ? ' long' : '';
  return `<figure class="table${long}">
<figcaption>${esc(table.title)}</figcaption>
${table.unitNote ? `<div class="unit-note">${esc(table.unitNote)}</div>\n` : ''}<table>
<colgroup>${cols}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
${table.note ? `<p class="table-note">${esc(table.note)}</p>\n` : ''}</figure>`;
}

function renderChart(block: ChartBlock): string {
  const { width } = chartSize(block);
  return `<figure class="chart" style="max-width:${width}px;margin-left:auto;margin-right:auto">
<figcaption>${esc(block.title)}</figcaption>
${chartToSvg(block)}
</figure>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
