// 预警函 The warning letter: one HTML page styled for print (A4), from the warning the caller may see.
// The tickets listed are those in the caller's scope (getWarning); the figures cover them all.
import type { WarningDetail } from './warnings.js';

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A Shanghai calendar date in Chinese: 2026年6月10日. */
export const chineseDate = (iso: string): string => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
const minute = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** What the recipients are asked to do, by level. */
const ACTIONS: Record<number, string[]> = {
  1: ['请立即组织研判，明确牵头单位和责任领导；', '涉及群体性、安全生产事项的，请按应急预案先行处置，防止事态扩大；', '请于反馈期限前将处置情况书面反馈市12345热线办公室。'],
  2: ['请分管领导牵头督促相关部门核实情况、制定处置方案；', '对集中反映的问题，请统一答复口径，及时回应市民关切；', '请于反馈期限前将处置进展反馈市12345热线办公室。'],
  3: ['请责任单位立即核实诉求反映情况，依法依规处置；', '请逐件办理所列工单，按时答复市民；', '请于反馈期限前将办理结果反馈市12345热线办公室。'],
};

const FACT_LABELS: Record<string, string> = {
  heat: '热度指数', citizens: '涉及市民', windowDays: '统计天数', current: '近24小时件数', mean: '前几周同期均值', sd: '标准差',
  limit: '预警线', weeks: '基线周数', ratio: '为平时倍数', rule: '规则', minCount: '预警起点（件）', windowHours: '统计时长（小时）',
};

export function renderLetterHtml(w: WarningDetail, issuer = '12345政务服务便民热线办公室'): string {
  // Titles read "<matter>：<detail>" (hotspots) or are the matter itself (surges, sensitive matters).
  const heading = `关于${esc(w.title.split('：')[0])}的预警函`;
  const facts = Object.entries(w.facts)
    .filter(([k, v]) => FACT_LABELS[k] && (typeof v === 'number' || typeof v === 'string'))
    .map(([k, v]) => `<tr><th>${esc(FACT_LABELS[k])}</th><td>${esc(v)}</td></tr>`).join('');
  const recipients = w.recipients.map((r) => `${esc(r.unitName)} ${esc(r.name)}`).join('、') || '相关单位';
  const tickets = w.tickets.map((t, i) => `<tr><td>${i + 1}</td><td>${esc(t.number)}</td><td>${esc(t.title)}</td><td>${esc(minute(t.acceptedAt))}</td><td>${esc(t.districtName ?? '')}</td></tr>`).join('');
  const hidden = w.ticketsHidden > 0 ? `<p class="note">另有 ${w.ticketsHidden} 件工单不在您的查看范围内，未列出。</p>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${heading}</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  body { font-family: "FangSong", "STFangsong", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.75; color: #000; max-width: 170mm; margin: 0 auto; padding: 12mm 0; }
  .red { color: #c00; text-align: center; font-size: 26pt; font-family: "SimSun", "Songti SC", serif; font-weight: bold; letter-spacing: 4pt; border-bottom: 2px solid #c00; padding-bottom: 4mm; margin-bottom: 2mm; }
  .number { text-align: center; font-size: 14pt; margin-bottom: 8mm; }
  h1 { font-family: "SimHei", "Heiti SC", sans-serif; font-size: 20pt; text-align: center; margin: 6mm 0; }
  h2 { font-family: "SimHei", "Heiti SC", sans-serif; font-size: 16pt; margin: 5mm 0 2mm; }
  p { text-indent: 2em; margin: 0 0 2mm; }
  p.to, p.note { text-indent: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.4; margin: 2mm 0 4mm; }
  th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
  table.facts th { width: 35%; background: #f3f3f3; }
  .level { display: inline-block; border: 2px solid #c00; color: #c00; padding: 0 3mm; font-weight: bold; }
  .sign { text-align: right; margin-top: 14mm; }
  ol { margin: 0 0 2mm 2em; padding: 0; }
  @media print { body { padding: 0; } .noprint { display: none; } }
</style></head>
<body>
<div class="red">12345热线预警函</div>
<div class="number">${esc(w.number)}&#12288;<span class="level">${esc(w.levelLabel)}预警</span></div>
<h1>${heading}</h1>
<p class="to">${recipients}：</p>
<p>${esc(chineseDate(w.firstAt))}至${esc(chineseDate(w.lastAt))}，12345热线共受理${w.place ? `涉及${esc(w.place)}的` : ''}相关诉求 <b>${w.ticketCount}</b> 件（${esc(w.kindLabel)}）。${esc(w.summary)}</p>
<p>根据三级研判预警机制，现将有关情况函告如下，请高度重视。</p>
<h2>一、主要数据</h2>
<table class="facts"><tbody><tr><th>预警类型</th><td>${esc(w.kindLabel)}</td></tr><tr><th>预警级别</th><td>${esc(w.levelLabel)}</td></tr><tr><th>工单数</th><td>${w.ticketCount}</td></tr>${facts}</tbody></table>
<h2>二、相关工单</h2>
<table><thead><tr><th>序号</th><th>工单编号</th><th>标题</th><th>受理时间</th><th>区县</th></tr></thead><tbody>${tickets}</tbody></table>
${hidden}
<h2>三、工作要求</h2>
<ol>${(ACTIONS[w.level] ?? ACTIONS[3]!).map((a) => `<li>${esc(a)}</li>`).join('')}</ol>
<p><b>反馈期限：${esc(chineseDate(w.feedbackDue))} ${esc(minute(w.feedbackDue).slice(11))} 前。</b></p>
<div class="sign"><div>${esc(issuer)}</div><div>${esc(chineseDate(w.detectedAt))}</div></div>
</body></html>
`;
}
