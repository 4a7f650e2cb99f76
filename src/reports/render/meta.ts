// The line under a report's title (period and "as of"), written once for every format.

import type { ReportDocument } from '../document.js';

/** 2017-12-31 → 2017年12月31日; anything else is printed as given. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** 2018-02-05T02:04:22Z → 2018年2月5日 10:04 (Asia/Shanghai), the way a report states its "as of". */
export function formatGeneratedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}年${Number(get('month'))}月${Number(get('day'))}日 ${get('hour')}:${get('minute')}`;
}

/** 统计期间：2017年1月1日至2017年12月31日, an ideographic space, 数据截至：2018年2月5日 10:04 */
export function periodLine(doc: ReportDocument): string {
  return `统计期间：${formatDay(doc.period.from)}至${formatDay(doc.period.to)}\u3000数据截至：${formatGeneratedAt(doc.generatedAt)}`;
}
