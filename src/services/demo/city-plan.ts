// The fictional demo city 青澜市: its unit tree (DOMAIN.md §3), grid polygons (§13) and staff
// (§2), as plain data for the demo loader to insert. Pure and deterministic: the same seed always
// gives the same plan; no clock, no Math.random, no I/O.
//
// Geometry. The city is a 60 × 40 km rectangle around (118.9° E, 32.0° N). Every unit with a
// place is first a rectangle on a lattice of 250 m cells: the seven districts are hand-placed cells
// that tile the city, and each level below is cut from its parent by guillotine cuts on the lattice,
// so streets tile their district, communities their street and grids their community. A smooth
// warp that fixes the city's outline and never folds (its Jacobian stays near the identity) then
// bends the straight lattice lines into wavy boundaries. Each boundary carries a vertex at every
// lattice point where any other unit has a corner on the same line, plus one every kilometre, so
// neighbours share their edges vertex for vertex and the tiling stays exact after the warp.
// Committees (development zones) get a boundary too, which overlaps districts on purpose: a 管委会
// runs an area that cuts across the districts' map.
import type { Polygon, Position } from '../../domain/geo.js';
import type { Role } from '../../domain/roles.js';
import type { UnitKind } from '../../domain/units.js';
import { createRng, type Rng } from './rng.js';

export type { Role, UnitKind };

export interface PlannedUnit {
  /** Stable ascii key, unique in the plan: 'city', 'd01', 'd01-s02', 'd01-s02-c03-g1', 'dept-police'. */
  key: string;
  /** Null only for the city platform; a parent always comes before its children in `units`. */
  parentKey: string | null;
  kind: UnitKind;
  /** Unit code, unique, `^[A-Z0-9_]{1,32}$`: 'C', 'D01', 'D01S02', 'DEPT_POLICE'. */
  code: string;
  name: string;
  shortName: string;
  boundary: Polygon | null;
  /** Words in an address that place a ticket in this unit; unique to it among the plan's units. */
  addressKeywords: string[];
}

export interface PlannedUser {
  username: string;
  displayName: string;
  unitKey: string;
  roles: Role[];
}

export interface CityPlan {
  name: string;
  units: PlannedUnit[];
  users: PlannedUser[];
}

export const DEMO_CITY_DEFAULT_SEED = 12345;

// ── Names ─────────────────────────────────────────────────────────────────────────────────────

const CITY_NAME = '青澜市';
const PLATFORM_NAME = '青澜市12345政务服务便民热线';
const PLATFORM_SHORT_NAME = '市12345热线';

const DISTRICT_NAMES = {
  district: ['澜湖区', '青江区', '北塘区', '南屿区', '临波区', '星湾区'],
  county: ['云溪县', '芦川县', '梅岭县', '柘水县', '桐原县'],
};

// Streets, communities, villages and roads are named from two-character place names: a first
// character from PLACE_FIRST and a second from PLACE_SECOND, drawn without repetition.
const PLACE_FIRST = [...'青柳桃松梅竹兰荷枫杏桂樟银金玉翠碧紫丹白清明安康宁和兴福瑞永长新龙凤鹤鹿云霞石沙'];
const PLACE_SECOND = [...'园林湾塘桥坊苑溪浦岭港洲庄泉岗亭埠滨渡坪'];
// Combinations that are well-known real cities or districts, left out so the city stays fictional.
const PLACE_EXCLUDED = ['桂林', '玉林', '鹤岗', '龙岗', '龙泉', '青浦', '长洲', '石林', '福泉', '新洲', '龙港', '沙洲', '龙亭', '沙坪', '丹溪'];

const ROAD_SUFFIXES = ['路', '路', '大道', '街'];
const ESTATE_SUFFIXES = ['花园', '新村', '家园', '小区', '嘉园', '公寓', '新城', '名苑'];
const VILLAGE_GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组'];

// City departments 市直部门: key slug, name, short name.
const DEPARTMENTS: Array<[slug: string, name: string, shortName: string]> = [
  ['police', '市公安局', '公安局'],
  ['urban', '市城市管理局', '城管局'],
  ['housing', '市住房和城乡建设局', '住建局'],
  ['eco', '市生态环境局', '生态环境局'],
  ['transport', '市交通运输局', '交通运输局'],
  ['market', '市市场监督管理局', '市场监管局'],
  ['hrss', '市人力资源和社会保障局', '人社局'],
  ['edu', '市教育局', '教育局'],
  ['health', '市卫生健康委员会', '卫健委'],
  ['civil', '市民政局', '民政局'],
  ['nature', '市自然资源和规划局', '自然资源和规划局'],
  ['water', '市水务局', '水务局'],
  ['emergency', '市应急管理局', '应急管理局'],
  ['culture', '市文化广电和旅游局', '文旅局'],
  ['agri', '市农业农村局', '农业农村局'],
  ['commerce', '市商务局', '商务局'],
  ['ndrc', '市发展和改革委员会', '发改委'],
  ['finance', '市财政局', '财政局'],
  ['tax', '国家税务总局青澜市税务局', '税务局'],
  ['medins', '市医疗保障局', '医保局'],
  ['petition', '市信访局', '信访局'],
  ['data', '市数据局', '数据局'],
  ['fund', '市住房公积金管理中心', '公积金中心'],
  ['justice', '市司法局', '司法局'],
  ['veterans', '市退役军人事务局', '退役军人局'],
  ['industry', '市工业和信息化局', '工信局'],
  ['science', '市科学技术局', '科技局'],
  ['landscape', '市园林绿化局', '园林局'],
  ['sports', '市体育局', '体育局'],
  ['fire', '市消防救援支队', '消防支队'],
];

// Second-level units of city departments: parent slug, own slug, name, short name. Each district
// also gets a police branch under 市公安局 (see policeBranch below).
const DEPARTMENT_SUB_UNITS: Array<[parent: string, slug: string, name: string, shortName: string]> = [
  ['police', 'traffic', '交通警察支队', '交警支队'],
  ['police', 'exit', '出入境管理支队', '出入境支队'],
  ['urban', 'enforce', '城市管理综合行政执法支队', '城管执法支队'],
  ['urban', 'sanitation', '市容环境卫生管理处', '环卫处'],
  ['housing', 'property', '物业管理服务中心', '物业中心'],
  ['transport', 'passenger', '客运管理处', '客管处'],
  ['market', 'c12315', '12315投诉举报中心', '12315中心'],
  ['hrss', 'socins', '社会保险事业管理中心', '社保中心'],
  ['hrss', 'labor', '劳动保障监察支队', '劳动监察支队'],
];

// A district's own bureaus, to which its platform re-dispatches: slug, name suffix, short suffix.
const DISTRICT_DEPARTMENTS: Array<[slug: string, name: string, shortName: string]> = [
  ['urban', '城市管理局', '城管局'],
  ['housing', '住房和城乡建设局', '住建局'],
  ['market', '市场监督管理局', '市场监管局'],
  ['hrss', '人力资源和社会保障局', '人社局'],
];

// State enterprises and utilities 国企/公用事业.
const ENTERPRISES: Array<[slug: string, name: string, shortName: string]> = [
  ['water', '市自来水公司', '自来水公司'],
  ['drainage', '市排水有限公司', '排水公司'],
  ['power', '国网青澜供电公司', '供电公司'],
  ['gas', '市燃气集团', '燃气集团'],
  ['heat', '市热力公司', '热力公司'],
  ['bus', '市公交集团', '公交集团'],
  ['metro', '市地铁集团', '地铁集团'],
  ['mobile', '中国移动青澜分公司', '移动公司'],
  ['unicom', '中国联通青澜分公司', '联通公司'],
  ['telecom', '中国电信青澜分公司', '电信公司'],
  ['post', '中国邮政青澜分公司', '邮政公司'],
  ['cable', '市广电网络公司', '广电网络'],
];

// Administrative committees 管委会, with the lattice rectangle of their zone (see Geometry).
const COMMITTEES: Array<{ slug: string; name: string; shortName: string; keywords: string[]; rect: Rect }> = [
  { slug: 'hitech', name: '高新技术产业开发区管理委员会', shortName: '高新区管委会', keywords: ['高新区', '高新技术产业开发区'], rect: { u0: 140, v0: 112, u1: 196, v1: 144 } },
  { slug: 'econ', name: '经济技术开发区管理委员会', shortName: '经开区管委会', keywords: ['经开区', '经济技术开发区'], rect: { u0: 130, v0: 10, u1: 190, v1: 44 } },
  { slug: 'port', name: '临港产业区管理委员会', shortName: '港区管委会', keywords: ['港区', '临港产业区'], rect: { u0: 210, v0: 30, u1: 240, v1: 90 } },
];

// Staff of the hotline office at the city platform.
const PLATFORM_STAFF: Array<[username: string, displayName: string, roles: Role[]]> = [
  ['admin', '系统管理员', ['admin']],
  ['operator1', '话务员一', ['operator']],
  ['operator2', '话务员二', ['operator']],
  ['dispatcher1', '派单员一', ['dispatcher']],
  ['reviewer1', '审核员一', ['reviewer']],
  ['visitor1', '回访员一', ['visitor']],
  ['supervisor1', '督办员一', ['supervisor']],
  ['leader1', '市领导一', ['leader']],
];

// Kinds whose units get a 联络员 (unit_admin) besides their handler.
const UNIT_ADMIN_KINDS: readonly UnitKind[] = ['district', 'street', 'department', 'enterprise', 'committee'];

// ── Shape ─────────────────────────────────────────────────────────────────────────────────────

type Setting = 'urban' | 'suburban' | 'county';
type StreetType = '街道' | '镇' | '乡';

const STREETS_PER_DISTRICT: Record<Setting, [number, number]> = { urban: [4, 5], suburban: [4, 5], county: [3, 4] };
const COMMUNITIES_PER_STREET: Record<StreetType, [number, number]> = { 街道: [3, 4], 镇: [2, 4], 乡: [2, 3] };
const GRIDS_PER_COMMUNITY = 2;

// ── Geometry ──────────────────────────────────────────────────────────────────────────────────

/** A rectangle of lattice cells: u runs west → east, v south → north. */
interface Rect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

const CENTRE: Position = [118.9, 32.0];
const STEP_KM = 0.25;
const CITY_RECT: Rect = { u0: 0, v0: 0, u1: 240, v1: 160 }; // 60 × 40 km
const KM_PER_DEG_LAT = 111.32;
const KM_PER_DEG_LNG = KM_PER_DEG_LAT * Math.cos((CENTRE[1] * Math.PI) / 180);
const DENSIFY_EVERY = 4; // a boundary vertex at least every kilometre, so the warp shows
const MIN_SIDE = 2; // no unit narrower than 500 m
const WARP_KM = 0.6; // largest displacement of a boundary

// The seven districts: two old-town districts in the middle, a district north and south of them,
// and three counties around. They tile CITY_RECT.
const DISTRICT_SLOTS: Array<{ setting: Setting; rect: Rect }> = [
  { setting: 'urban', rect: { u0: 80, v0: 56, u1: 120, v1: 104 } },
  { setting: 'urban', rect: { u0: 120, v0: 56, u1: 160, v1: 104 } },
  { setting: 'suburban', rect: { u0: 80, v0: 104, u1: 160, v1: 160 } },
  { setting: 'suburban', rect: { u0: 80, v0: 0, u1: 160, v1: 56 } },
  { setting: 'county', rect: { u0: 0, v0: 0, u1: 80, v1: 160 } },
  { setting: 'county', rect: { u0: 160, v0: 80, u1: 240, v1: 160 } },
  { setting: 'county', rect: { u0: 160, v0: 0, u1: 240, v1: 80 } },
];

// ── Seeded randomness ─────────────────────────────────────────────────────────────────────────

// createRng and Rng: ./rng.ts (shared with the ticket history).

// ── Lattice geometry ──────────────────────────────────────────────────────────────────────────

/**
 * Cut a rectangle into n rectangles: halve the count, cut across the longer side near the
 * proportional point, recurse. Children come out roughly west→east / south→north.
 */
function splitRect(rect: Rect, n: number, rng: Rng): Rect[] {
  if (n === 1) return [rect];
  const first = rng.next() < 0.5 ? Math.floor(n / 2) : Math.ceil(n / 2);
  const alongU = rect.u1 - rect.u0 >= rect.v1 - rect.v0;
  const [start, end] = alongU ? [rect.u0, rect.u1] : [rect.v0, rect.v1];
  const length = end - start;
  if (length < MIN_SIDE * n) throw new Error(`cannot cut a ${length}-cell side into ${n} units`);
  const ideal = (length * first) / n + (rng.next() - 0.5) * 0.3 * (length / n);
  const cut = start + Math.min(length - MIN_SIDE * (n - first), Math.max(MIN_SIDE * first, Math.round(ideal)));
  const [a, b] = alongU
    ? [{ ...rect, u1: cut }, { ...rect, u0: cut }]
    : [{ ...rect, v1: cut }, { ...rect, v0: cut }];
  return [...splitRect(a, first, rng), ...splitRect(b, n - first, rng)];
}

/** Phases of the warp's waves: the seed bends the map differently. */
interface Warp {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

const wave = (t: number, p1: number, p2: number): number =>
  0.65 * Math.sin(2 * Math.PI * 2 * t + p1) + 0.35 * Math.sin(2 * Math.PI * 5 * t + p2);

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * Lattice point → [lng, lat]. East–west displacement vanishes on the west and east edges and
 * north–south displacement on the south and north edges, so the city stays a rectangle; the
 * displacement's slopes stay below 0.3, so the map never folds.
 */
function toLngLat(u: number, v: number, warp: Warp): Position {
  const width = CITY_RECT.u1 * STEP_KM;
  const height = CITY_RECT.v1 * STEP_KM;
  const x = u * STEP_KM;
  const y = v * STEP_KM;
  const dx = WARP_KM * Math.sin((Math.PI * x) / width) * wave(y / height, warp.x1, warp.x2);
  const dy = WARP_KM * Math.sin((Math.PI * y) / height) * wave(x / width, warp.y1, warp.y2);
  return [
    round6(CENTRE[0] + (x + dx - width / 2) / KM_PER_DEG_LNG),
    round6(CENTRE[1] + (y + dy - height / 2) / KM_PER_DEG_LAT),
  ];
}

/** For every vertical and horizontal lattice line, the positions along it where some unit has a corner. */
class Breakpoints {
  private readonly vertical = new Map<number, Set<number>>(); // u → v values
  private readonly horizontal = new Map<number, Set<number>>(); // v → u values

  register(rect: Rect): void {
    for (const u of [rect.u0, rect.u1]) for (const v of [rect.v0, rect.v1]) {
      this.at(this.vertical, u).add(v);
      this.at(this.horizontal, v).add(u);
    }
  }

  /** Positions strictly between `from` and `to` on a line, in the order walked from `from`. */
  between(direction: 'vertical' | 'horizontal', line: number, from: number, to: number): number[] {
    const [lo, hi] = from < to ? [from, to] : [to, from];
    const points = new Set([...(this[direction].get(line) ?? [])].filter((p) => p > lo && p < hi));
    for (let p = Math.floor(lo / DENSIFY_EVERY + 1) * DENSIFY_EVERY; p < hi; p += DENSIFY_EVERY) points.add(p);
    const sorted = [...points].sort((a, b) => a - b);
    return from < to ? sorted : sorted.reverse();
  }

  private at(map: Map<number, Set<number>>, key: number): Set<number> {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  }
}

/** The warped boundary of a lattice rectangle, counter-clockwise from its south-west corner. */
function rectPolygon(rect: Rect, breakpoints: Breakpoints, warp: Warp): Polygon {
  const { u0, v0, u1, v1 } = rect;
  const lattice: Array<[number, number]> = [
    [u0, v0], ...breakpoints.between('horizontal', v0, u0, u1).map((u): [number, number] => [u, v0]),
    [u1, v0], ...breakpoints.between('vertical', u1, v0, v1).map((v): [number, number] => [u1, v]),
    [u1, v1], ...breakpoints.between('horizontal', v1, u1, u0).map((u): [number, number] => [u, v1]),
    [u0, v1], ...breakpoints.between('vertical', u0, v1, v0).map((v): [number, number] => [u0, v]),
    [u0, v0],
  ];
  return { type: 'Polygon', coordinates: [lattice.map(([u, v]) => toLngLat(u, v, warp))] };
}

// ── Plan builder ──────────────────────────────────────────────────────────────────────────────

type UnitDraft = Omit<PlannedUnit, 'boundary'>;

class PlanBuilder {
  readonly units: UnitDraft[] = [];
  private readonly rects = new Map<string, Rect>();

  add(unit: UnitDraft, rect?: Rect): UnitDraft {
    this.units.push(unit);
    if (rect) this.rects.set(unit.key, rect);
    return unit;
  }

  /** Units with their polygons, once every rectangle (and so every breakpoint) is known. */
  finish(warp: Warp): PlannedUnit[] {
    const breakpoints = new Breakpoints();
    for (const rect of this.rects.values()) breakpoints.register(rect);
    return this.units.map((unit) => {
      const rect = this.rects.get(unit.key);
      return { ...unit, boundary: rect ? rectPolygon(rect, breakpoints, warp) : null };
    });
  }
}

/** Two-character place names, shuffled by the seed and handed out once each. */
class PlaceNames {
  private readonly names: string[];
  private index = 0;

  constructor(rng: Rng) {
    const reserved = new Set([...PLACE_EXCLUDED, ...Object.values(DISTRICT_NAMES).flat().map((n) => n.slice(0, -1))]);
    const all = PLACE_FIRST.flatMap((a) => PLACE_SECOND.map((b) => a + b)).filter((name) => !reserved.has(name));
    this.names = rng.shuffle(all);
  }

  take(): string {
    const name = this.names[this.index++];
    if (name === undefined) throw new Error('out of place names');
    return name;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const codeOf = (slug: string): string => slug.toUpperCase().replaceAll('-', '_');

// ── Geography: districts, streets, communities, grids ────────────────────────────────────────

interface Context {
  plan: PlanBuilder;
  rng: Rng;
  names: PlaceNames;
}

function streetTypes(setting: Setting, count: number): StreetType[] {
  return Array.from({ length: count }, (_, i): StreetType => {
    if (setting === 'urban') return '街道';
    if (setting === 'suburban') return i === count - 1 ? '镇' : '街道';
    if (i === 0) return '街道'; // the county seat
    return i === count - 1 && count >= 4 ? '乡' : '镇';
  });
}

function planDistricts(ctx: Context): UnitDraft[] {
  const districtNames = ctx.rng.shuffle(DISTRICT_NAMES.district);
  const countyNames = ctx.rng.shuffle(DISTRICT_NAMES.county);
  return DISTRICT_SLOTS.map((slot, i) => {
    const name = (slot.setting === 'county' ? countyNames : districtNames).shift();
    if (!name) throw new Error('out of district names');
    const number = pad2(i + 1);
    const district = ctx.plan.add({
      key: `d${number}`, parentKey: 'city', kind: 'district', code: `D${number}`,
      name, shortName: name, addressKeywords: [name],
    }, slot.rect);
    const types = streetTypes(slot.setting, ctx.rng.int(...STREETS_PER_DISTRICT[slot.setting]));
    splitRect(slot.rect, types.length, ctx.rng).forEach((rect, s) => planStreet(ctx, district, s + 1, types[s]!, rect));
    for (const [slug, suffix, shortSuffix] of DISTRICT_DEPARTMENTS) {
      ctx.plan.add({
        key: `${district.key}-${slug}`, parentKey: district.key, kind: 'department', code: `${district.code}_${codeOf(slug)}`,
        name: name + suffix, shortName: name + shortSuffix, addressKeywords: [],
      });
    }
    return district;
  });
}

function planStreet(ctx: Context, district: UnitDraft, n: number, type: StreetType, rect: Rect): void {
  const base = ctx.names.take();
  const name = base + type;
  const roads = [`${ctx.names.take()}路`, ctx.names.take() + ROAD_SUFFIXES[ctx.rng.int(0, ROAD_SUFFIXES.length - 1)]!];
  const street = ctx.plan.add({
    key: `${district.key}-s${pad2(n)}`, parentKey: district.key, kind: 'street', code: `${district.code}S${pad2(n)}`,
    name, shortName: name, addressKeywords: [name, ...roads],
  }, rect);
  const count = ctx.rng.int(...COMMUNITIES_PER_STREET[type]);
  splitRect(rect, count, ctx.rng).forEach((communityRect, c) => {
    const village = type === '乡' || (type === '镇' && c > 0);
    planCommunity(ctx, street, c + 1, village, communityRect);
  });
}

function planCommunity(ctx: Context, street: UnitDraft, n: number, village: boolean, rect: Rect): void {
  const name = ctx.names.take() + (village ? '村' : '社区');
  const community = ctx.plan.add({
    key: `${street.key}-c${pad2(n)}`, parentKey: street.key, kind: 'community', code: `${street.code}C${pad2(n)}`,
    name, shortName: name, addressKeywords: [name],
  }, rect);
  const places = gridPlaces(ctx, name, village);
  splitRect(rect, GRIDS_PER_COMMUNITY, ctx.rng).forEach((gridRect, g) => {
    const gridName = `第${g + 1}网格`;
    ctx.plan.add({
      key: `${community.key}-g${g + 1}`, parentKey: community.key, kind: 'grid', code: `${community.code}G${g + 1}`,
      name: gridName, shortName: gridName, addressKeywords: places[g] ?? [],
    }, gridRect);
  });
}

/** Per grid, the estates (社区) or village groups (村) in it. */
function gridPlaces(ctx: Context, communityName: string, village: boolean): string[][] {
  if (village) {
    const perGrid = VILLAGE_GROUPS.length / GRIDS_PER_COMMUNITY;
    return Array.from({ length: GRIDS_PER_COMMUNITY }, (_, g) =>
      VILLAGE_GROUPS.slice(g * perGrid, (g + 1) * perGrid).map((group) => communityName + group));
  }
  const base = communityName.replace(/社区$/, '');
  const suffixes = ctx.rng.shuffle(ESTATE_SUFFIXES);
  return Array.from({ length: GRIDS_PER_COMMUNITY }, () => suffixes.splice(0, ctx.rng.int(1, 2)).map((s) => base + s));
}

// ── Departments, enterprises, committees ──────────────────────────────────────────────────────

function planDepartments(ctx: Context, districts: readonly UnitDraft[]): void {
  for (const [slug, name, shortName] of DEPARTMENTS) {
    const key = `dept-${slug}`;
    ctx.plan.add({ key, parentKey: 'city', kind: 'department', code: codeOf(key), name, shortName, addressKeywords: [] });
    for (const [parent, subSlug, subName, subShort] of DEPARTMENT_SUB_UNITS) {
      if (parent !== slug) continue;
      const subKey = `${key}-${subSlug}`;
      ctx.plan.add({ key: subKey, parentKey: key, kind: 'department', code: codeOf(subKey), name: subName, shortName: subShort, addressKeywords: [] });
    }
    if (slug === 'police') for (const district of districts) ctx.plan.add(policeBranch(key, district));
  }
}

/** 市公安局澜湖分局 for a district, 云溪县公安局 for a county. */
function policeBranch(policeKey: string, district: UnitDraft): UnitDraft {
  const county = district.name.endsWith('县');
  const base = district.name.slice(0, -1);
  return {
    key: `${policeKey}-${district.key}`, parentKey: policeKey, kind: 'department', code: `${codeOf(policeKey)}_${district.code}`,
    name: county ? `${district.name}公安局` : `${base}分局`,
    shortName: county ? `${district.name}公安局` : `${base}公安分局`,
    addressKeywords: [],
  };
}

function planEnterprises(ctx: Context): void {
  for (const [slug, name, shortName] of ENTERPRISES) {
    const key = `ent-${slug}`;
    ctx.plan.add({ key, parentKey: 'city', kind: 'enterprise', code: codeOf(key), name, shortName, addressKeywords: [] });
  }
}

function planCommittees(ctx: Context): void {
  for (const { slug, name, shortName, keywords, rect } of COMMITTEES) {
    const key = `cmte-${slug}`;
    ctx.plan.add({ key, parentKey: 'city', kind: 'committee', code: codeOf(key), name, shortName, addressKeywords: keywords }, rect);
  }
}

// ── Users ─────────────────────────────────────────────────────────────────────────────────────

function planUsers(units: readonly PlannedUnit[]): PlannedUser[] {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const users: PlannedUser[] = PLATFORM_STAFF.map(([username, displayName, roles]) => ({ username, displayName, unitKey: 'city', roles }));
  for (const unit of units) {
    if (unit.kind === 'platform') continue;
    const login = unit.code.toLowerCase();
    // A grid's own name (第1网格) repeats in every community: label it with its community.
    const label = unit.kind === 'grid' ? `${byKey.get(unit.parentKey ?? '')?.name ?? ''}${unit.name}` : unit.shortName;
    const user = (prefix: string, title: string, role: Role): PlannedUser =>
      ({ username: `${prefix}_${login}`, displayName: label + title, unitKey: unit.key, roles: [role] });
    users.push(user('h', '承办人', 'handler'));
    if (UNIT_ADMIN_KINDS.includes(unit.kind)) users.push(user('ua', '联络员', 'unit_admin'));
    if (unit.kind === 'grid') users.push(user('gw', '网格员', 'grid_worker'));
    if (unit.kind === 'district') users.push(user('leader', '领导', 'leader'));
  }
  return users;
}

// ── Entry point ───────────────────────────────────────────────────────────────────────────────

/**
 * The demo city 青澜市: some 390–430 units and 700–770 users, depending on the seed. Units come
 * parents first, so they can be inserted in order. Same seed, same plan.
 */
export function planDemoCity(options: { seed?: number } = {}): CityPlan {
  const rng = createRng(options.seed ?? DEMO_CITY_DEFAULT_SEED);
  const warp: Warp = { x1: rng.next() * 2 * Math.PI, x2: rng.next() * 2 * Math.PI, y1: rng.next() * 2 * Math.PI, y2: rng.next() * 2 * Math.PI };
  const ctx: Context = { plan: new PlanBuilder(), rng, names: new PlaceNames(rng) };
  ctx.plan.add({
    key: 'city', parentKey: null, kind: 'platform', code: 'C',
    name: PLATFORM_NAME, shortName: PLATFORM_SHORT_NAME, addressKeywords: [],
  }, CITY_RECT);
  const districts = planDistricts(ctx);
  planDepartments(ctx, districts);
  planEnterprises(ctx);
  planCommittees(ctx);
  const units = ctx.plan.finish(warp);
  return { name: CITY_NAME, units, users: planUsers(units) };
}
