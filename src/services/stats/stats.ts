// computeStats: every figure of DOMAIN.md §10 for a period, grouped by up to two dimensions, with the
// previous period and the same period last year. The counts come from the rollup tables (or, with
// source 'raw', the raw tables) plus the live parts (overdue now, supervision orders, calls); the
// rates come from src/domain/figures. One statement per period: every part is a source with the
// same dimension columns, grouped the same way with GROUPING SETS (the groups and the total at once).
import { sql, type RawBuilder } from 'kysely';
import { atLocal, addDays } from '../../domain/calendar/index.js';
import { hasRole } from '../../domain/actor.js';
import { forbidden, invalid, type FieldError } from '../../domain/errors.js';
import {
  COUNT_KEYS, DEFAULT_FIGURE_SETTINGS, FIGURE_LABELS, RATE_KEYS, changeOf, daysIn, isCountKey, isRateKey, isValidDate,
  lastYearPeriod, previousPeriod, ratesOf, type CountKey, type Counts, type FigureSettings, type Period,
} from '../../domain/figures/index.js';
import { PLATFORM_ROLES } from '../../domain/roles.js';
import type { Db } from '../../db/connection.js';
import { subtreePattern } from '../../db/scope.js';
import { getSetting } from '../settings.js';
import { atPlatformRoot, type Doer } from '../tickets/context.js';
import {
  ASSIGNMENT_COUNTS, CALL_COUNTS, LIVE_COUNTS, SUPERVISION_COUNTS, TICKET_COUNTS, calls, liveOverdue, rangeOf, rawAssignments,
  rawTickets, rolledAssignments, rolledTickets, sliceGrain, supervisions, type GrainColumn,
} from './sources.js';
import { rollupState } from './rollup.js';
import { DIMENSIONS, type Dimension, type FigureKey, type FigureValue, type GroupKey, type StatsFilters, type StatsQuery, type StatsResult, type StatsRow } from './types.js';

export const BASIC_WEIGHT_SETTING = 'figures.satisfactionBasicWeight';
export const COMPOSITE_WEIGHTS_SETTING = 'figures.compositeWeights';
/** The longest period one query may span (a raw query over ten years is not a dashboard). */
export const MAX_DAYS = 3 * 366;

const isSystem = (d: Doer): d is { system: string; platformId: number } => 'system' in d;

/** Who may read figures: leaders, supervisors and unit liaisons (their scope decides what), and the office's staff. */
export function mayReadStats(doer: Doer): boolean {
  if (isSystem(doer)) return true;
  return hasRole(doer, 'leader', 'supervisor', 'unit_admin') || (atPlatformRoot(doer) && hasRole(doer, ...PLATFORM_ROLES));
}

export async function figureSettings(db: Db, platformId: number): Promise<FigureSettings> {
  const [basicWeight, weights] = await Promise.all([
    getSetting<number>(db, platformId, BASIC_WEIGHT_SETTING, DEFAULT_FIGURE_SETTINGS.basicWeight),
    getSetting<number[]>(db, platformId, COMPOSITE_WEIGHTS_SETTING, [...DEFAULT_FIGURE_SETTINGS.compositeWeights]),
  ]);
  const w = Array.isArray(weights) && weights.length === 3 && weights.every((x) => typeof x === 'number')
    ? (weights as [number, number, number]) : DEFAULT_FIGURE_SETTINGS.compositeWeights;
  return { basicWeight: Number(basicWeight), compositeWeights: w };
}

export function validate(q: StatsQuery): void {
  const errs: FieldError[] = [];
  const bad = (field: string, message: string, message_en: string) => errs.push({ field, message, message_en });
  if (!isValidDate(q.from)) bad('from', '开始日期应为 YYYY-MM-DD', 'from must be a date YYYY-MM-DD');
  if (!isValidDate(q.to)) bad('to', '结束日期应为 YYYY-MM-DD', 'to must be a date YYYY-MM-DD');
  if (errs.length === 0 && q.from > q.to) bad('to', '结束日期不能早于开始日期', 'to must not be before from');
  if (errs.length === 0 && daysIn(q) > MAX_DAYS) bad('to', `统计区间不能超过 ${MAX_DAYS} 天`, `a period spans at most ${MAX_DAYS} days`);
  const by = q.by ?? [];
  if (by.length > 2) bad('by', '最多按两个维度分组', 'at most two dimensions');
  if (new Set(by).size !== by.length) bad('by', '维度不能重复', 'dimensions must differ');
  for (const d of by) if (!(DIMENSIONS as readonly string[]).includes(d)) bad('by', `未知维度：${d}`, `unknown dimension: ${d}`);
  for (const f of q.figures ?? []) if (!isCountKey(f) && !isRateKey(f)) bad('figures', `未知指标：${f}`, `unknown figure: ${f}`);
  if (q.subjectLevel !== undefined && !(Number.isInteger(q.subjectLevel) && q.subjectLevel >= 1 && q.subjectLevel <= 5)) {
    bad('subjectLevel', '分类层级应为 1–5', 'subjectLevel must be 1–5');
  }
  if (errs.length > 0) throw invalid(errs);
}

export interface Ctx {
  platformId: number;
  scopePattern: string | null;
  filters: StatsFilters;
  by: Dimension[];
  subjectLevel: number;
  unitParentPath: string | null;
}

/** The SQL of a dimension over a source aliased `s` (joins: units `su`, subjects `sj`, ticket_types `stt`). */
export function dimSql(d: Dimension, c: Ctx): RawBuilder<unknown> {
  switch (d) {
    case 'district': return sql`s.district_id::text`;
    case 'unit':
      // Grouped at the children of a unit: the child on the path below it (the unit itself when it is that child or the parent).
      return c.unitParentPath === null ? sql`s.unit_id::text`
        : sql`case when su.path like ${`${c.unitParentPath}%`} and su.path <> ${c.unitParentPath}
            then split_part(substr(su.path, ${c.unitParentPath.length + 1}), '/', 1) else null end`;
    case 'type': return sql`s.type`;
    case 'typeGroup': return sql`coalesce(stt.report_group, stt.name, s.type)`;
    case 'subject': return sql`case when sj.level >= ${c.subjectLevel} then split_part(sj.path, '/', ${c.subjectLevel + 1}) else sj.id::text end`;
    case 'channel': return sql`s.channel`;
    case 'urgency': return sql`s.urgency`;
    case 'day': return sql`s.day::text`;
    case 'month': return sql`to_char(s.day, 'YYYY-MM')`;
  }
}

export function joinsFor(c: Ctx): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (c.by.includes('unit') && c.unitParentPath !== null) parts.push(sql`left join units su on su.id = s.unit_id`);
  if (c.by.includes('typeGroup') || (c.filters.typeGroups?.length ?? 0) > 0) {
    parts.push(sql`left join ticket_types stt on stt.platform_id = ${c.platformId} and stt.code = s.type`);
  }
  if (c.by.includes('subject')) parts.push(sql`left join subjects sj on sj.id = s.subject_id`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}

const inList = <T>(values: T[]) => sql.join(values.map((v) => sql`${v}`));

export function whereFor(c: Ctx): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`true`];
  const f = c.filters;
  const unitsUnder = (pattern: string | string[]) => {
    const patterns = Array.isArray(pattern) ? pattern : [pattern];
    return sql`(select fu.id from units fu where fu.platform_id = ${c.platformId} and fu.path like any(${sql.val(patterns)}::text[]))`;
  };
  if (c.scopePattern !== null) conds.push(sql`(s.district_id in ${unitsUnder(c.scopePattern)} or s.unit_id in ${unitsUnder(c.scopePattern)})`);
  if (f.districtIds?.length) conds.push(sql`s.district_id in (${inList(f.districtIds)})`);
  if (f.unitIds?.length) {
    conds.push(f.subtree === false ? sql`s.unit_id in (${inList(f.unitIds)})`
      : sql`s.unit_id in (select fu.id from units fu join units top on fu.path like top.path || '%'
          where fu.platform_id = ${c.platformId} and top.id in (${inList(f.unitIds)}))`);
  }
  if (f.types?.length) conds.push(sql`s.type in (${inList(f.types)})`);
  if (f.typeGroups?.length) conds.push(sql`coalesce(stt.report_group, stt.name, s.type) in (${inList(f.typeGroups)})`);
  if (f.subjectIds?.length) {
    conds.push(sql`s.subject_id in (select fs.id from subjects fs join subjects top on fs.path like top.path || '%'
      where fs.platform_id = ${c.platformId} and top.id in (${inList(f.subjectIds)}))`);
  }
  if (f.channels?.length) conds.push(sql`s.channel in (${inList(f.channels)})`);
  if (f.urgencies?.length) conds.push(sql`s.urgency in (${inList(f.urgencies)})`);
  return sql.join(conds, sql` and `);
}

/**
 * One part: a source grouped by the dimensions and in total, its counts as one jsonb per group. The
 * dimensions are computed in an inner select, so GROUPING sees the same column, not two copies of
 * an expression with different parameters.
 */
function part(name: string, source: RawBuilder<unknown>, cols: Record<string, string>, c: Ctx, p: Period): RawBuilder<unknown> {
  const k = [0, 1].map((i) => (c.by[i] ? dimSql(c.by[i]!, c) : sql`null::text`));
  const values = sql`jsonb_build_object(${sql.join(Object.entries(cols).map(([col, key]) => sql`${sql.lit(key)}, sum(${sql.ref(`g.${col}`)})`))})`;
  const keys = c.by.length === 2 ? sql`g.k1, g.k2` : sql`g.k1`;
  const groups = c.by.length === 0 ? sql`()` : sql`(${keys}), ()`;
  return sql`select ${sql.lit(name)} as part, ${c.by.length >= 1 ? sql`g.k1` : sql`null::text`} as k1, ${c.by.length === 2 ? sql`g.k2` : sql`null::text`} as k2,
      ${c.by.length === 0 ? sql`true` : sql`grouping(${keys}) <> 0`} as total, ${values} as v
    from (select ${k[0]} as k1, ${k[1]} as k2, ${sql.join(Object.keys(cols).map((col) => sql.ref(`s.${col}`)))}
      from ${source} s ${joinsFor(c)}
      where s.day between ${p.from}::date and ${p.to}::date and ${whereFor(c)}) g
    group by grouping sets (${groups})`;
}

const DIMENSION_COLUMN: Record<Dimension, GrainColumn | null> = {
  district: 'district_id', unit: 'unit_id', type: 'type', typeGroup: 'type', subject: 'subject_id', channel: 'channel', urgency: 'urgency',
  day: null, month: null,
};

/**
 * The rollup grain a query can read: the slice of its one dimension (grouped, filtered or scoped
 * by), the day's totals when it names none, or every combination (0) when it names several.
 */
export function grainFor(c: Ctx): number {
  const used = new Set<GrainColumn>();
  for (const d of c.by) {
    const col = DIMENSION_COLUMN[d];
    if (col) used.add(col);
  }
  const f = c.filters;
  if (f.districtIds?.length) used.add('district_id');
  if (f.unitIds?.length) used.add('unit_id');
  if (f.types?.length || f.typeGroups?.length) used.add('type');
  if (f.subjectIds?.length) used.add('subject_id');
  if (f.channels?.length) used.add('channel');
  if (f.urgencies?.length) used.add('urgency');
  // The scope rule reads both the district and the handling unit.
  if (c.scopePattern !== null) return 0;
  if (used.size === 0) return sliceGrain(null);
  return used.size === 1 ? sliceGrain([...used][0]!) : 0;
}

type Grouped = Map<string, { k1: string | null; k2: string | null; counts: Partial<Record<CountKey, number>> }>;
const TOTAL = '\u0000total';

async function countsFor(db: Db, c: Ctx, p: Period, source: 'rollup' | 'raw', now: Date, withCalls: boolean): Promise<Grouped> {
  const range = rangeOf(c.platformId, atLocal(p.from, '00:00'), atLocal(addDays(p.to, 1), '00:00'));
  const grain = grainFor(c);
  const parts = [
    source === 'rollup' ? part('t', rolledTickets(c.platformId, p.from, p.to, grain), TICKET_COUNTS, c, p) : part('t', rawTickets(range), TICKET_COUNTS, c, p),
    source === 'rollup' ? part('a', rolledAssignments(c.platformId, p.from, p.to, grain), ASSIGNMENT_COUNTS, c, p) : part('a', rawAssignments(range), ASSIGNMENT_COUNTS, c, p),
    part('l', liveOverdue(range, now), LIVE_COUNTS, c, p),
    part('s', supervisions(range), SUPERVISION_COUNTS, c, p),
    ...(withCalls ? [part('c', calls(range), CALL_COUNTS, c, p)] : []),
  ];
  const rows = await sql<{ part: string; k1: string | null; k2: string | null; total: boolean; v: Record<string, number | null> }>`
    ${sql.join(parts, sql` union all `)}`.execute(db);
  const out: Grouped = new Map();
  for (const r of rows.rows) {
    const key = r.total ? TOTAL : `${r.k1 ?? ''}\u0001${r.k2 ?? ''}`;
    let g = out.get(key);
    if (!g) out.set(key, (g = { k1: r.total ? null : r.k1, k2: r.total ? null : r.k2, counts: {} }));
    for (const [name, value] of Object.entries(r.v)) {
      const k = name as CountKey;
      g.counts[k] = (g.counts[k] ?? 0) + Number(value ?? 0);
    }
  }
  return out;
}

const fullCounts = (partial: Partial<Record<CountKey, number>> | undefined): Counts =>
  Object.fromEntries(COUNT_KEYS.map((k) => [k, partial?.[k] ?? 0])) as Counts;

function valuesOf(counts: Counts, settings: FigureSettings, figures: FigureKey[]): Record<string, number | null> {
  const rates = ratesOf(counts, settings);
  return Object.fromEntries(figures.map((f) => [f, isRateKey(f) ? rates[f] : counts[f as CountKey]]));
}

/** Names of the groups' keys, read in one batch per kind. */
async function labelsFor(db: Db, platformId: number, by: Dimension[], keys: Set<string>[]): Promise<Map<string, string>[]> {
  return Promise.all(by.map(async (d, i) => {
    const ids = [...keys[i]!].filter((k) => k !== '');
    const labels = new Map<string, string>();
    if (ids.length === 0) return labels;
    if (d === 'district' || d === 'unit') {
      const rows = await db.selectFrom('units').select(['id', 'name']).where('platform_id', '=', platformId).where('id', 'in', ids.map(Number)).execute();
      for (const r of rows) labels.set(String(r.id), r.name);
    } else if (d === 'subject') {
      const rows = await db.selectFrom('subjects').select(['id', 'name']).where('platform_id', '=', platformId).where('id', 'in', ids.map(Number)).execute();
      for (const r of rows) labels.set(String(r.id), r.name);
    } else if (d === 'type' || d === 'channel' || d === 'urgency') {
      const table = d === 'type' ? 'ticket_types' : d === 'channel' ? 'channels' : 'urgency_levels';
      const rows = await db.selectFrom(table).select(['code', 'name']).where('platform_id', '=', platformId).where('code', 'in', ids).execute();
      for (const r of rows) labels.set(r.code, r.name);
    } else {
      for (const k of ids) labels.set(k, k);
    }
    return labels;
  }));
}

/** Sort order of groups: dates in order, other keys by the first period's 受理量 (or 承办量), then key. */
function orderRows(rows: StatsRow[], by: Dimension[]): StatsRow[] {
  const size = (r: StatsRow) => (r.figures.received?.value ?? 0) + (r.figures.handled?.value ?? 0) + (r.figures.assignments?.value ?? 0);
  return rows.sort((a, b) => {
    for (let i = 0; i < by.length; i++) {
      const d = by[i]!;
      const ka = a.keys[i]!.key;
      const kb = b.keys[i]!.key;
      if (ka === kb) continue;
      if (d === 'day' || d === 'month') return ka < kb ? -1 : 1;
      if (i === by.length - 1 || by.length === 1) {
        const diff = size(b) - size(a);
        if (diff !== 0) return diff;
      }
      return ka < kb ? -1 : 1;
    }
    return 0;
  });
}

/** The query's scope, filters and grouping, with the unit a `unitParentId` names resolved. */
export async function contextFor(db: Db, doer: Doer, q: StatsQuery): Promise<Ctx> {
  const platformId = doer.platformId;
  const scopePattern = isSystem(doer) || atPlatformRoot(doer) ? null : subtreePattern(doer.unitPath);
  let unitParentPath: string | null = null;
  if (q.unitParentId !== undefined) {
    const parent = await db.selectFrom('units').select(['path']).where('platform_id', '=', platformId).where('id', '=', q.unitParentId).executeTakeFirst();
    if (!parent) throw invalid([{ field: 'unitParentId', message: '单位不存在', message_en: 'no such unit' }]);
    unitParentPath = parent.path;
  }
  return { platformId, scopePattern, filters: q.filters ?? {}, by: q.by ?? [], subjectLevel: q.subjectLevel ?? 1, unitParentPath };
}

export async function computeStats(db: Db, doer: Doer, q: StatsQuery, now: Date): Promise<StatsResult> {
  const t0 = performance.now();
  if (!mayReadStats(doer)) throw forbidden('查看统计');
  validate(q);
  const ctx = await contextFor(db, doer, q);
  const { platformId, by } = ctx;
  const figures: FigureKey[] = q.figures?.length ? q.figures : [...COUNT_KEYS, ...RATE_KEYS];
  const source = q.source ?? 'rollup';
  // Calls carry no ticket dimension: they are counted only when nothing but time is asked.
  const withCalls = by.every((d) => d === 'day' || d === 'month') && Object.values(ctx.filters).every((v) => v === undefined || v === false || v === true || (Array.isArray(v) && v.length === 0));
  const period: Period = { from: q.from, to: q.to };
  const previous = q.compare ? previousPeriod(period) : undefined;
  const lastYear = q.compare ? lastYearPeriod(period) : undefined;
  const [settings, current, prev, last, rollupAt] = await Promise.all([
    figureSettings(db, platformId),
    countsFor(db, ctx, period, source, now, withCalls),
    previous ? countsFor(db, ctx, previous, source, now, withCalls) : Promise.resolve(null),
    lastYear ? countsFor(db, ctx, lastYear, source, now, withCalls) : Promise.resolve(null),
    rollupState(db, platformId),
  ]);

  // Day and month keys of the earlier periods line up with the current one by position, not by date.
  const shift = (g: Grouped | null, p: Period | undefined): Grouped | null => {
    if (!g || !p || !by.some((d) => d === 'day' || d === 'month')) return g;
    const moved: Grouped = new Map();
    const mapKey = (d: Dimension | undefined, k: string | null) => {
      if (k === null || !d) return k;
      if (d === 'day') return addDays(period.from, daysIn({ from: p.from, to: k }) - 1);
      const [y, m] = k.split('-').map(Number) as [number, number];
      const [py, pm] = p.from.split('-').map(Number) as [number, number];
      const [cy, cm] = period.from.split('-').map(Number) as [number, number];
      const idx = (y * 12 + m - 1) - (py * 12 + pm - 1) + (cy * 12 + cm - 1);
      return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
    };
    for (const [key, g0] of g) {
      if (key === TOTAL) { moved.set(key, g0); continue; }
      const k1 = mapKey(by[0], g0.k1);
      const k2 = mapKey(by[1], g0.k2);
      moved.set(`${k1 ?? ''}\u0001${k2 ?? ''}`, { k1, k2, counts: g0.counts });
    }
    return moved;
  };
  const prevG = shift(prev, previous);
  const lastG = shift(last, lastYear);

  const keySets = [new Set<string>(), new Set<string>()];
  for (const [key, g] of current) {
    if (key === TOTAL) continue;
    keySets[0]!.add(g.k1 ?? '');
    keySets[1]!.add(g.k2 ?? '');
  }
  const labels = await labelsFor(db, platformId, by, keySets);

  const rowOf = (keys: GroupKey[], key: string): StatsRow => {
    const nowValues = valuesOf(fullCounts(current.get(key)?.counts), settings, figures);
    const prevValues = prevG ? valuesOf(fullCounts(prevG.get(key)?.counts), settings, figures) : null;
    const lastValues = lastG ? valuesOf(fullCounts(lastG.get(key)?.counts), settings, figures) : null;
    const out: StatsRow['figures'] = {};
    for (const f of figures) {
      const kind = isRateKey(f) ? 'rate' : 'count';
      const v: FigureValue = { value: nowValues[f] ?? null };
      if (prevValues) {
        v.previous = prevValues[f] ?? null;
        v.changePrevious = changeOf(kind, v.value, v.previous);
      }
      if (lastValues) {
        v.lastYear = lastValues[f] ?? null;
        v.changeLastYear = changeOf(kind, v.value, v.lastYear);
      }
      out[f] = v;
    }
    return { keys, figures: out };
  };

  const rows: StatsRow[] = [];
  for (const [key, g] of current) {
    if (key === TOTAL) continue;
    const keys: GroupKey[] = by.map((d, i) => {
      const k = (i === 0 ? g.k1 : g.k2) ?? '';
      return { dimension: d, key: k, label: k === '' ? '（未指定）' : labels[i]!.get(k) ?? k };
    });
    rows.push(rowOf(keys, key));
  }
  const asOf = now.toISOString();
  return {
    period, previous, lastYear, by, figures,
    rows: orderRows(rows, by),
    total: rowOf([], TOTAL),
    source,
    asOf,
    rollupAt: rollupAt ? rollupAt.toISOString() : null,
    ms: Math.round(performance.now() - t0),
  };
}

export { FIGURE_LABELS };
