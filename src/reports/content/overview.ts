// The periodic report (annual, monthly, weekly: DOMAIN.md §12), written as seed 000 writes its
// annual review 运行情况综述:
//   一、受理情况   totals with their change (counts in %, rates in 个百分点); 1.按问题类别分 (type
//                 groups with shares), 2.按问题来源分 (channels), 3.按责任单位分 (the ten busiest units
//                 among the children of the platform root: districts, departments, enterprises)
//   二、高发问题   the top subjects of the hotline phone and of the grid workers' reports
//   三、省派工单   tickets transferred by the province platform: units involved, the busiest
//                 districts and departments, satisfaction high and low
//   四、群众满意情况 satisfaction per unit, high and low
//   五、综合考评   the evaluation results of the year or month, when the platform evaluates (evaluation.ts)
//   六、超期与督办  the per-unit tables of seed 003's annex
// Sections are numbered as they appear (一、二、…), so a skipped section leaves no gap.
//
// Figures come from seven computeStats calls run together (see `gather`), whatever the number of
// units; nothing is counted here. Shares are part ÷ the total the stats service gives.
import type { Db } from '../../db/connection.js';
import { describeChange } from '../../domain/figures/index.js';
import { addDays } from '../../domain/calendar/index.js';
import type { StatsResult, StatsRow } from '../../services/stats/types.js';
import type { Block, ChartBlock, ReportDocument, TableBlock } from '../document.js';
import { evaluationBlocks } from './evaluation.js';
import { chineseNumber, count, countList, joinParts, nameList, percent, percentCell, share, shareList, type Counted } from './format.js';
import type { ReportPeriod } from './periods.js';
import { childUnits, keyOf, num, parentUnit, platformName, rate, shortPlatformName, stats, type ChildUnit, type Doer, type ParentUnit } from './source.js';
import { asOfDate, rowsByKey, subtreeFilter, unitTables, UNIT_FIGURES } from './units.js';

export type OverviewKind = 'annual' | 'monthly' | 'weekly';

export interface OverviewOptions {
  /** How prose names the platform (default: from the platform's name, 市12345政务服务便民热线 → 市12345平台). */
  platformName?: string;
  /** Whose children the unit figures group by (default: the platform root, or the caller's own unit). */
  parentUnitId?: number;
  /** The catalogue level of 高发问题 (default 3: 城市管理 › 市容环境 › 暴露垃圾). */
  subjectLevel?: number;
  /** Channels whose hot subjects section 二 lists (default: hotline phone, grid reports). */
  hotChannels?: string[];
  /** Read the raw tables instead of the rollups (the benchmark's baseline; the same figures, slower). */
  source?: 'rollup' | 'raw';
}

/** The channel of tickets the province platform transfers (省派工单). */
export const PROVINCE_CHANNEL = 'province';
export const DEFAULT_HOT_CHANNELS = ['phone', 'grid'];
/** Subjects named per channel in 二 (seed 000 names 7 and 9). */
const HOT_TOP = 8;
/** Units in 3.按责任单位分. */
const TOP_UNITS = 10;
/** Units named as high or low in satisfaction. */
const SAT_NAMED = 5;
/**
 * A unit's satisfaction rate is named only with at least this many valid visits in the period: a
 * unit with two visits is not "the least satisfying unit of the year".
 */
export const MIN_VISITS: Record<OverviewKind, number> = { annual: 20, monthly: 5, weekly: 3 };

const KIND_WORD: Record<OverviewKind, string> = { annual: '全年', monthly: '本月', weekly: '本周' };
const TITLE_SUFFIX: Record<OverviewKind, string> = { annual: '年度运行情况综述', monthly: '运行情况月报', weekly: '运行情况周报' };

const UNIT_KIND_WORDS: Record<string, [noun: string, measure: string]> = {
  district: ['县区', '个'], department: ['市直单位', '个'], enterprise: ['企业', '家'], committee: ['管委会', '个'],
  street: ['街道乡镇', '个'], community: ['社区村', '个'], grid: ['网格', '个'],
};

export interface OverviewFigures {
  total: StatsResult;
  groups: StatsResult;
  channels: StatsResult;
  units: StatsResult;
  hot: StatsResult;
  province: StatsResult;
  trend: StatsResult;
}

/** Every figure the report writes, in seven computeStats calls. */
export async function gather(db: Db, doer: Doer, kind: OverviewKind, period: ReportPeriod, parent: ParentUnit, options: OverviewOptions, now: Date): Promise<OverviewFigures> {
  const { from, to } = period;
  const filters = subtreeFilter(parent);
  const [total, groups, channels, units, hot, province, trend] = await Promise.all([
    stats(db, doer, { source: options.source, from, to, figures: ['received', 'closureRate', 'onTimeRate', 'firstTimeRate', 'satisfactionRate', 'validVisits'], compare: true, filters }, now),
    stats(db, doer, { source: options.source, from, to, by: ['typeGroup'], figures: ['received'], filters }, now),
    stats(db, doer, { source: options.source, from, to, by: ['channel'], figures: ['received'], filters }, now),
    stats(db, doer, { source: options.source, from, to, by: ['unit'], unitParentId: parent.id, figures: [...UNIT_FIGURES, 'handledClosureRate', 'validVisits', 'satisfactionRate'], filters }, now),
    stats(db, doer, { source: options.source,
      from, to, by: ['channel', 'subject'], subjectLevel: options.subjectLevel ?? 3, figures: ['received'],
      filters: { ...filters, channels: options.hotChannels ?? DEFAULT_HOT_CHANNELS },
    }, now),
    stats(db, doer, { source: options.source, from, to, by: ['unit'], unitParentId: parent.id, figures: ['handled', 'validVisits', 'satisfactionRate'], filters: { ...filters, channels: [PROVINCE_CHANNEL] } }, now),
    stats(db, doer, { source: options.source, from, to, by: [kind === 'annual' ? 'month' : 'day'], figures: ['received', 'closed'], filters }, now),
  ]);
  return { total, groups, channels, units, hot, province, trend };
}

export async function overviewReport(db: Db, doer: Doer, kind: OverviewKind, period: ReportPeriod, options: OverviewOptions, now: Date): Promise<ReportDocument> {
  const parent = await parentUnit(db, doer, options.parentUnitId);
  const [fullName, children, figures, evaluation] = await Promise.all([
    platformName(db, doer.platformId),
    childUnits(db, doer.platformId, parent.id),
    gather(db, doer, kind, period, parent, options, now),
    evaluationBlocks(db, doer.platformId, kind, period),
  ]);
  // A report below the root (a district's leader, or parentUnitId) speaks of that unit: 青江区.
  const name = options.platformName ?? (parent.isRoot ? shortPlatformName(fullName) : parent.name);
  const title = parent.isRoot ? fullName : `${parent.name}12345热线`;
  const sections: { heading: string; blocks: Block[] }[] = [];
  sections.push({ heading: `${KIND_WORD[kind]}受理情况`, blocks: receivedSection(kind, period, name, figures) });
  sections.push({ heading: '高发问题情况', blocks: hotSection(period, name, figures.hot) });
  sections.push({ heading: '省派工单情况', blocks: provinceSection(kind, period, name, figures, children) });
  sections.push({ heading: '群众满意情况', blocks: satisfactionSection(kind, period, figures, children) });
  if (evaluation) sections.push({ heading: '综合考评情况', blocks: evaluation });
  sections.push({ heading: '超期与督办情况', blocks: overdueSection(period, figures.units, children, now) });
  const blocks: Block[] = [
    { kind: 'paragraph', text: `现将${period.label}${name}运行情况${kind === 'annual' ? '综述' : '通报'}如下。` },
  ];
  sections.forEach((s, i) => blocks.push({ kind: 'heading', level: 1, text: `${chineseNumber(i + 1)}、${s.heading}` }, ...s.blocks));
  return {
    // 市12345政务服务便民热线2017年度运行情况综述 / …2017年12月运行情况月报 / …2026年第47周运行情况周报
    title: `${title}${kind === 'annual' ? period.label.replace(/年$/, '') : period.label.replace(/（.*）$/, '')}${TITLE_SUFFIX[kind]}`,
    kind,
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    blocks,
  };
}

const p = (text: string): Block => ({ kind: 'paragraph', text });

const counted = (rows: readonly StatsRow[], dimension: 'typeGroup' | 'channel' | 'unit', key: 'received' | 'handled' = 'received'): Counted[] =>
  // A group with no key ('' : a ticket outside the parent's children, or with no type group) is not named.
  rows.filter((r) => keyOf(r, dimension).key !== '')
    .map((r) => ({ label: keyOf(r, dimension).label, count: num(r, key) })).filter((c) => c.count > 0).sort((a, b) => b.count - a.count);

/** 一、受理情况 with its three parts, a table and a chart each, and the trend. */
function receivedSection(kind: OverviewKind, period: ReportPeriod, name: string, f: OverviewFigures): Block[] {
  const t = f.total.total;
  const received = num(t, 'received');
  const against = period.against;
  const change = (key: 'received' | 'closureRate' | 'onTimeRate' | 'firstTimeRate', k: 'count' | 'rate') =>
    describeChange(k, t.figures[key]?.changePrevious ?? null, against);
  const lead = `${period.label}，${name}共受理问题${count(received)}件`
    + prefixed(change('received', 'count'))
    + `；结案率${percent(rate(t, 'closureRate'))}${prefixed(change('closureRate', 'rate'))}`
    + `；按期结案率${percent(rate(t, 'onTimeRate'))}${prefixed(change('onTimeRate', 'rate'))}`
    + `；一次完成率${percent(rate(t, 'firstTimeRate'))}${prefixed(change('firstTimeRate', 'rate'))}。`;
  const groups = counted(f.groups.rows, 'typeGroup');
  const channels = counted(f.channels.rows, 'channel');
  const units = counted(f.units.rows, 'unit', 'handled').slice(0, TOP_UNITS);
  const blocks: Block[] = [p(lead)];
  blocks.push(p(`1.按问题类别分：${groups.length ? shareList(groups, received) : '无'}。`));
  if (groups.length) {
    blocks.push(shareTable('问题类别分布', '问题类别', groups, received));
    blocks.push(pieChart('问题类别占比', groups));
  }
  blocks.push(p(`2.按问题来源分：${channels.length ? shareList(channels, received) : '无'}。`));
  if (channels.length) {
    blocks.push(shareTable('问题来源分布', '问题来源', channels, received));
    blocks.push(barChart('问题来源', channels));
  }
  blocks.push(p(units.length
    ? `3.按责任单位分：受理问题数量居前${chineseNumber(units.length)}位的单位依次是${countList(units)}。`
    : '3.按责任单位分：本期无交办至各单位的问题。'));
  if (units.length) blocks.push(topUnitsTable(f.units.rows, units.length));
  blocks.push(trendChart(kind, period, f.trend));
  return blocks;
}

const prefixed = (s: string): string => (s ? `，${s}` : '');

function shareTable(title: string, what: string, items: readonly Counted[], total: number): TableBlock {
  return {
    kind: 'table', title,
    columns: [{ title: what, format: 'text', width: 24 }, { title: '件数', format: 'integer', width: 12 }, { title: '占比', format: 'percent', width: 10 }],
    rows: items.map((i) => [i.label, i.count, percentCell(share(i.count, total))]),
    total: ['合计', total, total > 0 ? 100 : null], unitNote: '单位：件',
  };
}

function topUnitsTable(rows: readonly StatsRow[], n: number): TableBlock {
  const top = rows.filter((r) => keyOf(r, 'unit').key !== '' && num(r, 'handled') > 0).sort((a, b) => num(b, 'handled') - num(a, 'handled')).slice(0, n);
  return {
    kind: 'table', title: `受理问题数量前${chineseNumber(n)}位的单位`,
    columns: [
      { title: '序号', format: 'integer', width: 6 }, { title: '单位', format: 'text', width: 24 }, { title: '承办量', format: 'integer', width: 10 },
      { title: '办结量', format: 'integer', width: 10 }, { title: '办结率', format: 'percent', width: 10 },
    ],
    rows: top.map((r, i) => [i + 1, keyOf(r, 'unit').label, num(r, 'handled'), num(r, 'handledClosed'), percentCell(rate(r, 'handledClosureRate'))]),
    unitNote: '单位：件',
  };
}

const CHART = { animation: false, textStyle: { fontFamily: 'sans-serif' } };

function pieChart(title: string, items: readonly Counted[]): ChartBlock {
  return {
    kind: 'chart', title, width: 640, height: 360,
    option: {
      ...CHART, title: { text: title, left: 'center' }, tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['30%', '60%'], center: ['50%', '55%'], data: items.map((i) => ({ name: i.label, value: i.count })), label: { formatter: '{b}\n{d}%' } }],
    },
  };
}

function barChart(title: string, items: readonly Counted[]): ChartBlock {
  return {
    kind: 'chart', title, width: 640, height: 360,
    option: {
      ...CHART, title: { text: title, left: 'center' }, tooltip: { trigger: 'axis' }, grid: { left: 60, right: 20, bottom: 90, top: 50 },
      xAxis: { type: 'category', data: items.map((i) => i.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', name: '件' },
      series: [{ type: 'bar', data: items.map((i) => i.count), label: { show: true, position: 'top' } }],
    },
  };
}

/** Every month (annual) or day (monthly, weekly) of the period, zero where nothing was accepted. */
function trendChart(kind: OverviewKind, period: ReportPeriod, trend: StatsResult): ChartBlock {
  const dimension = kind === 'annual' ? 'month' : 'day';
  const byKey = new Map(trend.rows.map((r) => [keyOf(r, dimension).key.slice(0, dimension === 'month' ? 7 : 10), r]));
  const keys: string[] = [];
  if (dimension === 'month') for (let m = 1; m <= 12; m += 1) keys.push(`${period.from.slice(0, 4)}-${String(m).padStart(2, '0')}`);
  else for (let d = period.from; d <= period.to; d = addDays(d, 1)) keys.push(d);
  const labels = keys.map((k) => (dimension === 'month' ? `${Number(k.slice(5, 7))}月` : `${Number(k.slice(5, 7))}月${Number(k.slice(8, 10))}日`));
  const title = kind === 'annual' ? '各月受理量与办结量' : '每日受理量与办结量';
  return {
    kind: 'chart', title, width: 720, height: 360,
    option: {
      ...CHART, title: { text: title, left: 'center' }, tooltip: { trigger: 'axis' }, legend: { top: 28 }, grid: { left: 60, right: 20, bottom: 50, top: 70 },
      xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', name: '件' },
      series: [
        { name: '受理量', type: 'line', data: keys.map((k) => num(byKey.get(k), 'received')) },
        { name: '办结量', type: 'line', data: keys.map((k) => num(byKey.get(k), 'closed')) },
      ],
    },
  };
}

/** 二、高发问题: per channel, its top subjects (seed 000: "主要以私搭乱建为主，为12278件，其他依次为…"). */
function hotSection(period: ReportPeriod, name: string, hot: StatsResult): Block[] {
  const channels = new Map<string, { label: string; items: Counted[] }>();
  for (const row of hot.rows) {
    const channel = keyOf(row, 'channel');
    const subject = keyOf(row, 'subject');
    const n = num(row, 'received');
    if (n === 0 || subject.key === '') continue;
    const entry = channels.get(channel.key) ?? { label: channel.label, items: [] };
    entry.items.push({ label: subject.label, count: n });
    channels.set(channel.key, entry);
  }
  if (channels.size === 0) return [p(`${period.label}，${name}未形成高发问题。`)];
  const blocks: Block[] = [p(`通过对${name}${period.label}工单进行分析，${period.label}高发问题主要体现在以下方面：`)];
  [...channels.values()].forEach((c, i) => {
    const items = c.items.sort((a, b) => b.count - a.count).slice(0, HOT_TOP);
    const [first, ...rest] = items;
    blocks.push(p(`${i + 1}.${c.label}类高发问题：来源于${c.label}的高发问题主要以${first!.label}为主，为${count(first!.count)}件`
      + (rest.length ? `，其他依次为${countList(rest)}等。` : '。')));
  });
  return blocks;
}

interface UnitRate { unit: ChildUnit; handled: number; visits: number; rate: number }

/** Units with enough valid visits, most satisfying first (ties: more visits first). */
function ratedUnits(rows: readonly StatsRow[], children: readonly ChildUnit[], minVisits: number): UnitRate[] {
  const byId = new Map(children.map((c) => [String(c.id), c]));
  const rated: UnitRate[] = [];
  for (const row of rows) {
    const unit = byId.get(keyOf(row, 'unit').key);
    const r = rate(row, 'satisfactionRate');
    const visits = num(row, 'validVisits');
    if (unit && r !== null && visits >= minVisits) rated.push({ unit, handled: num(row, 'handled'), visits, rate: r });
  }
  return rated.sort((a, b) => b.rate - a.rate || b.visits - a.visits);
}

/** The highest and lowest, never the same unit in both lists. */
function highLow(rated: readonly UnitRate[]): { high: UnitRate[]; low: UnitRate[] } {
  const n = Math.min(SAT_NAMED, Math.ceil(rated.length / 2));
  const high = rated.slice(0, n);
  const low = rated.slice(Math.max(n, rated.length - SAT_NAMED)).reverse();
  return { high, low };
}

/** 三、省派工单: how many, which units, the busiest districts and departments, satisfaction. */
function provinceSection(kind: OverviewKind, period: ReportPeriod, name: string, f: OverviewFigures, children: readonly ChildUnit[]): Block[] {
  const provinceRow = f.channels.rows.find((r) => keyOf(r, 'channel').key === PROVINCE_CHANNEL);
  const total = num(provinceRow, 'received');
  if (total === 0) return [p(`${period.label}，省12345平台未向${name}流转工单。`)];
  const blocks: Block[] = [p(`${period.label}，省12345平台流转至${name}的工单共${count(total)}件。`)];
  const byId = new Map(children.map((c) => [String(c.id), c]));
  const involved = f.province.rows.map((r) => ({ unit: byId.get(keyOf(r, 'unit').key), handled: num(r, 'handled') }))
    .filter((x): x is { unit: ChildUnit; handled: number } => x.unit !== undefined && x.handled > 0)
    .sort((a, b) => b.handled - a.handled);
  if (involved.length) {
    const perKind = new Map<string, number>();
    for (const x of involved) perKind.set(x.unit.kind, (perKind.get(x.unit.kind) ?? 0) + 1);
    const kinds = [...perKind.entries()].map(([k, n]) => {
      const [noun, measure] = UNIT_KIND_WORDS[k] ?? ['单位', '个'];
      return `${n}${measure}${noun}`;
    });
    const districts = involved.filter((x) => x.unit.kind === 'district' || x.unit.kind === 'street');
    const others = involved.filter((x) => x.unit.kind !== 'district' && x.unit.kind !== 'street');
    const lists = [
      districts.length ? `县区受理最多的是${districts[0]!.unit.name}${count(districts[0]!.handled)}件`
        + (districts.length > 1 ? `，其他依次是${countList(districts.slice(1, 8).map((x) => ({ label: x.unit.name, count: x.handled })))}` : '') : '',
      others.length ? `各单位受理最多的是${others[0]!.unit.name}${count(others[0]!.handled)}件`
        + (others.length > 1 ? `，其他较多的分别是${countList(others.slice(1, 6).map((x) => ({ label: x.unit.name, count: x.handled })))}等` : '') : '',
    ];
    blocks.push(p(`1.主要涉及单位：省派工单处置涉及${nameList(kinds)}，共${involved.length}家单位。${joinParts(lists, '；')}。`));
  }
  const { high, low } = highLow(ratedUnits(f.province.rows, children, MIN_VISITS[kind]));
  blocks.push(p(high.length
    ? `2.群众满意情况：省派工单处置后群众满意率较高的单位为${nameList(high.map((x) => x.unit.name))}`
      + (low.length ? `；满意率较低的单位是${nameList(low.map((x) => x.unit.name))}。` : '。')
    : `2.群众满意情况：各单位省派工单有效回访均不足${MIN_VISITS[kind]}件，暂不作满意率排名。`));
  return blocks;
}

/** 四、群众满意情况: the platform's rate and its change; units high and low, with their rates. */
function satisfactionSection(kind: OverviewKind, period: ReportPeriod, f: OverviewFigures, children: readonly ChildUnit[]): Block[] {
  const t = f.total.total;
  const visits = num(t, 'validVisits');
  const change = describeChange('rate', t.figures.satisfactionRate?.changePrevious ?? null, period.against);
  const blocks: Block[] = [p(visits > 0
    ? `${period.label}，有效回访${count(visits)}件，群众满意率${percent(rate(t, 'satisfactionRate'))}${prefixed(change)}。`
    : `${period.label}，无有效回访。`)];
  const rated = ratedUnits(f.units.rows, children, MIN_VISITS[kind]);
  const { high, low } = highLow(rated);
  const named = (xs: readonly UnitRate[]) => xs.map((x) => `${x.unit.name}（${percent(x.rate)}）`).join('、');
  if (high.length) {
    blocks.push(p(`各单位中满意率较高的有${named(high)}等单位`
      + (low.length ? `；群众满意率较低的是${named(low)}等单位。` : '。')
      + `（有效回访${MIN_VISITS[kind]}件以上的单位参与排名）`));
    blocks.push({
      kind: 'table', title: '各单位群众满意率',
      columns: [
        { title: '序号', format: 'integer', width: 6 }, { title: '单位', format: 'text', width: 24 },
        { title: '有效回访', format: 'integer', width: 10 }, { title: '满意率', format: 'percent', width: 10 },
      ],
      rows: rated.map((x, i) => [i + 1, x.unit.name, x.visits, percentCell(x.rate)]),
    });
  }
  return blocks;
}

/** 六、超期与督办: the totals and seed 003's two tables. */
function overdueSection(period: ReportPeriod, units: StatsResult, children: readonly ChildUnit[], now: Date): Block[] {
  const asOf = asOfDate(period.to, now);
  const t = units.total;
  const handled = num(t, 'handled');
  const text = handled > 0
    ? `${period.label}，各单位承办${count(handled)}件，已办结${count(num(t, 'handledClosed'))}件，办结率${percent(rate(t, 'handledClosureRate'))}；`
      + `超期30天以上${count(num(t, 'overdue30'))}件，督办${count(num(t, 'supervisions'))}次。各单位情况见下表。`
    : `${period.label}，无交办至各单位的工单。`;
  return [p(text), ...unitTables(children, rowsByKey(units.rows), asOf)];
}
