// Seed 000's first section rebuilt (`minsheng seed-demo --scenario city-2017`): 连云港's 12345
// platform in 2017, 299,131 tickets with exactly the seed's counts per report group (市政管理类
// 212,761 …), per channel (12345政府热线电话 158,682 …) and per unit for the top ten (海州区 116,072 …),
// and a 2016 sized so the year-on-year changes come out as the seed states them (较去年增加11.90%,
// 结案率99.57% 上升0.76个百分点, 按期结案率93.59% 上升2.51个百分点, 一次完成率97.44% 上升0.31个百分点).
//
// Six hundred thousand tickets are written set-based: per year one statement whose materialized
// CTE computes every row from generate_series (each ticket's type, channel, unit, grid subject and
// day are buckets of different permutations of its index, so every marginal count is exact and the
// dimensions mix), and whose data-modifying CTEs insert the tickets, assignments, events and
// ticket counters from it. Rows are minimal but valid for the
// figures and the use cases: one primary assignment per ticket with its deadlines, sign, reply and
// on_time; closed tickets reviewed, visited (satisfied or basically satisfied: the seed gives no
// satisfaction) and closed; the open ones still with their unit; events `accepted` and `dispatched`
// only (the sign, reply, review and visit events are left out: a third of the load's time each). Search words are left for
// `minsheng reindex` (the list search falls back to ILIKE meanwhile), and the tickets count as
// checked for 屡办不成 (repeat_checked_at): the repeat job would otherwise work through 600,000 of them.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { UnitKind } from '../../../domain/units.js';
import { rebuildRollups } from '../../stats/rollup.js';
import { createRng } from '../history-world.js';
import { createScenarioPlatform, ROOT_STAFF, type ScenarioUnit, type ScenarioUser } from './platform.js';

// ── The seed's data ───────────────────────────────────────────────────────────────────────────

/** §一: the year's total, stated in the seed. */
export const CITY_TOTAL_2017 = 299_131;

/** §一.1 按问题类别分, in the seed's order: the report groups (ticket_types.report_group). */
export const CITY_GROUPS: ReadonlyArray<{ group: string; count: number }> = [
  { group: '市政管理类', count: 212_761 }, { group: '咨询服务类', count: 48_602 }, { group: '批评投诉类', count: 37_477 },
  { group: '意见建议类', count: 287 }, { group: '应急救助类', count: 4 },
];

/** §一.2 按问题来源分: the seed's channel names on the platform's channel codes. */
export const CITY_CHANNELS: ReadonlyArray<{ code: string; name: string; count: number }> = [
  { code: 'phone', name: '12345政府热线电话', count: 158_682 }, { code: 'grid', name: '信息采集监督员上报', count: 137_330 },
  { code: 'province', name: '省12345平台流转', count: 1_361 }, { code: 'web', name: '门户网站', count: 892 }, { code: 'wechat', name: '微信', count: 728 },
  { code: 'weibo', name: '微博', count: 98 }, { code: 'email', name: '邮件', count: 18 }, { code: 'app', name: '市民APP', count: 13 },
  { code: 'leader', name: '领导交办', count: 7 }, { code: 'visit', name: '群众来访', count: 1 }, { code: 'department', name: '部门转办', count: 1 },
];

/** §一.3 按责任单位分: the ten units with the most tickets, in the seed's order. */
export const CITY_TOP_UNITS: ReadonlyArray<{ name: string; kind: UnitKind; count: number }> = [
  { name: '海州区', kind: 'district', count: 116_072 }, { name: '连云区', kind: 'district', count: 36_010 },
  { name: '市公安局', kind: 'department', count: 21_429 }, { name: '市城管局', kind: 'department', count: 15_805 },
  { name: '高新区', kind: 'committee', count: 8_885 }, { name: '开发区', kind: 'committee', count: 6_422 },
  { name: '城建控股集团', kind: 'enterprise', count: 5_281 }, { name: '赣榆区', kind: 'district', count: 4_212 },
  { name: '灌云县', kind: 'district', count: 4_180 }, { name: '市城建局', kind: 'department', count: 3_904 },
];

/**
 * The other member units (seed 000 names them in §三–§五; 77 are evaluated): they share the rest
 * of the year's tickets, each fewer than the tenth unit's 3,904, first listed most.
 */
const OTHER_UNITS: ReadonlyArray<{ name: string; kind: UnitKind }> = [
  ...['东海县', '灌南县'].map((name) => ({ name, kind: 'district' as const })),
  ...['徐圩新区', '云台山景区'].map((name) => ({ name, kind: 'committee' as const })),
  ...['市交通局', '市人社局', '市住房局', '市国土局', '市教育局', '市卫计委', '市民政局', '市环保局', '市水利局', '市商务局', '市物价局', '市文广新局',
    '市工商局', '市药监局', '市旅游局', '市民防局', '市司法局', '市残联', '市国税局', '市地税局', '市粮食局', '市气象局', '市盐务局', '市烟草局']
    .map((name) => ({ name, kind: 'department' as const })),
  ...['交通控股集团', '市自来水公司', '市供电公司', '连云港移动公司', '连云港广电网络公司', '市邮政公司', '连云港铁塔公司', '连云港石油']
    .map((name) => ({ name, kind: 'enterprise' as const })),
];

/** §一's rates and their changes on 2016 (percent, percentage points). */
export const CITY_STATED = {
  growthPercent: 11.9,
  closureRate: 99.57, closureChange: 0.76,
  onTimeRate: 93.59, onTimeChange: 2.51,
  firstTimeRate: 97.44, firstTimeChange: 0.31,
} as const;

export const CITY_PLATFORM = { code: 'city-2017', name: '市12345政府公共服务平台', rootName: '市12345政府公共服务中心' } as const;
/** The seed is dated 2018-02-05 10:04: the figures are taken then, the year's closures in January included. */
export const CITY_AS_OF = new Date('2018-02-05T02:04:00Z');
export const CITY_DEFAULT_SEED = 2018_0205;

/** Types per report group, with the share of the group each takes (the last takes the rest). */
const GROUP_TYPES: Record<string, ReadonlyArray<[type: string, share: number]>> = {
  市政管理类: [['help', 0.6], ['report', 0.4]],
  咨询服务类: [['consult', 1]],
  批评投诉类: [['complaint', 1]],
  意见建议类: [['suggestion', 0.9], ['praise', 0.1]],
  应急救助类: [['emergency', 1]],
};
/** Report group of the platform's other types (none of them used here). */
const OTHER_TYPE_GROUPS: Record<string, string> = { other: '市政管理类' };
/** 应急救助: a type the default list lacks. */
const EMERGENCY = { code: 'emergency', name: '应急救助', nameEn: 'Emergency rescue' };

/** Subjects (second level of the default catalogue) per type, for titles and the subject dimension. */
const TYPE_SUBJECTS: Record<string, readonly string[]> = {
  help: ['市容环境', '街面秩序', '停车管理', '市政设施', '园林绿化'], report: ['违法建设', '市容环境', '街面秩序', '噪音'],
  consult: ['政策咨询', '办事流程', '社会保险', '户籍证件', '公共交通'], complaint: ['物业管理', '消费维权', '噪音', '工作作风', '供水'],
  suggestion: ['公共交通', '市政设施', '园林绿化'], praise: ['工作作风'], emergency: ['燃气', '供水'],
};
/**
 * §二.2 信息采集类高发问题: what grid supervisors report most, by subject leaf (all in the default
 * catalogue). The rest of their reports go evenly to the other leaves of 城市管理, each fewer than
 * the last listed, so the report's 高发问题 names these in this order.
 */
export const CITY_GRID_HOT: ReadonlyArray<{ subject: string; count: number }> = [
  { subject: '暴露垃圾', count: 14_794 }, { subject: '乱堆物堆料', count: 13_043 }, { subject: '非法小广告', count: 11_243 },
  { subject: '沿街晾挂', count: 8_203 }, { subject: '无照经营游商', count: 6_981 }, { subject: '道路不洁', count: 6_064 },
  { subject: '机动车乱停放', count: 6_008 }, { subject: '施工废弃料', count: 4_533 }, { subject: '垃圾满溢', count: 4_427 },
];
const CITY_MANAGEMENT = ['市容环境', '违法建设', '街面秩序', '停车管理', '市政设施', '园林绿化', '噪音'];

/** Calendar days a unit has to reply, by type (about the SLA policies' working days), for the minimal rows. */
const REPLY_DAYS: Record<string, number> = { help: 7, report: 14, consult: 2, complaint: 14, suggestion: 21, praise: 7, emergency: 1 };

// ── The counts (pure) ─────────────────────────────────────────────────────────────────────────

const round2 = (percent: number): number => Math.round(percent * 100) / 100;
const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

/** A count k of `den` whose share, in percent with two decimals, is `percent`; the one nearest the exact share that also passes `ok`. */
export function fitRate(den: number, percent: number, ok: (k: number) => boolean = () => true): number {
  const centre = Math.round((den * percent) / 100);
  for (let d = 0; d <= den; d++) {
    for (const k of d === 0 ? [centre] : [centre - d, centre + d]) {
      if (k >= 0 && k <= den && same(round2((k / den) * 100), percent) && ok(k)) return k;
    }
  }
  throw new Error(`no count of ${den} gives ${percent}%`);
}

export interface YearCounts {
  year: number;
  total: number;
  /** By type code, by channel code, by unit name: each sums to total. */
  types: Map<string, number>;
  channels: Map<string, number>;
  units: Map<string, number>;
  closed: number;
  /** Closed tickets with no send-back (一次办结) and replies on time (of the closed ones' replies). */
  closedFirstTime: number;
  repliedOnTime: number;
}

/** Splits `total` over weights so the parts sum to it (largest remainder). */
function apportion(total: number, weights: ReadonlyMap<string, number>): Map<string, number> {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const parts = [...weights].map(([k, w]) => ({ k, exact: (total * w) / sum }));
  const out = new Map(parts.map((p) => [p.k, Math.floor(p.exact)]));
  let left = total - [...out.values()].reduce((a, b) => a + b, 0);
  for (const p of [...parts].sort((a, b) => (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)))) {
    if (left-- <= 0) break;
    out.set(p.k, out.get(p.k)! + 1);
  }
  return out;
}

/** 2017 as the seed states it, and 2016 sized so that every change rounds to the seed's. */
export function cityCounts(): [YearCounts, YearCounts] {
  const total = CITY_TOTAL_2017;
  const groupSum = CITY_GROUPS.reduce((s, g) => s + g.count, 0);
  const channelSum = CITY_CHANNELS.reduce((s, c) => s + c.count, 0);
  if (groupSum !== total || channelSum !== total) throw new Error(`city-2017: groups sum to ${groupSum}, channels to ${channelSum}, not ${total}`);
  const types = new Map<string, number>();
  for (const g of CITY_GROUPS) {
    for (const [type, n] of apportion(g.count, new Map(GROUP_TYPES[g.group]!))) types.set(type, n);
  }
  // The rest of the year's tickets over the other units: linearly fewer down the list, each below the tenth unit.
  const rest = total - CITY_TOP_UNITS.reduce((s, u) => s + u.count, 0);
  const n = OTHER_UNITS.length;
  const others = apportion(rest, new Map(OTHER_UNITS.map((u, i) => [u.name, 1.7 - (1.4 * i) / (n - 1)])));
  const tenth = CITY_TOP_UNITS[CITY_TOP_UNITS.length - 1]!.count;
  if (Math.max(...others.values()) >= tenth) throw new Error('city-2017: another unit would enter the top ten');
  const units = new Map<string, number>([...CITY_TOP_UNITS.map((u) => [u.name, u.count] as [string, number]), ...others]);
  const closed = fitRate(total, CITY_STATED.closureRate);
  const y2017: YearCounts = {
    year: 2017, total, types, channels: new Map(CITY_CHANNELS.map((c) => [c.code, c.count])), units, closed,
    closedFirstTime: fitRate(closed, CITY_STATED.firstTimeRate), repliedOnTime: fitRate(closed, CITY_STATED.onTimeRate),
  };
  // 2016: the total giving +11.90%, then each rate whose own rounding and whose change both match.
  const total16 = fitCount(total, CITY_STATED.growthPercent);
  const change = (k: number, den: number, now: number, nowDen: number, pp: number) => same(round2((now / nowDen - k / den) * 100), pp);
  const closed16 = fitRate(total16, round2(CITY_STATED.closureRate - CITY_STATED.closureChange), (k) => change(k, total16, closed, total, CITY_STATED.closureChange));
  const y2016: YearCounts = {
    year: 2016, total: total16,
    types: apportion(total16, types), channels: apportion(total16, y2017.channels), units: apportion(total16, units), closed: closed16,
    closedFirstTime: fitRate(closed16, round2(CITY_STATED.firstTimeRate - CITY_STATED.firstTimeChange),
      (k) => change(k, closed16, y2017.closedFirstTime, closed, CITY_STATED.firstTimeChange)),
    repliedOnTime: fitRate(closed16, round2(CITY_STATED.onTimeRate - CITY_STATED.onTimeChange),
      (k) => change(k, closed16, y2017.repliedOnTime, closed, CITY_STATED.onTimeChange)),
  };
  return [y2016, y2017];
}

/** Grid reports per subject leaf id: the hot ones as §二.2 counts them, the rest evenly over the other leaves. */
function gridSubjectCounts(leaves: readonly { id: number; name: string }[], total: number): Map<string, number> {
  const byName = new Map(leaves.map((l) => [l.name, l.id]));
  const out = new Map<string, number>();
  for (const h of CITY_GRID_HOT) {
    const id = byName.get(h.subject);
    if (id === undefined) throw new Error(`city-2017: the catalogue has no subject ${h.subject}`);
    out.set(String(id), h.count);
  }
  const hot = new Set(CITY_GRID_HOT.map((h) => h.subject));
  const rest = leaves.filter((l) => !hot.has(l.name));
  const left = total - CITY_GRID_HOT.reduce((sum, h) => sum + h.count, 0);
  const spread = apportion(left, new Map(rest.map((l) => [String(l.id), 1])));
  if (Math.max(...spread.values()) >= CITY_GRID_HOT[CITY_GRID_HOT.length - 1]!.count) throw new Error('city-2017: too few 城市管理 subjects to spread the other grid reports');
  for (const [k, v] of spread) out.set(k, v);
  return out;
}

/** The year before's total from which `total` is `growth` percent more, rounded as the seed rounds. */
function fitCount(total: number, growth: number): number {
  const centre = Math.round(total / (1 + growth / 100));
  for (let d = 0; d < centre; d++) {
    for (const k of [centre - d, centre + d]) if (same(round2(((total - k) / k) * 100), growth)) return k;
  }
  throw new Error(`no year before gives ${growth}%`);
}

// ── Writing it ────────────────────────────────────────────────────────────────────────────────

export interface CitySeedOptions {
  platformId: number;
  password: string;
  usernamePrefix?: string;
  seed?: number;
  /** When the figures are taken (default the seed's date): the open tickets' lights are as of then. */
  now?: Date;
}

export interface CitySeedResult {
  platformId: number;
  units: number;
  tickets: number;
  /** Per year: its tickets, the time taken, and each statement's milliseconds. */
  years: { year: number; tickets: number; ms: number; steps: Record<string, number> }[];
  rollupMs: number;
  ms: number;
}

function cityUnits(): ScenarioUnit[] {
  return [
    { key: 'root', parentKey: null, kind: 'platform', code: 'LYG', name: CITY_PLATFORM.rootName },
    ...[...CITY_TOP_UNITS, ...OTHER_UNITS].map((u, i): ScenarioUnit => ({
      key: u.name, parentKey: 'root', kind: u.kind, code: `LYG-U${String(i + 1).padStart(2, '0')}`, name: u.name,
    })),
  ];
}

function cityUsers(prefix: string, units: readonly ScenarioUnit[]): ScenarioUser[] {
  return [
    ...ROOT_STAFF.map(([login, displayName, roles]) => ({ username: `${prefix}${login}`, displayName, unitKey: 'root', roles })),
    ...units.filter((u) => u.parentKey !== null).map((u) => ({
      username: `${prefix}h_${u.code.toLowerCase()}`, displayName: `${u.name}承办人`, unitKey: u.key, roles: ['handler' as const],
    })),
  ];
}

/** Writes the city platform and its two years; rebuilds the rollups. */
export async function seedCity2017(db: Db, options: CitySeedOptions): Promise<CitySeedResult> {
  const started = performance.now();
  const now = options.now ?? CITY_AS_OF;
  const units = cityUnits();
  const platform = await createScenarioPlatform(db, {
    platformId: options.platformId, code: CITY_PLATFORM.code, name: CITY_PLATFORM.name, units,
    users: cityUsers(options.usernamePrefix ?? '', units), password: options.password, now,
  });
  const platformId = platform.platformId;
  await setUpCodes(db, platformId);
  const ctx = await contextOf(db, platformId, platform.unitIds);
  const rng = createRng(options.seed ?? CITY_DEFAULT_SEED);
  const years: CitySeedResult['years'] = [];
  for (const counts of cityCounts()) {
    const t0 = performance.now();
    const steps = await writeYear(db, ctx, counts, rng, now);
    years.push({ year: counts.year, tickets: counts.total, ms: Math.round(performance.now() - t0), steps });
  }
  for (const table of ['tickets', 'assignments', 'ticket_events']) await sql`analyze ${sql.table(table)}`.execute(db);
  const rollup = await rebuildRollups(db, platformId, now);
  return {
    platformId, units: units.length, tickets: years.reduce((s, y) => s + y.tickets, 0), years, rollupMs: rollup.ms, ms: Math.round(performance.now() - started),
  };
}

/** The seed's channel names, the 应急救助 type, and every type's report group. */
async function setUpCodes(db: Db, platformId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const c of CITY_CHANNELS) await tx.updateTable('channels').set({ name: c.name }).where('platform_id', '=', platformId).where('code', '=', c.code).execute();
    await tx.insertInto('ticket_types').values({ platform_id: platformId, code: EMERGENCY.code, name: EMERGENCY.name, name_en: EMERGENCY.nameEn, sort_order: 75 })
      .onConflict((oc) => oc.columns(['platform_id', 'code']).doNothing()).execute();
    const groupOf = { ...OTHER_TYPE_GROUPS, ...Object.fromEntries(Object.entries(GROUP_TYPES).flatMap(([g, types]) => types.map(([t]) => [t, g]))) };
    for (const [code, group] of Object.entries(groupOf)) {
      await tx.updateTable('ticket_types').set({ report_group: group }).where('platform_id', '=', platformId).where('code', '=', code).execute();
    }
  });
}

interface CityContext {
  platformId: number;
  calendarVersion: number;
  unitIds: Map<string, number>;
  handlerOf: Map<number, number>;
  operator: number;
  dispatcher: number;
  visitor: number;
  rootId: number;
  subjects: Map<string, { ids: number[]; names: string[] }>;
  /** The leaves of 城市管理 (其他 aside): where grid reports go. */
  gridLeaves: { id: number; name: string }[];
  policyOf: Map<string, { id: number; replyMinutes: number }>;
}

async function contextOf(db: Db, platformId: number, unitIds: Map<string, number>): Promise<CityContext> {
  const [platform, users, subjects, policies] = await Promise.all([
    db.selectFrom('platforms').select('calendar_version').where('id', '=', platformId).executeTakeFirstOrThrow(),
    db.selectFrom('users').select(['id', 'unit_id', 'roles']).where('platform_id', '=', platformId).orderBy('id').execute(),
    db.selectFrom('subjects as s').innerJoin('subjects as p', 'p.id', 's.parent_id').select(['s.id', 's.name', 'p.name as parent'])
      .where('s.platform_id', '=', platformId).where('s.level', '=', 3).orderBy('s.id').execute(),
    db.selectFrom('sla_policies').select(['id', 'name', 'match_type', 'reply_minutes']).where('platform_id', '=', platformId).execute(),
  ]);
  const rootId = unitIds.get('root')!;
  const staff = (role: string) => users.find((u) => u.unit_id === rootId && u.roles.includes(role))!.id;
  const handlerOf = new Map<number, number>();
  for (const u of users) if (u.roles.includes('handler') && !handlerOf.has(u.unit_id)) handlerOf.set(u.unit_id, u.id);
  const bySecond = new Map<string, { id: number; name: string }[]>();
  for (const s of subjects) bySecond.set(s.parent, [...(bySecond.get(s.parent) ?? []), { id: s.id, name: s.name }]);
  const subjectsOf = new Map<string, { ids: number[]; names: string[] }>();
  for (const [type, seconds] of Object.entries(TYPE_SUBJECTS)) {
    const leaves = seconds.flatMap((s) => (bySecond.get(s) ?? []).filter((l) => l.name !== '其他'));
    subjectsOf.set(type, { ids: leaves.map((l) => l.id), names: leaves.map((l) => l.name) });
  }
  const gridLeaves = CITY_MANAGEMENT.flatMap((s) => (bySecond.get(s) ?? []).filter((l) => l.name !== '其他'));
  const fallback = policies.find((p) => p.name === '默认')!;
  const policyOf = new Map<string, { id: number; replyMinutes: number }>();
  for (const type of Object.keys(REPLY_DAYS)) {
    const p = policies.find((x) => x.match_type === type) ?? fallback;
    policyOf.set(type, { id: p.id, replyMinutes: p.reply_minutes });
  }
  return {
    platformId, calendarVersion: platform.calendar_version, unitIds, handlerOf, operator: staff('operator'), dispatcher: staff('dispatcher'),
    visitor: staff('visitor'), rootId, subjects: subjectsOf, gridLeaves, policyOf,
  };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** A multiplier coprime with n: (i·a + b) mod n is then a permutation of 0 … n−1. */
function coprime(rng: ReturnType<typeof createRng>, n: number): number {
  for (;;) {
    const a = rng.int(Math.floor(n / 3), Math.floor((2 * n) / 3));
    if (gcd(a, n) === 1) return a;
  }
}

/** x⁻¹ mod n (x coprime with n), by the extended Euclid algorithm in BigInt. */
function modInverse(x: number, n: number): number {
  let [a, b, u, v] = [BigInt(x), BigInt(n), 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, u, v] = [b, a - q * b, v, u - q * v];
  }
  return Number(((u % BigInt(n)) + BigInt(n)) % BigInt(n));
}

/** 1-based bucket starts of consecutive counts, for width_bucket. */
const starts = (counts: readonly number[]): number[] => {
  const out: number[] = [];
  let at = 1;
  for (const c of counts) { out.push(at); at += c; }
  return out;
};

/**
 * One year in one statement. Ticket g (1 … N) gets its type from g's bucket (so grid reports,
 * the first channel bucket, are all 市政管理类), its other channel and its unit from two
 * permutations of g, and its day from a third (rank r: day ⌊r·days/N⌋); the last ranks (late
 * December) are the tickets still open. Among the closed, two more permutations pick the exact
 * numbers sent back once and replied late.
 */
async function writeYear(db: Db, ctx: CityContext, y: YearCounts, rng: ReturnType<typeof createRng>, now: Date): Promise<Record<string, number>> {
  const typeList = [...y.types.keys()];
  const grid = y.channels.get('grid') ?? 0;
  const otherChannels = [...y.channels.keys()].filter((c) => c !== 'grid');
  const unitNames = [...y.units.keys()];
  const unitIds = unitNames.map((n) => ctx.unitIds.get(n)!);
  const kindOf = new Map([...CITY_TOP_UNITS, ...OTHER_UNITS].map((u) => [u.name, u.kind]));
  // Per type: its subjects as one flat list with offsets (SQL arrays must be rectangular).
  const flatIds: number[] = [];
  const flatNames: string[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (const t of typeList) {
    const s = ctx.subjects.get(t) ?? { ids: [], names: [] };
    offsets.push(flatIds.length);
    lengths.push(s.ids.length);
    flatIds.push(...s.ids);
    flatNames.push(...s.names);
  }
  // Grid reports by subject: seed §二.2's counts in 2017, the same shares in 2016.
  const hotCounts = gridSubjectCounts(ctx.gridLeaves, CITY_CHANNELS.find((c) => c.code === 'grid')!.count);
  const gridSubjects = grid === CITY_CHANNELS.find((c) => c.code === 'grid')!.count ? hotCounts : apportion(grid, hotCounts);
  const gridKeys = [...gridSubjects.keys()];
  const gridLeafOf = new Map(ctx.gridLeaves.map((l) => [String(l.id), l]));
  const N = y.total;
  const others = N - grid;
  const days = y.year % 4 === 0 ? 366 : 365;
  const p = {
    a: coprime(rng, N), b: rng.int(0, N - 1), c: coprime(rng, N), d: rng.int(0, N - 1),
    e: coprime(rng, Math.max(others, 1)), f: rng.int(0, Math.max(others - 1, 0)),
    m: coprime(rng, Math.max(grid, 1)), n: rng.int(0, Math.max(grid - 1, 0)),
    h: coprime(rng, y.closed), i: rng.int(0, y.closed - 1), j: coprime(rng, y.closed), k: rng.int(0, y.closed - 1),
  };
  const cInverse = modInverse(p.c, N);
  const int = (v: number) => sql.lit(v);
  const steps: Record<string, number> = {};
  const timed = async (name: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    steps[name] = Math.round(performance.now() - t0);
  };
  await db.transaction().execute(async (tx) => {
    const superuser = (await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(tx)).rows[0]?.s === true;
    // Demo data: no fsync wait per commit; as a superuser (the embedded server) the row-by-row
    // foreign-key triggers are skipped as pg_restore does: every id written here was just made.
    // Sorting 300,000 rows in memory rather than on disk.
    await sql`select set_config('synchronous_commit', 'off', true), set_config('work_mem', '256MB', true)`.execute(tx);
    if (superuser) await sql`select set_config('session_replication_role', 'replica', true)`.execute(tx);
    // The year's rows, driven by the time rank r (0 … N−1): r's day is ⌊r·days/N⌋ and its time of day runs from
    // 08:00 to 22:00 through the day's ranks, so rows come out in acceptance order, ids and the day's
    // numbers follow it, and nothing is sorted. g = the ticket index whose permutation gives r.
    const rows = sql`
      with base as (
        select r, ((r - ${int(p.d)} + ${int(N)}) % ${int(N)}) * ${int(cInverse)} % ${int(N)} + 1 as g,
          r * ${int(days)} / ${int(N)} as day
        from generate_series(0::bigint, ${int(N - 1)}::bigint) r
      ), b as (
        select base.*, (day * ${int(N)} + ${int(days - 1)}) / ${int(days)} as day_first,
          ((day + 1) * ${int(N)} + ${int(days - 1)}) / ${int(days)} as next_first,
          ((g - 1) * ${int(p.a)} + ${int(p.b)}) % ${int(N)} as pu
        from base
      ), x as (
        select g, r, day, r - day_first + 1 as seq,
          width_bucket(g, ${starts(typeList.map((t) => y.types.get(t)!))}::int[]) as ti,
          case when g <= ${int(grid)} then 0
            else width_bucket(((g - ${int(grid)} - 1) * ${int(p.e)} + ${int(p.f)}) % ${int(Math.max(others, 1))} + 1,
              ${starts(otherChannels.map((c) => y.channels.get(c)!))}::int[]) end as ci,
          width_bucket(pu + 1, ${starts(unitNames.map((n) => y.units.get(n)!))}::int[]) as ui,
          case when g <= ${int(grid)} then width_bucket(((g - 1) * ${int(p.m)} + ${int(p.n)}) % ${int(Math.max(grid, 1))} + 1,
            ${starts(gridKeys.map((k) => gridSubjects.get(k)!))}::int[]) end as gi,
          ${`${y.year}-01-01T08:00:00+08:00`}::timestamptz + day * interval '1 day'
            + ((r - day_first) * 50400 / greatest(next_first - day_first, 1)) * interval '1 second' as accepted_at,
          r < ${int(y.closed)} as closed,
          r < ${int(y.closed)} and (r * ${int(p.h)} + ${int(p.i)}) % ${int(y.closed)} >= ${int(y.closed - y.closedFirstTime)} as first_time,
          r < ${int(y.closed)} and (r * ${int(p.j)} + ${int(p.k)}) % ${int(y.closed)} < ${int(y.repliedOnTime)} as on_time,
          ((g * 40503) % 1000) / 1000.0 as frac, (g * 2654435761) % 100 as pct
        from b
      ), s as (
        select x.*, (${typeList}::text[])[ti] as type,
          case when ci = 0 then 'grid' else (${otherChannels}::text[])[ci] end as channel,
          (${unitIds}::bigint[])[ui] as unit_id,
          (${unitNames.map((n, i) => (kindOf.get(n) === 'district' ? unitIds[i]! : null))}::bigint[])[ui] as district_id,
          (${unitIds.map((u) => ctx.handlerOf.get(u)!)}::bigint[])[ui] as handler_id,
          case when ci = 0 then (${gridKeys.map(Number)}::bigint[])[gi]
            else (${flatIds}::bigint[])[(${offsets}::int[])[ti] + 1 + (g * 31) % greatest((${lengths}::int[])[ti], 1)] end as subject_id,
          case when ci = 0 then (${gridKeys.map((k) => gridLeafOf.get(k)!.name)}::text[])[gi]
            else (${flatNames}::text[])[(${offsets}::int[])[ti] + 1 + (g * 31) % greatest((${lengths}::int[])[ti], 1)] end as subject_name,
          (${typeList.map((t) => ctx.policyOf.get(t)?.id ?? null)}::bigint[])[ti] as policy_id,
          (${typeList.map((t) => ctx.policyOf.get(t)?.replyMinutes ?? 2250)}::int[])[ti] as reply_minutes,
          (${typeList.map((t) => REPLY_DAYS[t] ?? 7)}::int[])[ti] as reply_days,
          accepted_at + (10 + g % 50) * interval '1 minute' as dispatched_at
        from x
      )
      select s.*, nextval(pg_get_serial_sequence('tickets', 'id')) as id, nextval(pg_get_serial_sequence('assignments', 'id')) as aid,
        dispatched_at + interval '1 day' as sign_deadline, dispatched_at + interval '18 hours' as sign_warn_at,
        dispatched_at + reply_days * interval '1 day' as reply_deadline, dispatched_at + reply_days * interval '18 hours' as reply_warn_at,
        dispatched_at + (30 + g % 300) * interval '1 minute' as signed_at,
        case when not closed then null
          when on_time then dispatched_at + reply_days * (0.2 + 0.75 * frac) * interval '1 day'
          else dispatched_at + reply_days * interval '1 day' + (1 + g % 9) * interval '1 day' + interval '2 hours' end as replied_at,
        to_char(${`${y.year}-01-01`}::date + day::int, 'YYYYMMDD') as day_key
      from s`;
    const tickets = sql`insert into tickets (id, platform_id, number, channel, type, urgency, subject_id, title, content, district_id, state, version,
        sla_policy_id, calendar_version, due_at, due_warn_at, sla_level, overdue, first_time, sendback_count, visit_attempts, contacted, resolved,
        satisfaction, close_reason, accepted_at, dispatched_at, replied_at, approved_at, visited_at, closed_at, created_by, updated_at, repeat_checked_at)
      select id, ${ctx.platformId}, day_key || lpad(seq::text, 4, '0'), channel, type, case when type = 'emergency' then 'urgent' else 'normal' end,
        subject_id,
        case type when 'consult' then '咨询' || coalesce(subject_name, '政策') when 'suggestion' then '关于' || coalesce(subject_name, '城市管理') || '的建议'
          when 'praise' then '表扬' else coalesce(subject_name, '市民诉求') || '问题' end,
        case when channel = 'grid' then '信息采集监督员巡查发现' || coalesce(subject_name, '') || '问题，请及时处置。'
          else '来电人反映' || coalesce(subject_name, '') || '相关问题，请有关部门核实处理。' end,
        district_id, case when closed then 'closed' else 'handling' end, case when closed then 7 else 3 end,
        policy_id, ${ctx.calendarVersion}, case when closed then null else reply_deadline end, case when closed then null else reply_warn_at end,
        case when closed then 0 when reply_deadline <= ${now} then 2 when reply_warn_at <= ${now} then 1 else 0 end,
        not closed and reply_deadline <= ${now}, closed and first_time or not closed, case when closed and not first_time then 1 else 0 end,
        case when closed then 1 else 0 end, case when closed then true end, case when closed then true end,
        case when not closed then null when pct < 92 then 'satisfied' else 'basic' end, case when closed then 'resolved' end,
        accepted_at, dispatched_at, replied_at, replied_at + interval '3 hours', replied_at + interval '27 hours', replied_at + interval '27 hours',
        ${ctx.operator}, coalesce(replied_at + interval '27 hours', signed_at), accepted_at
      from city_rows`;
    const assignments = sql`insert into assignments (id, platform_id, ticket_id, unit_id, role, state, dispatched_at, dispatched_by, sign_minutes, sign_clock,
        reply_minutes, reply_clock, return_window_minutes, sign_deadline, reply_deadline, return_deadline, sign_warn_at, reply_warn_at, sign_level,
        reply_level, signed_at, signed_by, replied_at, replied_by, reply_result, contacted, on_time, signed_on_time, sendback_count, closed_at, updated_at)
      select aid, ${ctx.platformId}, id, unit_id, 'primary', case when closed then 'done' else 'handling' end, dispatched_at, ${ctx.dispatcher}, 450, false,
        reply_minutes, false, 900, sign_deadline, reply_deadline, dispatched_at + interval '2 days', sign_warn_at, reply_warn_at, 0,
        case when (closed and not on_time) or (not closed and reply_deadline <= ${now}) then 2 when not closed and reply_warn_at <= ${now} then 1 else 0 end,
        signed_at, handler_id, replied_at, case when closed then handler_id end,
        case when closed then '经核查，已按职责处理完毕，并已电话告知诉求人办理结果。' end, case when closed then true end,
        case when closed then on_time end, true, case when closed and not first_time then 1 else 0 end,
        case when closed then replied_at + interval '3 hours' end, coalesce(replied_at + interval '3 hours', signed_at)
      from city_rows`;
    const events = sql`insert into ticket_events (platform_id, ticket_id, assignment_id, at, type, actor_id, actor_unit_id, from_state, to_state, data)
      select ${int(ctx.platformId)}, id, null, accepted_at, 'accepted', ${int(ctx.operator)}, ${int(ctx.rootId)}, null, 'dispatching',
        jsonb_build_object('channel', channel, 'type', type, 'subjectId', subject_id, 'confidential', false) from city_rows
      union all
      select ${int(ctx.platformId)}, id, aid, dispatched_at, 'dispatched', ${int(ctx.dispatcher)}, ${int(ctx.rootId)}, 'dispatching', 'assigned',
        jsonb_build_object('primaryUnitId', unit_id, 'assistingUnitIds', '[]'::jsonb, 'replyDeadline', reply_deadline, 'signDeadline', sign_deadline) from city_rows`;
    const counters = sql`insert into ticket_counters (platform_id, day, last)
      select ${ctx.platformId}, ${`${y.year}-01-01`}::date + day::int, max(seq) from city_rows group by 2
      on conflict (platform_id, day) do update set last = greatest(ticket_counters.last, excluded.last)`;
    // One statement: the rows are computed once (materialized in memory) and each table takes them.
    await timed('write', () => sql`with city_rows as materialized (${rows}), t as (${tickets}), a as (${assignments}), e as (${events}) ${counters}`.execute(tx));
  });
  return steps;
}
