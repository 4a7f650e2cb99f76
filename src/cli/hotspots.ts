// `minsheng hotspots --csv FILE …`: the hot-issue table of a message export (issue 5 §5), with no
// database: the file is read, clustered (src/text/hotspots.ts) and printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { readCsv } from '../services/csv-import.js';
import { findHotspots, type Hotspot, type HotspotItem } from '../text/hotspots.js';
import { readWordList, Tokenizer } from '../text/tokenizer.js';

export interface HotspotsCliOptions {
  csv: string;
  textColumns: string;
  timeColumn: string;
  idColumn: string;
  userColumn?: string;
  votesColumns?: string;
  words: string[];
  top: number;
  windowDays?: number;
  out?: string;
}

/** A usage error: printed as `error: …` with exit code 2 by the command. */
export class CliInputError extends Error {}

/** A message export's local time (`2019-02-28 11:25:05`) is Beijing time unless it says otherwise. */
export function parseLocalTime(value: string): Date | null {
  const v = value.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{1,2}-\d{1,2}/.test(v)) return null;
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : (v.includes('T') ? v : `${v}T00:00:00`) + '+08:00';
  const d = new Date(withZone.replace(/^(\d{4})-(\d)-/, '$1-0$2-').replace(/-(\d)T/, '-0$1T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const stamp = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Reads the file, clusters it, and returns the lines to print. */
export function hotspotsReport(o: HotspotsCliOptions): { lines: string[]; hotspots: Hotspot[] } {
  const table = readCsv(readFileSync(o.csv, 'utf8'));
  const textColumns = o.textColumns.split(',').map((c) => c.trim()).filter(Boolean);
  if (textColumns.length === 0 || textColumns.length > 2) throw new CliInputError('--text-columns takes one or two column names: title[,content]');
  const userColumn = o.userColumn?.trim();
  const votesColumns = (o.votesColumns ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of [o.idColumn, ...textColumns, o.timeColumn, ...(userColumn ? [userColumn] : []), ...votesColumns]) {
    if (!table.header.includes(c)) throw new CliInputError(`column "${c}" is not in ${o.csv} (columns: ${table.header.join(', ')})`);
  }
  const words = o.words.flatMap((f) => readWordList(f));
  const tokenizer = Tokenizer.create(words);
  const items: (HotspotItem & { row: Record<string, string> })[] = [];
  for (const row of table.records) {
    const time = parseLocalTime(row[o.timeColumn] ?? '');
    if (!time) continue;
    items.push({
      id: row[o.idColumn]!,
      title: row[textColumns[0]!] ?? '',
      text: textColumns[1] ? row[textColumns[1]] ?? '' : '',
      time,
      user: userColumn ? row[userColumn] : null,
      votes: votesColumns.reduce((s, c) => s + (Number(row[c]) || 0), 0),
      row,
    });
  }
  if (items.length === 0) throw new CliInputError(`no row of ${o.csv} has a readable ${o.timeColumn}`);
  const last = Math.max(...items.map((i) => i.time.getTime()));
  const inWindow = o.windowDays ? items.filter((i) => i.time.getTime() > last - o.windowDays! * 86_400_000) : items;
  const window = o.windowDays ? { from: new Date(last - o.windowDays * 86_400_000), to: new Date(last) } : undefined;
  const hotspots = findHotspots(tokenizer, inWindow, { window }).slice(0, o.top);
  const byId = new Map(inWindow.map((i) => [i.id, i]));

  const lines: string[] = [];
  lines.push(`热点问题表 / hot issues: ${inWindow.length} messages, ${day(new Date(Math.min(...inWindow.map((i) => i.time.getTime()))))} – ${day(new Date(last))}`);
  lines.push('');
  lines.push('| 热度排名 | 问题ID | 热度指数 | 时间范围 | 地点/人群 | 问题描述 |');
  lines.push('|---|---|---|---|---|---|');
  for (const h of hotspots) lines.push(`| ${h.rank} | ${h.rank} | ${h.heat.toFixed(1)} | ${day(h.from)} 至 ${day(h.to)} | ${h.place} | ${h.description} |`);
  for (const h of hotspots) {
    lines.push('');
    lines.push(`问题ID ${h.rank}：${h.place}（${h.size} 条留言，${h.citizens} 位留言用户，热度 ${h.heat.toFixed(1)}；关键词 ${h.keywords.join('、')}）`);
    lines.push('| 问题ID | 留言编号 | 留言用户 | 留言主题 | 留言时间 | 点赞数 | 反对数 |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const id of h.ids) {
      const it = byId.get(id)!;
      const [up, down] = [votesColumns[0] ? it.row[votesColumns[0]] : '', votesColumns[1] ? it.row[votesColumns[1]] : ''];
      lines.push(`| ${h.rank} | ${id} | ${it.user ?? ''} | ${it.title.replace(/\|/g, '｜')} | ${stamp(it.time)} | ${up ?? ''} | ${down ?? ''} |`);
    }
  }
  if (o.out) {
    writeFileSync(o.out, '\uFEFF' + stringify([
      ['热度排名', '问题ID', '热度指数', '时间范围', '地点/人群', '问题描述', '留言数', '留言用户数', '留言编号'],
      ...hotspots.map((h) => [h.rank, h.rank, h.heat.toFixed(2), `${day(h.from)} 至 ${day(h.to)}`, h.place, h.description, h.size, h.citizens, h.ids.join(' ')]),
    ]));
  }
  return { lines, hotspots };
}
