// How figures are written in report prose, after seed 000 (an annual report a city wrote by hand):
// counts as plain integers ("299131件", no thousands separators), rates and shares to two decimals
// with "%". Changes ("较去年增加11.90%", "上升0.76个百分点") are written by src/domain/figures'
// describeChange, rates by its percent. Pure functions: no figures are computed here, only written.
import { percent } from '../../domain/figures/index.js';

export { percent };

/** 一 二 … 十 十一 … 九十九: section numbers of an official report. */
export function chineseNumber(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

/** A count as the seed writes it: 299131 (null as 0: a count with no rows is none). */
export const count = (n: number | null | undefined): string => String(Math.round(n ?? 0));

/** A fraction as a number of percent rounded to two decimals, for table cells (71.13). */
export function percentCell(fraction: number | null | undefined): number | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  return Math.round(fraction * 10_000) / 100;
}

/** part ÷ whole, or null when the whole is 0 (a share of nothing is undefined, not 0%). */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** "a，b" leaving out empty parts (a change that is undefined is simply not said). */
export const joinParts = (parts: (string | null | undefined | false)[], sep = '，'): string =>
  parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(sep);

/**
 * Groups whose share is below this (in percent) are written without their share, as seed 000 does
 * ("微博98件；邮件18件" at 0.03% and less, "微信728件，占总数的0.24%").
 */
export const SHARE_FLOOR_PERCENT = 0.05;

export interface Counted {
  label: string;
  count: number;
}

/**
 * "市政管理类212761件，占受理问题总数的71.13%；咨询服务类48602件，占总数的16.25%；…；应急救助类4件":
 * the first share names its whole, the next ones say 占总数; shares under SHARE_FLOOR_PERCENT are left out.
 */
export function shareList(items: readonly Counted[], total: number, wholeName = '受理问题总数'): string {
  return items.map((item, i) => {
    const s = share(item.count, total);
    const head = `${item.label}${count(item.count)}件`;
    if (s === null || s * 100 < SHARE_FLOOR_PERCENT) return head;
    return `${head}，占${i === 0 ? wholeName : '总数'}的${percent(s)}`;
  }).join('；');
}

/** "海州区116072件、连云区36010件、市公安局21429件". */
export const countList = (items: readonly Counted[]): string => items.map((i) => `${i.label}${count(i.count)}件`).join('、');

/** "A、B和C": names listed as a Chinese sentence does. */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join('、')}和${names[names.length - 1]}`;
}

/** 2017-12-31 → 2017年12月31日 (no leading zeros, as official documents write dates). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2017-10-27 … 2017-12-31 → 2017年10月27日至12月31日 (the year said once when it does not change). */
export function chineseRange(from: string, to: string): string {
  const [fy] = from.split('-');
  const [ty, tm, td] = to.split('-').map(Number);
  return fy === String(ty) ? `${chineseDate(from)}至${tm}月${td}日` : `${chineseDate(from)}至${chineseDate(to)}`;
}
