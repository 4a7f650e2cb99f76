// The demo history (issue 3, "Demo history"): N tickets spread over the two years before `now`,
// each living its life through the ticket use cases (history-engine.ts replays them exactly), with
// the distributions of the seeds and of the real reply lags in ../shared/data/teddy2020. Pure and
// seeded: the same world, options and seed give the same history; no clock, no Math.random, no I/O.
// docs/demo-data.md says where each number comes from.
import {
  addClockMinutes, addWorkingMinutes, isWorkingDay, localDate, workingMinutesBetween, atLocal, addDays, weekdayOf, type Interval,
} from '../../domain/calendar/index.js';
import { OPEN_STATES, type CloseReason, type Satisfaction, type SupervisionLevel, type TicketState } from '../../domain/tickets/machine.js';
import {
  Ref, TicketSim, newCitizen, type Counters, type SimAssignment, type SimCitizen, type SimEvent, type SimOrder, type SimTicket, type Step,
} from './history-engine.js';
import { createRng, mix, WorldIndex, type GridSpot, type HistoryWorld, type Rng, type WorldUnit, type WorldUser } from './history-world.js';
import * as words from './texts.js';
import { hourLoad, planCalls, type SimCall } from './call-plan.js';

export { Ref };
export type { SimAssignment, SimCall, SimCitizen, SimEvent, SimOrder, SimTicket, Step };

export interface PlanOptions {
  count: number;
  seed: number;
  now: Date;
  /** Where the history starts; default two years before `now`, so year-on-year figures exist. */
  from?: Date;
  texts?: words.TextSource | null;
  /** Tickets per batch handed to the loader. */
  batchSize?: number;
  /** Keep each use case call (for the services path and the replay test). */
  keepSteps?: boolean;
  /**
   * Multiplies the odds of the rare paths (returns, extensions, suspensions, supervision, merges,
   * send-backs, invalid calls, unreachable citizens): tests use it to see every path in a few
   * dozen tickets. Default 1: the seeds' shares.
   */
  variety?: number;
}

export interface HistoryBatch {
  index: number;
  tickets: SimTicket[];
  assignments: SimAssignment[];
  events: SimEvent[];
  orders: SimOrder[];
  /** Citizens first seen or seen again in this batch (the loader upserts them by phone hash). */
  citizens: SimCitizen[];
  /** The phone tickets' calls and the abandoned calls beside them (call-plan.ts). */
  calls: SimCall[];
  steps: Step[];
}

// ── Distributions (docs/demo-data.md) ─────────────────────────────────────────────────────────

/** Seed 000 §一.2: tickets by source over a year (sms and open311 are not in it; a trickle). */
export const CHANNEL_WEIGHTS: Record<string, number> = {
  phone: 158_682, grid: 137_330, province: 1_361, web: 892, wechat: 728, weibo: 98, email: 18, app: 13, leader: 7, visit: 3, department: 3, sms: 3,
};

/** Seed 000: +11.90% on the year before. */
const GROWTH = 0.119;

/** Sunday … Saturday: citizens (the teddy2020 message times) and grid patrols (workdays). */
const WEEKDAY = { citizen: [0.61, 1.17, 1.31, 1.25, 1.08, 0.97, 0.59], grid: [0.2, 1, 1, 1, 1, 1, 0.3] };
/** By hour of day: citizens from the teddy2020 message times; grid patrols in working hours. */
const HOURS = {
  citizen: [53, 32, 6, 7, 2, 11, 17, 41, 121, 170, 284, 266, 142, 155, 207, 256, 214, 171, 125, 115, 95, 121, 124, 81],
  grid: [0, 0, 0, 0, 0, 0, 0, 10, 60, 100, 110, 90, 20, 15, 80, 100, 95, 70, 20, 0, 0, 0, 0, 0],
};
/** January … December: more in summer (water, power, noise, heat); an assumption, not from a seed. */
const MONTH = [0.92, 0.85, 0.95, 1, 1.05, 1.12, 1.18, 1.15, 1.05, 0.95, 0.93, 0.9];

/** Seed 000 §二.2: what grid workers 信息采集监督员 report most, by subject leaf. */
const GRID_HOT: Array<[string, number]> = [
  ['暴露垃圾', 14_794], ['乱堆物堆料', 13_043], ['非法小广告', 11_243], ['沿街晾挂', 8_203], ['无照经营游商', 6_981],
  ['道路不洁', 6_064], ['机动车乱停放', 6_008], ['施工废弃料', 4_533], ['垃圾满溢', 4_427],
];
const GRID_TOTAL = 137_330;
/** Seed 000 §二.1: what callers report most (便民服务 and 咨询服务 land in the service subjects' boost). */
const PHONE_HOT: Array<[string, number]> = [['私搭乱建', 12_278], ['无照经营游商', 4_394]];
const PHONE_HOT_SECOND: Array<[string, number]> = [['供水', 3_744], ['物业管理', 3_362], ['道路交通', 5_267]];
const PHONE_TOTAL = 158_682;
/** Second-level subjects callers raise more than the average (seed 002: 消费维权, 物业管理, 停车管理 …). */
const PHONE_BOOST: Record<string, number> = {
  消费维权: 8, 物业管理: 5, 停车管理: 4, 噪音: 4, 劳动关系: 4, 社会保险: 4, 供电: 3, 义务教育: 3, 办事流程: 4, 政策咨询: 3, 户籍证件: 3,
  公共交通: 2, 住房保障: 2, 市政设施: 3, 市容环境: 2, 违法建设: 2, 街面秩序: 2, 医疗保障: 2, 市场监管: 2, 大气污染: 2,
};
/** Grid workers report what they see on the street. */
const GRID_TOPS = new Set(['城市管理']);
const GRID_EXTRA_SECONDS = new Set(['大气污染', '固体废物', '交通设施', '安全生产']);

const SERVICE_SECONDS = new Set([
  '社会保险', '就业创业', '人事人才', '学前教育', '义务教育', '高中及职业教育', '文化体育', '医疗服务', '公共卫生', '医疗保障', '人口家庭',
  '社会救助', '养老服务', '婚姻殡葬', '残疾人服务', '户籍证件', '出入境', '法律服务', '办事流程', '政策咨询', '住房保障', '不动产登记',
  '企业服务', '财税金融', '农业生产', '扶贫与乱村振兴', '扶贫与乡村振兴', '旅游', '公共交通', '运输管理',
]);
const MARKET_SECONDS = new Set(['消费维权', '市场监管', '物业管理', '房地产市场', '工作作风']);

/** Types 诉求类型 per kind of matter (seed 000's 市政管理 71% / 咨询 16% / 投诉 12.5%; seed 002's 投诉 73% / 求助 26%). */
const TYPES: Record<'grid' | 'city' | 'service' | 'market' | 'labor', Array<[string, number]>> = {
  grid: [['help', 55], ['report', 40], ['complaint', 5]],
  city: [['complaint', 45], ['help', 35], ['report', 10], ['consult', 5], ['suggestion', 4], ['praise', 1]],
  service: [['consult', 55], ['help', 20], ['complaint', 17], ['suggestion', 5], ['praise', 2], ['other', 1]],
  market: [['complaint', 65], ['report', 15], ['consult', 10], ['help', 8], ['suggestion', 2]],
  labor: [['help', 60], ['complaint', 30], ['report', 10]],
};

const URGENT_LEAVES = new Set(['停水', '停电', '停气', '燃气安全', '管网漏水', '井盖缺失破损', '安全隐患', '排水不畅', '线路隐患', '供暖温度']);

/** Place-bound matters always carry a location; the rest do half the time. */
const PLACE_TOPS = new Set(['城市管理', '公用事业', '环境保护', '交通运输', '城乡建设', '农村农业']);

/**
 * Reply lags of real units (teddy2020 messages_with_replies.csv, 2,816 replies): the lag at each
 * 2.5% quantile, in days. The last point (the slowest reply, 1,160 days) is capped at 180. The
 * shape is used, not the scale: a unit's median lag is set so that the share replied on time is
 * seed 000's 按期结案率 93.59%.
 */
const REPLY_LAG_QUANTILES = [
  0.021, 0.75, 1.032, 1.274, 1.866, 2.273, 2.896, 3.215, 3.847, 4.182, 4.81, 5.221, 5.836, 6.278, 6.972, 7.573, 8.023, 8.787, 9.739, 10.448, 11.211,
  12.089, 12.963, 13.799, 14.606, 15.647, 16.735, 17.906, 19.064, 20.999, 22.281, 24.024, 26.014, 28.845, 31.992, 35.881, 40.983, 50.851, 67.197,
  99.487, 180,
];
const ON_TIME_TARGET = 0.9359;

function lagQuantile(u: number): number {
  const x = Math.min(Math.max(u, 0), 1) * (REPLY_LAG_QUANTILES.length - 1);
  const i = Math.min(Math.floor(x), REPLY_LAG_QUANTILES.length - 2);
  const f = x - i;
  return REPLY_LAG_QUANTILES[i]! * (1 - f) + REPLY_LAG_QUANTILES[i + 1]! * f;
}
const LAG_AT_TARGET = lagQuantile(ON_TIME_TARGET);

/** Satisfaction of a reached citizen (the issue: 满意 85% / 基本满意 10% / 不满意 5%), and resolved given it. */
const SATISFACTION: Array<[Satisfaction, number, number]> = [['satisfied', 85, 0.97], ['basic', 10, 0.85], ['unsatisfied', 5, 0.3]];
/** Seed 002: 系统督办 1,501, OA督办 636, 作风监督员 962; leader orders are rare. */
const SUPERVISION_LEVELS: Array<[SupervisionLevel, number]> = [['system', 1501], ['oa', 636], ['inspector', 962], ['leader', 40]];

const BASE_P = {
  invalidPhone: 0.012, invalidWeb: 0.03, merge: 0.008, repeatCaller: 0.07, confidential: 0.05, company: 0.03,
  directAnswer: { consult: 0.7, praise: 0.3, other: 0.3, help: 0.05, complaint: 0.02, report: 0.02, suggestion: 0.1 } as Record<string, number>,
  /** Seed 004: 转办准确率 98.25%: the dispatcher follows the catalogue's proposal. */
  followProposal: 0.98,
  assisting: 0.12, redispatchDistrict: 0.7, redispatchDepartment: 0.5,
  returnRequest: 0.04, returnApproved: 0.75,
  extensionIfLate: 0.45, extensionApproved: 0.85,
  suspend: 0.012, suspendApproved: 0.9,
  urgeIfLate: 0.6, urgeTwice: 0.3, superviseIfVeryLate: 0.45, superviseAny: 0.004,
  sendback: 0.05, reached: 0.92, reopen: 0.55, slowness: 1,
  /**
   * Stuck matters: the unit replies 10–100 working days after its deadline, asking no extension
   * (seed 000: 0.43% not closed at the year's end; seed 003: 80 tickets more than 30 days overdue).
   */
  stuck: 0.01,
};

const RARE = ['invalidPhone', 'invalidWeb', 'merge', 'returnRequest', 'extensionIfLate', 'suspend', 'superviseIfVeryLate', 'superviseAny', 'sendback', 'urgeIfLate', 'urgeTwice', 'stuck'] as const;

type Odds = typeof BASE_P;

function oddsFor(variety: number): Odds {
  const odds = { ...BASE_P };
  for (const k of RARE) odds[k] = Math.min(0.5, BASE_P[k] * variety);
  // Unreachable citizens and unsatisfied ones lead to the retry, close and reopen paths.
  odds.reached = Math.max(0.5, 1 - (1 - BASE_P.reached) * variety);
  // Slower units, so more replies come late (extensions, urging, supervision, overdue).
  odds.slowness = variety > 1 ? 2 : 1;
  return odds;
}

// ── Where tickets go ──────────────────────────────────────────────────────────────────────────

/** A primary target: a unit by code ('{D}' is the ticket's district code), or the ticket's district / street. */
type Target = string | 'district' | 'street';
interface Route {
  targets: Array<[Target, number]>;
  assist?: Target[];
}

/** Who answers for what, by subject (leaf first, then second level, then top level). */
const ROUTES: Record<string, Route> = {
  市容环境: { targets: [['street', 6], ['district', 4]], assist: ['{D}_URBAN'] },
  违法建设: { targets: [['district', 7], ['street', 3]], assist: ['{D}_URBAN', 'DEPT_NATURE'] },
  街面秩序: { targets: [['street', 5], ['district', 3], ['DEPT_URBAN', 2]], assist: ['DEPT_MARKET'] },
  停车管理: { targets: [['DEPT_POLICE', 6], ['district', 2], ['street', 2]], assist: ['street'] },
  市政设施: { targets: [['DEPT_URBAN', 5], ['district', 5]], assist: ['street'] },
  排水不畅: { targets: [['ENT_DRAINAGE', 7], ['DEPT_WATER', 3]] },
  园林绿化: { targets: [['DEPT_LANDSCAPE', 6], ['district', 4]] },
  噪音: { targets: [['district', 5], ['DEPT_ECO', 3], ['DEPT_POLICE', 2]] },
  施工噪音: { targets: [['DEPT_HOUSING', 4], ['DEPT_ECO', 3], ['district', 3]], assist: ['DEPT_ECO'] },
  社会生活噪音: { targets: [['DEPT_POLICE', 5], ['street', 5]] },
  住房保障: { targets: [['DEPT_HOUSING', 8], ['district', 2]] },
  物业管理: { targets: [['district', 5], ['DEPT_HOUSING', 3], ['street', 2]], assist: ['{D}_HOUSING'] },
  房地产市场: { targets: [['DEPT_HOUSING', 8], ['DEPT_NATURE', 2]] },
  城乡规划: { targets: [['DEPT_NATURE', 10]] },
  建筑市场: { targets: [['DEPT_HOUSING', 10]] },
  安全生产: { targets: [['DEPT_EMERGENCY', 6], ['district', 4]], assist: ['DEPT_FIRE'] },
  供水: { targets: [['ENT_WATER', 9], ['DEPT_WATER', 1]] },
  供电: { targets: [['ENT_POWER', 10]] },
  燃气: { targets: [['ENT_GAS', 10]] },
  供热: { targets: [['ENT_HEAT', 10]] },
  通信: { targets: [['ENT_MOBILE', 4], ['ENT_UNICOM', 3], ['ENT_TELECOM', 3]] },
  公共交通: { targets: [['ENT_BUS', 5], ['ENT_METRO', 2], ['DEPT_TRANSPORT', 3]] },
  出租车网约车: { targets: [['DEPT_TRANSPORT', 10]] },
  道路交通: { targets: [['DEPT_POLICE', 8], ['DEPT_TRANSPORT', 2]] },
  交通建设: { targets: [['DEPT_TRANSPORT', 7], ['district', 3]] },
  运输管理: { targets: [['DEPT_TRANSPORT', 10]] },
  环境保护: { targets: [['DEPT_ECO', 8], ['district', 2]], assist: ['street'] },
  固体废物: { targets: [['DEPT_URBAN', 5], ['DEPT_ECO', 5]] },
  劳动关系: { targets: [['DEPT_HRSS', 7], ['district', 3]] },
  社会保险: { targets: [['DEPT_HRSS', 7], ['DEPT_MEDINS', 3]] },
  医疗保险: { targets: [['DEPT_MEDINS', 10]] },
  劳动和社会保障: { targets: [['DEPT_HRSS', 10]] },
  文化体育: { targets: [['DEPT_CULTURE', 5], ['DEPT_SPORTS', 5]] },
  教育文体: { targets: [['DEPT_EDU', 8], ['district', 2]] },
  医疗保障: { targets: [['DEPT_MEDINS', 10]] },
  卫生健康: { targets: [['DEPT_HEALTH', 10]] },
  消费维权: { targets: [['DEPT_MARKET', 9], ['DEPT_COMMERCE', 1]] },
  市场监管: { targets: [['DEPT_MARKET', 10]] },
  旅游: { targets: [['DEPT_CULTURE', 10]] },
  农村农业: { targets: [['DEPT_AGRI', 6], ['district', 4]] },
  民政: { targets: [['DEPT_CIVIL', 7], ['district', 3]] },
  法律服务: { targets: [['DEPT_JUSTICE', 10]] },
  公安司法: { targets: [['DEPT_POLICE', 10]] },
  政务服务: { targets: [['DEPT_DATA', 6], ['district', 4]] },
  国土资源: { targets: [['DEPT_NATURE', 8], ['district', 2]] },
  企业服务: { targets: [['DEPT_NDRC', 4], ['DEPT_INDUSTRY', 3], ['DEPT_COMMERCE', 3]] },
  财税金融: { targets: [['DEPT_TAX', 5], ['DEPT_FINANCE', 5]] },
  其他: { targets: [['district', 10]] },
};
const FALLBACK_ROUTE: Route = { targets: [['district', 6], ['DEPT_DATA', 2], ['DEPT_PETITION', 2]] };

/** Children a department re-dispatches to (二级派单), by the subject name that sends it there. */
const DEPARTMENT_CHILDREN: Record<string, Array<[string, string[]]>> = {
  DEPT_POLICE: [['DEPT_POLICE_TRAFFIC', ['停车管理', '道路交通']], ['DEPT_POLICE_EXIT', ['出入境']], ['DEPT_POLICE_{D}', []]],
  DEPT_URBAN: [['DEPT_URBAN_SANITATION', ['市容环境', '固体废物']], ['DEPT_URBAN_ENFORCE', []]],
  DEPT_HRSS: [['DEPT_HRSS_LABOR', ['劳动关系']], ['DEPT_HRSS_SOCINS', ['社会保险', '就业创业']]],
  DEPT_MARKET: [['DEPT_MARKET_C12315', ['消费维权']]],
  DEPT_HOUSING: [['DEPT_HOUSING_PROPERTY', ['物业管理']]],
  DEPT_TRANSPORT: [['DEPT_TRANSPORT_PASSENGER', ['公共交通', '运输管理', '出租车网约车']]],
};
/** A district's own bureau for a top-level subject, else the street of the place. */
const DISTRICT_BUREAUS: Record<string, string> = { 城市管理: 'URBAN', 城乡建设: 'HOUSING', 商贸旅游: 'MARKET', 劳动和社会保障: 'HRSS' };

// ── Time helpers ──────────────────────────────────────────────────────────────────────────────

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;
/** Whole seconds, rounded up, so an instant never moves before what it follows. */
const sec = (ms: number): Date => new Date(Math.ceil(ms / 1000) * 1000);
const later = (d: Date, ms: number): Date => sec(d.getTime() + ms);
const localHour = (d: Date): number => Math.floor(((d.getTime() + SHANGHAI) % DAY) / HOUR);

// ── The planner ───────────────────────────────────────────────────────────────────────────────

interface SubjectProfile {
  ids: number[];
  cumulative: Float64Array;
}

interface Acceptance {
  at: Float64Array;
  channel: Uint8Array;
}

const CHANNELS = Object.keys(CHANNEL_WEIGHTS);
const MERGEABLE = new Set<TicketState>([...OPEN_STATES, 'closed']);

class Planner {
  readonly ix: WorldIndex;
  private readonly counters: Counters = { assignment: 0, order: 0 };
  private citizenCount = 0;
  private readonly recentCitizens: SimCitizen[] = [];
  private readonly profiles: { grid: SubjectProfile; phone: SubjectProfile };
  private readonly spotCumulative: Float64Array;
  private readonly diligence = new Map<number, number>();
  private readonly dispatcherUser: () => WorldUser;
  private readonly now: Date;
  private readonly seed: number;
  private readonly cal;
  readonly odds: Odds;

  constructor(world: HistoryWorld, private readonly options: PlanOptions) {
    this.ix = new WorldIndex(world);
    this.odds = oddsFor(options.variety ?? 1);
    this.now = options.now;
    this.seed = options.seed >>> 0;
    this.cal = world.calendar;
    this.profiles = { grid: this.subjectProfile('grid'), phone: this.subjectProfile('phone') };
    this.spotCumulative = cumulative(this.ix.spotWeights);
    for (const role of ['operator', 'dispatcher', 'reviewer', 'visitor', 'supervisor'] as const) {
      if (!this.ix.hasStaff(role)) throw new Error(`the platform root needs a user with the role ${role} for the demo history`);
    }
    const rng = createRng(mix(this.seed, 0x5eed));
    this.dispatcherUser = () => this.ix.staffer('dispatcher', rng);
  }

  // ── distributions ─────────────────────────────────────────────────────────────────────────

  private subjectProfile(kind: 'grid' | 'phone'): SubjectProfile {
    const ix = this.ix;
    const weights = new Map<number, number>();
    const names = (id: number) => ix.subjectNames.get(id) ?? [];
    const leafNamed = (name: string) => ix.leaves.filter((l) => l.name === name);
    const under = (second: string) => ix.leaves.filter((l) => names(l.id)[1] === second);
    const hot = kind === 'grid' ? GRID_HOT : PHONE_HOT;
    let explicit = 0;
    for (const [name, count] of hot) {
      const found = leafNamed(name);
      for (const l of found) weights.set(l.id, (weights.get(l.id) ?? 0) + count / found.length);
      if (found.length) explicit += count;
    }
    if (kind === 'phone') {
      for (const [second, count] of PHONE_HOT_SECOND) {
        const found = under(second).filter((l) => l.name !== '其他');
        for (const l of found) weights.set(l.id, (weights.get(l.id) ?? 0) + count / found.length);
        if (found.length) explicit += count;
      }
    }
    const tail = ix.leaves.filter((l) => {
      const n = names(l.id);
      return kind === 'phone' || GRID_TOPS.has(n[0] ?? '') || GRID_EXTRA_SECONDS.has(n[1] ?? '');
    });
    const tailWeight = (id: number) => {
      const n = names(id);
      const boost = kind === 'phone' ? PHONE_BOOST[n[1] ?? ''] ?? 1 : GRID_TOPS.has(n[0] ?? '') ? 1 : 0.3;
      return boost * (n[n.length - 1] === '其他' ? 0.3 : 1);
    };
    const tailSum = tail.reduce((s, l) => s + tailWeight(l.id), 0);
    const rest = (kind === 'grid' ? GRID_TOTAL : PHONE_TOTAL) - explicit;
    for (const l of tail) weights.set(l.id, (weights.get(l.id) ?? 0) + (rest * tailWeight(l.id)) / (tailSum || 1));
    const ids = [...weights.keys()];
    if (ids.length === 0) throw new Error('the platform has no subjects');
    return { ids, cumulative: cumulative(ids.map((id) => weights.get(id)!)) };
  }

  private typeFor(rng: Rng, channel: string, names: readonly string[]): string {
    const second = names[1] ?? '';
    const kind = channel === 'grid' ? 'grid' : second === '劳动关系' ? 'labor' : MARKET_SECONDS.has(second) ? 'market' : SERVICE_SECONDS.has(second) ? 'service' : 'city';
    const table = TYPES[kind];
    return table[rng.weighted(table.map(([, w]) => w))]![0];
  }

  private urgencyFor(rng: Rng, names: readonly string[]): string {
    const leaf = names[names.length - 1] ?? '';
    const [critical, urgent] = URGENT_LEAVES.has(leaf) ? [0.03, 0.2] : [0.002, 0.015];
    const x = rng.next();
    return x < critical ? 'critical' : x < critical + urgent ? 'urgent' : 'normal';
  }

  /** How slow a unit is compared with the rest: fixed per unit, so rankings differ. */
  private slowness(unitId: number): number {
    let f = this.diligence.get(unitId);
    if (f === undefined) {
      const rng = createRng(mix(this.seed ^ 0x51ab, unitId));
      f = Math.min(2.2, Math.max(0.55, Math.exp(0.35 * rng.normal())));
      this.diligence.set(unitId, f);
    }
    return f;
  }

  /** Acceptance instants: channel by seed 000's shares, day by growth, weekday, month and holidays, hour by habit. */
  acceptance(n: number): Acceptance {
    const rng = createRng(mix(this.seed, 0xacce));
    const now = this.now.getTime();
    const from = (this.options.from ?? new Date(now - 730 * DAY)).getTime();
    const first = localDate(new Date(from));
    const last = localDate(new Date(now));
    const days: string[] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
    const profileWeights = (kind: 'citizen' | 'grid') => days.map((d) => {
      const start = atLocal(d, '00:00').getTime();
      const growth = Math.pow(1 + GROWTH, (start - now) / (365.25 * DAY));
      const wd = weekdayOf(d);
      const weekend = wd === 0 || wd === 6;
      const working = isWorkingDay(this.cal, d);
      // A holiday on a weekday is quiet like a Sunday; a worked weekend day (调休) busy like a Monday.
      const day = working && weekend ? WEEKDAY[kind][1]! : !working && !weekend ? WEEKDAY[kind][0]! : WEEKDAY[kind][wd]!;
      return growth * day * MONTH[Number(d.slice(5, 7)) - 1]!;
    });
    const dayCum = { citizen: cumulative(profileWeights('citizen')), grid: cumulative(profileWeights('grid')) };
    const hourCum = { citizen: cumulative(HOURS.citizen), grid: cumulative(HOURS.grid) };
    const channelCum = cumulative(CHANNELS.map((c) => CHANNEL_WEIGHTS[c]!));
    const at = new Float64Array(n);
    const channel = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = search(channelCum, rng.next());
      const kind = CHANNELS[c] === 'grid' ? 'grid' : 'citizen';
      let t: number;
      let tries = 0;
      do {
        const d = days[search(dayCum[kind], rng.next())]!;
        const h = search(hourCum[kind], rng.next());
        t = atLocal(d, '00:00').getTime() + h * HOUR + Math.floor(rng.next() * HOUR / 1000) * 1000;
        // A window of a few hours may hold no hour the profile uses: then anywhere in it.
        if (++tries > 50) t = from + Math.floor(rng.next() * (now - from) / 1000) * 1000;
      } while (t < from || t > now);
      at[i] = t;
      channel[i] = c;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
    return { at: Float64Array.from(order, (i) => at[i]!), channel: Uint8Array.from(order, (i) => channel[i]!) };
  }

  // ── one ticket ────────────────────────────────────────────────────────────────────────────

  private citizenFor(rng: Rng, at: Date, companyLikely: boolean): SimCitizen {
    if (this.recentCitizens.length > 0 && rng.chance(this.odds.repeatCaller)) {
      const c = rng.pick(this.recentCitizens);
      c.updated_at = at;
      return c;
    }
    const k = this.citizenCount++;
    const c = newCitizen(k + 1, citizenName(rng), phoneOf(this.seed, k), companyLikely && rng.chance(0.3) ? companyName(rng) : null, at);
    this.recentCitizens.push(c);
    if (this.recentCitizens.length > 20_000) this.recentCitizens.splice(0, 5_000);
    return c;
  }

  private placeOf(rng: Rng, spot: GridSpot): words.Place {
    const { district, street, community, grid } = spot;
    const estate = grid.addressKeywords.length ? rng.pick(grid.addressKeywords) : null;
    if (community.name.endsWith('村')) {
      const where = estate ?? community.name;
      return { address: `${district.name}${street.name}${where}${rng.int(1, 80)}号`, short: where };
    }
    const roads = street.addressKeywords.filter((k) => k !== street.name);
    const road = roads.length ? rng.pick(roads) : street.name;
    const building = estate ? `${estate}${rng.int(1, 30)}栋` : '';
    return { address: `${district.name}${street.name}${road}${rng.int(1, 399)}号${building}`, short: estate ?? road };
  }

  /** Ticket i's whole life up to `now`. */
  life(i: number, atMs: number, channelIndex: number, recent: TicketSim[]): { sim: TicketSim; citizen: SimCitizen | null } {
    const rng = createRng(mix(this.seed, i + 1));
    const ix = this.ix;
    const at = new Date(atMs);
    let channel = CHANNELS[channelIndex]!;
    // A duplicate 重复来电: a caller about the matter and place of a ticket of the last three days.
    const dupOf = channel !== 'grid' && rng.chance(this.odds.merge)
      ? recent.find((m) => m.t.subject_id !== null && atMs - m.t.accepted_at.getTime() < 3 * DAY && MERGEABLE.has(m.stateAt(at)))
      : undefined;
    const spot = dupOf ? (dupOf.t.grid_id === null ? null : ix.spotByGrid.get(dupOf.t.grid_id) ?? null)
      : ix.spots.length ? ix.spots[search(this.spotCumulative, rng.next())]! : null;
    const reporter = channel === 'grid' && spot ? ix.gridWorkerOf.get(spot.grid.id) : undefined;
    if (channel === 'grid' && !reporter) channel = 'phone';
    const profile = channel === 'grid' ? this.profiles.grid : this.profiles.phone;
    const subjectId = dupOf?.t.subject_id ?? profile.ids[search(profile.cumulative, rng.next())]!;
    const names = ix.subjectNames.get(subjectId) ?? [];
    const type = dupOf?.t.type ?? this.typeFor(rng, channel, names);
    const urgency = dupOf?.t.urgency ?? this.urgencyFor(rng, names);
    const located = spot !== null && (dupOf || channel === 'grid' || PLACE_TOPS.has(names[0] ?? '') || rng.chance(0.5)) ? spot : null;
    const place = dupOf ? (dupOf.t.address ? { address: dupOf.t.address, short: '' } : null) : located ? this.placeOf(rng, located) : null;
    const point: [number, number] | null = dupOf ? (dupOf.t.lng === null || dupOf.t.lat === null ? null : [dupOf.t.lng, dupOf.t.lat])
      : located ? ix.pointIn(located, rng) : null;
    const citizen = channel === 'grid' ? null : this.citizenFor(rng, at, names[0] === '商贸旅游' || names[0] === '经济管理');
    const subjectWords = { names };
    const text = this.options.texts ? words.pickTextRow(rng.next, this.options.texts, subjectWords) : words.composeTicket(rng.next, subjectWords, type, channel, place);
    const actor = reporter ?? ix.staffer('operator', rng);
    const sim = new TicketSim(ix, this.counters, {
      local: i + 1, at, actor, channel, type, urgency, subjectId, title: text.title || '市民诉求', content: text.content, citizen,
      citizenName: citizen?.name ?? null, confidential: citizen !== null && rng.chance(this.odds.confidential),
      location: place && point && located ? { address: place.address, lng: point[0], lat: point[1], area: located } : null,
    });
    const life = new Life(this, sim, rng, subjectWords, located, dupOf ?? null);
    life.run();
    life.finish();
    return { sim, citizen };
  }

  // ── helpers for Life ──────────────────────────────────────────────────────────────────────

  get nowDate(): Date {
    return this.now;
  }

  get calendar() {
    return this.cal;
  }

  dispatcher(): WorldUser {
    return this.dispatcherUser();
  }

  unitSlowness(unitId: number): number {
    return this.slowness(unitId);
  }

  /** The unit a target names for this ticket, if it exists and someone there can act. */
  resolveTarget(target: Target, spot: GridSpot | null, useCommittee: boolean): WorldUnit | null {
    const ix = this.ix;
    let unit: WorldUnit | undefined;
    if (target === 'district' || target === 'street') {
      if (!spot) return null;
      unit = useCommittee && spot.committee ? spot.committee : target === 'district' ? spot.district : spot.street;
    } else if (target.includes('{D}')) {
      unit = spot ? ix.unitByCode.get(target.replace('{D}', spot.district.code)) : undefined;
    } else {
      unit = ix.unitByCode.get(target);
    }
    return unit && ix.handlerOf.has(unit.id) ? unit : null;
  }

  routeOf(names: readonly string[]): Route {
    for (let k = names.length - 1; k >= 0; k--) {
      const r = ROUTES[names[k]!];
      if (r) return r;
    }
    return FALLBACK_ROUTE;
  }

  /** A district or a unit under the platform, none of those already tried: when nothing else fits. */
  anyUnit(rng: Rng, spot: GridSpot | null, excluded: ReadonlySet<number>): WorldUnit | null {
    const free = (u: WorldUnit) => !excluded.has(u.id) && this.ix.handlerOf.has(u.id);
    if (spot && free(spot.district) && rng.chance(0.5)) return spot.district;
    const top = this.ix.childrenOf(this.ix.root).filter(free);
    return top.length ? rng.pick(top) : null;
  }

  childFor(rng: Rng, parent: WorldUnit, names: readonly string[], spot: GridSpot | null): WorldUnit | null {
    const ix = this.ix;
    const ok = (u: WorldUnit | undefined | null): u is WorldUnit => !!u && u.id !== parent.id && u.path.startsWith(parent.path) && ix.handlerOf.has(u.id);
    if (parent.kind === 'district') {
      const bureau = DISTRICT_BUREAUS[names[0] ?? ''];
      const street = spot && spot.district.id === parent.id ? spot.street : null;
      const byBureau = bureau ? ix.unitByCode.get(`${parent.code}_${bureau}`) : undefined;
      if (ok(street) && (!ok(byBureau) || rng.chance(0.6))) return street;
      return ok(byBureau) ? byBureau : null;
    }
    for (const [code, subjects] of DEPARTMENT_CHILDREN[parent.code] ?? []) {
      if (subjects.length && !subjects.some((s) => names.includes(s))) continue;
      const child = code.includes('{D}') ? (spot ? ix.unitByCode.get(code.replace('{D}', spot.district.code)) : undefined) : ix.unitByCode.get(code);
      if (ok(child)) return child;
    }
    return null;
  }

  replyLagShare(rng: Rng, unitId: number): number {
    // The share of the allowed time a reply takes: the real lags' shape, scaled so that
    // ON_TIME_TARGET of replies fall inside it for a unit of average speed.
    return (lagQuantile(rng.next()) / LAG_AT_TARGET) * this.slowness(unitId) * this.odds.slowness;
  }
}

/** What happens to one ticket after intake: a small timeline of use cases, cut at `now`. */
class Life {
  private readonly queue: { at: Date; seq: number; fn: () => void }[] = [];
  private seq = 0;
  stopped = false;
  private readonly now: Date;

  constructor(
    private readonly p: Planner, private readonly sim: TicketSim, private readonly rng: Rng, private readonly subject: words.SubjectWords,
    private readonly spot: GridSpot | null, private readonly dupOf: TicketSim | null,
  ) {
    this.now = p.nowDate;
  }

  private get ix() {
    return this.p.ix;
  }

  private get cal() {
    return this.p.calendar;
  }

  /**
   * Everything due by `upTo` before the next action: queued side actions (assisting units) and the
   * deadline sweep's runs (whole minutes), in time order.
   */
  private drain(upTo: Date): void {
    for (;;) {
      this.queue.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
      const side = this.queue[0] && this.queue[0].at <= upTo ? this.queue[0] : null;
      const sweep = this.sim.nextSweep();
      const sweepAt = sweep && sweep <= upTo ? sweep : null;
      if (!side && !sweepAt) return;
      if (sweepAt && (!side || sweepAt <= side.at)) {
        this.sim.sweep(sweepAt);
      } else {
        this.queue.shift();
        side!.fn();
      }
    }
  }

  /** After the life: the sweep's runs up to `now` on whatever is still open. */
  finish(): void {
    this.queue.length = 0;
    this.drain(this.now);
  }

  private schedule(at: Date, fn: () => void): void {
    this.queue.push({ at, seq: this.seq++, fn });
  }

  /** Acts at `at` unless that is after `now`: then the side actions due by now run and the life stops. */
  private act(at: Date, fn: () => void): boolean {
    if (this.stopped) return false;
    if (at > this.now) {
      this.drain(this.now);
      this.queue.length = 0;
      this.stopped = true;
      return false;
    }
    this.drain(at);
    fn();
    return true;
  }

  /** Not before the ticket's last event. */
  private notBefore(at: Date): Date {
    return at < this.sim.at ? this.sim.at : at;
  }

  private working(from: Date, minutes: number, pauses: readonly Interval[] = []): Date {
    return sec(addWorkingMinutes(this.cal, from, Math.max(0, minutes), pauses).getTime());
  }

  /** Platform desk time (operators and dispatchers): 08:00–22:00 every day, urgent matters at once. */
  private desk(from: Date, medianMinutes: number): Date {
    if (this.sim.t.urgency !== 'normal') return later(from, (2 + this.rng.next() * 10) * MINUTE);
    const lag = Math.min(360, medianMinutes * Math.exp(0.8 * this.rng.normal())) * MINUTE;
    const h = localHour(from);
    if (h >= 8 && h < 22) return later(from, lag);
    const day = localDate(h < 8 ? from : new Date(from.getTime() + DAY));
    return later(atLocal(day, '08:00'), this.rng.next() * 90 * MINUTE);
  }

  private get names() {
    return this.subject.names;
  }

  private user(unitId: number): WorldUser {
    return this.ix.handlerOf.get(unitId)!;
  }

  run(): void {
    const sim = this.sim;
    const rng = this.rng;
    const t0 = sim.t.accepted_at;
    const operator = this.ix.staffer('operator', rng);
    const channel = sim.t.channel;
    const citizenChannel = channel !== 'grid';
    // Invalid calls and duplicates leave the queue first.
    if (citizenChannel && rng.chance(['web', 'wechat', 'weibo', 'app', 'email', 'sms'].includes(channel) ? this.p.odds.invalidWeb : this.p.odds.invalidPhone)) {
      const at = later(t0, (1 + rng.next() * 20) * MINUTE);
      this.act(at, () => sim.invalidate(at, operator, words.invalidReason(rng.next)));
      return;
    }
    if (this.dupOf) {
      // Merged by the dispatcher if the master is still open (or closed) by then, as merge requires.
      const at = this.desk(t0, 20);
      const master = this.dupOf;
      if (MERGEABLE.has(master.stateAt(at))) {
        this.act(at, () => sim.merge(at, this.p.dispatcher(), master, words.mergeNote(rng.next)));
        return;
      }
    }
    const direct = citizenChannel && !['province', 'leader', 'department'].includes(channel) && rng.chance(this.p.odds.directAnswer[sim.t.type] ?? 0);
    let next: Date;
    if (direct) {
      const at = later(t0, (2 + rng.next() * 8) * MINUTE);
      if (!this.act(at, () => sim.answer(at, operator, { answer: words.answerWords(rng.next, this.subject) }))) return;
      const reopened = this.visits(this.working(at, this.visitLag()));
      if (reopened === null) return;
      next = this.desk(reopened, 30);
    } else {
      next = this.desk(t0, 25);
    }
    // Rounds of dispatch: a first one, then one per approved return and per reopen.
    const excluded = new Set<number>();
    let previous: WorldUnit | null = null;
    for (let round = 0; round < 8 && !this.stopped; round++) {
      const result = this.round(next, excluded, previous);
      if (result === null) return;
      if (result.kind === 'returned') {
        excluded.add(result.unit.id);
        next = this.desk(result.at, 15);
        previous = null;
        continue;
      }
      if (result.kind === 'reopened') {
        previous = result.unit;
        next = this.desk(result.at, 30);
        continue;
      }
      return;
    }
  }

  private visitLag(): number {
    return this.rng.chance(0.08) ? 900 + this.rng.next() * 900 : 30 + 600 * this.rng.next() ** 2;
  }

  /**
   * Return visits until one closes the ticket, it is reopened (returns when), or it is closed with
   * an explanation. Null when the life stopped at `now` or ended closed.
   */
  private visits(first: Date): Date | null {
    const sim = this.sim;
    const rng = this.rng;
    const visitor = this.ix.staffer('visitor', rng);
    let at = first;
    for (let attempt = 1; ; attempt++) {
      const reached = rng.chance(this.p.odds.reached);
      if (!reached) {
        if (!this.act(at, () => sim.visit(at, visitor, { contacted: false, note: null }))) return null;
        const after = later(at, (5 + rng.next() * 55) * MINUTE);
        if (attempt >= 3) {
          this.act(after, () => sim.close(after, visitor, 'unreachable', words.unreachableExplanation(rng.next)));
          return null;
        }
        at = this.working(at, 420 + rng.next() * 120);
        continue;
      }
      const [satisfaction, , resolvedShare] = SATISFACTION[rng.weighted(SATISFACTION.map(([, w]) => w))]!;
      const resolved = rng.chance(resolvedShare);
      let closes = false;
      if (!this.act(at, () => {
        closes = sim.visit(at, visitor, { contacted: true, resolved, satisfaction, note: words.visitNote(rng.next, satisfaction !== 'unsatisfied' && resolved) });
      })) return null;
      if (closes) return null;
      const decide = later(at, (5 + rng.next() * 55) * MINUTE);
      if (sim.mayReopen() && rng.chance(this.p.odds.reopen)) {
        this.act(decide, () => sim.reopen(decide, visitor, words.reopenReason(rng.next)));
        return this.stopped ? null : decide;
      }
      const reason: CloseReason = rng.chance(0.75) ? 'unreasonable' : 'unresolved';
      this.act(decide, () => sim.close(decide, visitor, reason, reason === 'unreasonable' ? words.unreasonableExplanation(rng.next) : words.unresolvedExplanation(rng.next)));
      return null;
    }
  }

  /** Chooses the primary (and assisting) units for a dispatch. */
  private choose(excluded: ReadonlySet<number>, previous: WorldUnit | null): { primary: WorldUnit; assisting: WorldUnit[] } {
    const rng = this.rng;
    const ok = (u: WorldUnit | null | undefined): u is WorldUnit => !!u && !excluded.has(u.id) && this.ix.handlerOf.has(u.id);
    // A reopened ticket mostly goes back to the unit that handled it.
    if (previous && ok(previous) && rng.chance(0.7)) return { primary: previous, assisting: [] };
    const proposal = this.sim.proposal();
    let primary: WorldUnit | null = null;
    let assisting: WorldUnit[] = [];
    if (proposal && rng.chance(this.p.odds.followProposal)) {
      const u = this.ix.unitById.get(proposal.primaryUnitId);
      if (ok(u)) {
        primary = u;
        assisting = proposal.assistingUnitIds.map((id) => this.ix.unitById.get(id)).filter(ok);
      }
    }
    if (!primary) {
      const route = this.p.routeOf(this.names);
      const committee = rng.chance(0.8);
      for (let tries = 0; tries < 6 && !primary; tries++) {
        const [target] = route.targets[rng.weighted(route.targets.map(([, w]) => w))]!;
        const u = this.p.resolveTarget(target, this.spot, committee);
        if (ok(u)) primary = u;
      }
      primary ??= this.p.anyUnit(rng, this.spot, excluded);
      if (!primary) throw new Error(`ticket ${this.sim.t.local}: no unit left to dispatch to`);
      if (route.assist && rng.chance(this.p.odds.assisting)) {
        const a = this.p.resolveTarget(rng.pick(route.assist), this.spot, false);
        if (ok(a) && a.id !== primary.id) assisting = [a];
      }
    }
    return { primary, assisting: assisting.filter((a) => a.id !== primary!.id) };
  }

  /**
   * One dispatch and what follows: signing, maybe a return, second-level dispatch, a suspension, an
   * extension, urging and supervision, the replies, review and the visits.
   */
  private round(at: Date, excluded: Set<number>, previous: WorldUnit | null):
    | { kind: 'returned'; at: Date; unit: WorldUnit } | { kind: 'reopened'; at: Date; unit: WorldUnit } | { kind: 'done' } | null {
    const sim = this.sim;
    const rng = this.rng;
    const dispatcher = this.p.dispatcher();
    const { primary, assisting } = this.choose(excluded, previous);
    let created: number[] = [];
    if (!this.act(at, () => { created = sim.dispatch(at, dispatcher, { primaryUnitId: primary.id, assistingUnitIds: assisting.map((a) => a.id), note: null }); })) return null;
    const P0 = sim.assignment(created[0]!);
    const dispatchedAt = P0.dispatched_at;
    const handler = this.user(primary.id);
    const clock = P0.reply_clock;
    const replyAllowed = clock ? (P0.reply_deadline.getTime() - dispatchedAt.getTime()) / MINUTE : workingMinutesBetween(this.cal, dispatchedAt, P0.reply_deadline);
    const slow = this.p.unitSlowness(primary.id);

    // Assisting units sign soon and reply to the primary well before it replies.
    for (const local of created.slice(1)) {
      const a = sim.assignment(local);
      const u = this.user(a.unit_id);
      const signAt = this.signTime(a, this.p.unitSlowness(a.unit_id));
      const replyAt = this.afterLag(dispatchedAt, clock, replyAllowed * (0.05 + 0.5 * rng.next()), []);
      this.schedule(signAt, () => {
        if (sim.assignment(local).state === 'assigned' && (sim.state === 'assigned' || sim.state === 'handling')) sim.sign(this.notBefore(signAt), u, local);
      });
      this.schedule(replyAt > signAt ? replyAt : later(signAt, 30 * MINUTE), () => {
        if (sim.assignment(local).state === 'handling' && (sim.state === 'assigned' || sim.state === 'handling')) {
          sim.reply(this.notBefore(replyAt), u, local, { ...words.partialReplyWords(rng.next, this.subject), contacted: false });
        }
      });
    }

    // Sign, and perhaps first a request to return it (within the return window).
    let signAt = this.signTime(P0, slow);
    if (rng.chance(this.p.odds.returnRequest)) {
      const window = P0.return_window_minutes * (0.05 + 0.85 * rng.next());
      let reqAt = this.working(dispatchedAt, window);
      if (reqAt > P0.return_deadline) reqAt = P0.return_deadline;
      if (signAt < reqAt && !this.act(signAt, () => sim.sign(signAt, handler, P0.local))) return null;
      reqAt = this.notBefore(reqAt);
      if (!sim.mayRequestReturn(P0.local, reqAt)) {
        // The window closed while it waited to sign: no request after all.
      } else {
        if (!this.act(reqAt, () => sim.requestReturn(reqAt, handler, P0.local, words.returnReason(rng.next, primary.name)))) return null;
        const decideAt = this.desk(reqAt, 60);
        const approve = rng.chance(this.p.odds.returnApproved);
        if (!this.act(decideAt, () => sim.decideReturn(decideAt, dispatcher, P0.local, approve, approve ? null : words.returnRejectReason(rng.next)))) return null;
        if (approve) return { kind: 'returned', at: decideAt, unit: primary };
      }
      if (P0.state === 'assigned') signAt = this.notBefore(signAt);
    }
    if (P0.state === 'assigned') {
      signAt = this.notBefore(signAt);
      if (!this.act(signAt, () => sim.sign(signAt, handler, P0.local))) return null;
    }

    // The reply the unit will give, as a share of its allowed time (the real lags' shape).
    const share = this.p.replyLagShare(rng, primary.id);
    const stuck = rng.chance(this.p.odds.stuck);
    let pauses: Interval[] = [];
    let plannedReply = stuck ? this.working(P0.reply_deadline, (10 + 90 * rng.next()) * 450) : this.afterLag(dispatchedAt, clock, replyAllowed * share, pauses);
    if (plannedReply <= sim.at) plannedReply = later(sim.at, (10 + rng.next() * 50) * MINUTE);

    // Second-level dispatch: a district or a department with children hands it down.
    let child: { local: number; unit: WorldUnit } | null = null;
    const redispatchShare = primary.kind === 'district' ? this.p.odds.redispatchDistrict : primary.kind === 'department' ? this.p.odds.redispatchDepartment : 0;
    if (redispatchShare > 0 && rng.chance(redispatchShare)) {
      const unit = this.p.childFor(rng, primary, this.names, this.spot);
      const rdAt = this.notBefore(this.working(sim.at, 10 + rng.next() * 200));
      if (unit && rdAt < plannedReply) {
        let local = 0;
        if (!this.act(rdAt, () => { local = sim.redispatch(rdAt, handler, P0.local, unit.id, null); })) return null;
        child = { local, unit };
        const c = sim.assignment(local);
        const cSign = this.notBefore(this.signTime(c, this.p.unitSlowness(unit.id)));
        if (!this.act(cSign, () => sim.sign(cSign, this.user(unit.id), local))) return null;
      }
    }

    // A suspension (waiting on the citizen or a third party) stops every clock.
    if (!child && rng.chance(this.p.odds.suspend)) {
      const reqAt = this.notBefore(this.working(sim.at, replyAllowed * 0.15 * rng.next() + 30));
      if (reqAt < plannedReply) {
        if (!this.act(reqAt, () => sim.requestSuspend(reqAt, handler, P0.local, words.suspendReason(rng.next)))) return null;
        const decideAt = this.desk(reqAt, 90);
        const approve = rng.chance(this.p.odds.suspendApproved);
        if (!this.act(decideAt, () => sim.decideSuspend(decideAt, dispatcher, approve, approve ? null : words.suspendRejectReason(rng.next)))) return null;
        if (approve) {
          const resumeAt = this.working(decideAt, (2 + rng.next() * 13) * 450);
          if (!this.act(resumeAt, () => sim.resume(resumeAt, dispatcher, words.resumeNote(rng.next)))) return null;
          pauses = sim.pauses(resumeAt);
          if (!stuck) plannedReply = this.afterLag(dispatchedAt, clock, replyAllowed * share, pauses);
          if (plannedReply <= sim.at) plannedReply = later(sim.at, (30 + rng.next() * 300) * MINUTE);
        }
      }
    }

    // Late replies: most units ask for an extension before the deadline; some are granted.
    if (!stuck && plannedReply > P0.reply_deadline && rng.chance(this.p.odds.extensionIfLate)) {
      const askAt = this.notBefore(this.afterLag(dispatchedAt, clock, replyAllowed * (0.5 + 0.45 * rng.next()), pauses));
      if (sim.mayRequestExtension(P0.local, askAt)) {
        const needed = Math.ceil(workingMinutesBetween(this.cal, P0.reply_deadline, plannedReply, pauses) / 450);
        const days = Math.max(1, Math.min(sim.maxExtensionDays(), needed + rng.int(0, 2)));
        if (!this.act(askAt, () => sim.requestExtension(askAt, handler, P0.local, days, words.extensionReason(rng.next)))) return null;
        const decideAt = this.desk(askAt, 120);
        const approve = rng.chance(this.p.odds.extensionApproved);
        if (!this.act(decideAt, () => sim.decideExtension(decideAt, dispatcher, P0.local, approve, approve ? null : words.extensionRejectReason(rng.next)))) return null;
        if (plannedReply <= sim.at) plannedReply = later(sim.at, (30 + rng.next() * 300) * MINUTE);
      }
    }

    // The deadline as it now stands; urging and supervision when the reply will come after it.
    const deadline = P0.reply_deadline;
    const supervisor = this.ix.staffer('supervisor', rng);
    const timed: { at: Date; fn: () => void }[] = [];
    let order: { local: number; answerAt: Date } | null = null;
    if (plannedReply > deadline && rng.chance(this.p.odds.urgeIfLate)) {
      const u1 = this.working(deadline, rng.next() * 450);
      if (u1 < plannedReply) timed.push({ at: u1, fn: () => sim.urge(this.notBefore(u1), supervisor, words.urgeNote(rng.next)) });
      const u2 = this.working(deadline, (2 + rng.next() * 3) * 450);
      if (u2 < plannedReply && rng.chance(this.p.odds.urgeTwice)) timed.push({ at: u2, fn: () => sim.urge(this.notBefore(u2), supervisor, words.urgeNote(rng.next)) });
    }
    const veryLate = plannedReply > this.working(deadline, 3 * 450);
    if ((veryLate && rng.chance(this.p.odds.superviseIfVeryLate)) || rng.chance(this.p.odds.superviseAny)) {
      const openAt = veryLate ? this.working(deadline, (1 + rng.next() * 2) * 450) : this.working(sim.at, rng.next() * replyAllowed * 0.5);
      if (openAt < plannedReply) {
        const level = SUPERVISION_LEVELS[rng.weighted(SUPERVISION_LEVELS.map(([, w]) => w))]![0];
        const answerAt = this.working(openAt, 60 + rng.next() * 840);
        timed.push({ at: openAt, fn: () => {
          const local = sim.openSupervision(this.notBefore(openAt), supervisor, level, words.supervisionReason(rng.next), 3);
          order = { local, answerAt };
        } });
        timed.push({ at: answerAt, fn: () => {
          if (order) sim.answerSupervision(this.notBefore(answerAt), handler, order.local, words.supervisionAnswer(rng.next));
        } });
      }
    }
    // The child unit replies to its parent first; then the parent replies.
    let replyAt = plannedReply;
    if (child) {
      const c = child;
      const cReply = this.notBefore(later(plannedReply, -(30 + rng.next() * 600) * MINUTE));
      timed.push({ at: cReply, fn: () => sim.reply(this.notBefore(cReply), this.user(c.unit.id), c.local, { ...words.partialReplyWords(rng.next, this.subject), contacted: rng.chance(0.8) }) });
      if (replyAt <= cReply) replyAt = later(cReply, (20 + rng.next() * 200) * MINUTE);
    }
    timed.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const step of timed) {
      if (step.at > replyAt) continue;
      if (!this.act(step.at, step.fn)) return null;
    }
    const contacted = rng.chance(0.93);
    const replyWords = words.replyWords(rng.next, this.subject, contacted);
    replyAt = this.notBefore(replyAt);
    if (!this.act(replyAt, () => sim.reply(replyAt, handler, P0.local, { ...replyWords, contacted }))) return null;
    this.queue.length = 0;

    // The order's answer (if still due) and its closing come after the reply, before the visit.
    const o = order as { local: number; answerAt: Date } | null;
    if (o) {
      const openOrder = sim.orders.find((x) => x.local === o.local)!;
      if (openOrder.state === 'open') {
        const ansAt = this.notBefore(o.answerAt);
        if (!this.act(ansAt, () => sim.answerSupervision(ansAt, handler, o.local, words.supervisionAnswer(rng.next)))) return null;
      }
      const closeAt = this.notBefore(this.working(sim.at, 30 + rng.next() * 300));
      if (!this.act(closeAt, () => sim.closeSupervision(closeAt, supervisor, o.local, words.supervisionResult(rng.next)))) return null;
    }

    // Review: approve, or send back ("正在办理中" is not a result) and the unit replies again.
    const reviewer = this.ix.staffer('reviewer', rng);
    for (let sendbacks = 0; ; sendbacks++) {
      const reviewAt = this.notBefore(this.working(sim.at, rng.chance(0.05) ? 450 + rng.next() * 900 : 15 + 300 * rng.next() ** 2));
      const approve = sendbacks >= 2 || !rng.chance(this.p.odds.sendback);
      if (!this.act(reviewAt, () => sim.review(reviewAt, reviewer, approve, approve ? null : words.sendbackReason(rng.next)))) return null;
      if (approve) break;
      const again = this.working(reviewAt, 120 + rng.next() * 1200);
      if (!this.act(again, () => sim.reply(again, handler, P0.local, { ...words.replyWords(rng.next, this.subject, true), contacted: true }))) return null;
    }
    const approvedAt = sim.at;

    // Grid workers' own reports are verified on site and closed; citizens get a return visit.
    if (sim.t.citizen === null) {
      const visitor = this.ix.staffer('visitor', rng);
      const closeAt = this.working(approvedAt, this.visitLag());
      this.act(closeAt, () => sim.close(closeAt, visitor, 'resolved', words.gridCloseExplanation(rng.next)));
      return this.stopped ? null : { kind: 'done' };
    }
    const reopenedAt = this.visits(this.working(approvedAt, this.visitLag()));
    if (reopenedAt === null) return null;
    return { kind: 'reopened', at: reopenedAt, unit: primary };
  }

  private signTime(a: SimAssignment, slow: number): Date {
    const rng = this.rng;
    const share = rng.chance(0.96) ? Math.min(0.98, (0.02 + 0.7 * rng.next() ** 2) * slow) : 1 + 2 * rng.next();
    return this.afterLag(a.dispatched_at, a.sign_clock, a.sign_minutes * share, []);
  }

  private afterLag(from: Date, clock: boolean, minutes: number, pauses: readonly Interval[]): Date {
    return sec((clock ? addClockMinutes(from, Math.max(0, minutes), pauses) : addWorkingMinutes(this.cal, from, Math.max(0, minutes), pauses)).getTime());
  }
}

// ── Entry point ───────────────────────────────────────────────────────────────────────────────

/**
 * The history, batch by batch (tickets in acceptance order). Ids inside a batch are local (1, 2, …
 * across the whole history); the loader maps them to database ids.
 */
export function* planHistory(world: HistoryWorld, options: PlanOptions): Generator<HistoryBatch> {
  if (!Number.isInteger(options.count) || options.count < 0) throw new RangeError('count must be a whole number ≥ 0');
  const planner = new Planner(world, options);
  const accepted = planner.acceptance(options.count);
  const size = options.batchSize ?? 5_000;
  const load = hourLoad(HOURS.citizen);
  let recent: TicketSim[] = [];
  for (let start = 0, index = 0; start < options.count; start += size, index++) {
    const sims: TicketSim[] = [];
    const citizens = new Map<number, SimCitizen>();
    recent = [];
    for (let i = start; i < Math.min(options.count, start + size); i++) {
      const { sim, citizen } = planner.life(i, accepted.at[i]!, accepted.channel[i]!, recent);
      sims.push(sim);
      if (citizen) citizens.set(citizen.local, citizen);
      recent.unshift(sim);
      if (recent.length > 300) recent.pop();
    }
    yield {
      index,
      tickets: sims.map((s) => s.t),
      assignments: sims.flatMap((s) => s.assignments),
      events: sims.flatMap((s) => s.events),
      orders: sims.flatMap((s) => s.orders),
      citizens: [...citizens.values()].map((c) => ({ ...c })),
      calls: planCalls(sims.map((s) => s.t), options.seed >>> 0, load),
      steps: options.keepSteps ? sims.flatMap((s) => s.steps) : [],
    };
  }
}

// ── Small pure helpers ────────────────────────────────────────────────────────────────────────

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => { sum += w; out[i] = sum; });
  for (let i = 0; i < out.length; i++) out[i]! /= sum || 1;
  return out;
}

/** First index whose cumulative share exceeds x. */
function search(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Mobile prefixes in use; the eight digits after them are a bijection of the citizen's index, so
// numbers never repeat inside a history.
const PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '195', '198', '199'];

export function phoneOf(seed: number, k: number): string {
  const x = (k * 48_271 + (seed % 99_991) * 7_919) % 100_000_000;
  return PREFIXES[(k + seed) % PREFIXES.length]! + String(x).padStart(8, '0');
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红文斌宇浩凯欣怡子涵梓轩雨嘉佳琪晨阳思远俊'];

function citizenName(rng: Rng): string | null {
  const x = rng.next();
  const surname = rng.pick(SURNAMES);
  // Hotline records are often 王先生 / 李女士; some callers give no name.
  if (x < 0.5) return surname + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
  if (x < 0.9) return surname + (rng.chance(0.5) ? '先生' : '女士');
  return null;
}

function companyName(rng: Rng): string {
  return `青澜市${rng.pick(['恒达', '瑞丰', '华联', '兴旺', '东方', '新盛'])}${rng.pick(['贸易', '建设', '餐饮', '科技', '物流'])}有限公司`;
}
