// Seed 003 rebuilt (`minsheng seed-demo --scenario county-2017`): 海原县's 12345 office from
// 2017-10-27 to 2017-12-31, the 574 tickets it forwarded to its 42 units, each unit's 承办量, 办结量,
// 超期30天以上工单数 and 督办次数 as of 2017-12-31 24:00 equal to the annex of 〔2018〕2号.
//
// The annex rows are data (COUNTY_DEPARTMENTS, COUNTY_TOWNS); the totals are never typed here: the
// seed's own total row of table one says 承办量 206, its rows sum to 208, and the body's 办结率
// 64.3% does not follow from its counts (366 closed of 566 dispatched is 64.66%). The tests compare
// the figures service's tables with these rows and pin the sums.
//
// Every ticket lives its life through the ticket use cases as replayed by the demo history engine
// (history-engine.ts: the same state machine, SLA deadlines, row patches and events as the services,
// the deadline sweep included), and is written by the demo bulk loader, so the platform goes on
// working on them: the open ones can be signed, replied and reviewed, the closed ones reopened.
// The plan is pure and seeded; `checkAnnex` recomputes each unit's row from the planned rows with
// docs/figures.md's definitions and refuses a plan that misses one.
import { addWorkingMinutes, atLocal, addDays, type WorkCalendar } from '../../../domain/calendar/index.js';
import type { SupervisionLevel } from '../../../domain/tickets/machine.js';
import type { Db } from '../../../db/connection.js';
import type { UnitKind } from '../../../domain/units.js';
import type { Vault } from '../../privacy/vault.js';
import { TicketSim, newCitizen, type Counters, type SimCitizen } from '../history-engine.js';
import { loadHistory, loadWorld } from '../history-load.js';
import { phoneOf, type HistoryBatch } from '../history-plan.js';
import { createRng, mix, WorldIndex, type HistoryWorld, type Rng, type WorldUnit } from '../history-world.js';
import * as words from '../texts.js';
import { rebuildRollups } from '../../stats/rollup.js';
import { createScenarioPlatform, ROOT_STAFF, type ScenarioUnit, type ScenarioUser } from './platform.js';

// ── The seed's data ───────────────────────────────────────────────────────────────────────────

/** One row of the annex 承办单位办件情况表: 承办量, 办结量, 超期30天以上工单数, 督办次数. */
export interface AnnexRow {
  name: string;
  handled: number;
  handledClosed: number;
  overdue30: number;
  supervisions: number;
}

type Row = [name: string, handled: number, handledClosed: number, overdue30: number, supervisions: number];
const rows = (list: Row[]): AnnexRow[] => list.map(([name, handled, handledClosed, overdue30, supervisions]) => ({ name, handled, handledClosed, overdue30, supervisions }));

/** 承办单位办件情况表一（县直单位）, in the annex's order, without its typed total row. */
export const COUNTY_DEPARTMENTS: readonly AnnexRow[] = rows([
  ['住建局', 87, 31, 20, 2], ['国环局', 4, 2, 2, 2], ['残联', 1, 1, 0, 0], ['市场监管局', 1, 1, 0, 0], ['移动公司', 1, 1, 0, 0],
  ['公安局（交警队）', 22, 16, 2, 2], ['运管所', 2, 0, 0, 1], ['人社局', 14, 11, 0, 1], ['卫计局', 5, 0, 3, 2], ['交通运输局', 11, 8, 3, 2],
  ['教体局', 27, 26, 0, 1], ['农牧局', 2, 1, 1, 2], ['林业局', 1, 1, 0, 0], ['文广局', 1, 1, 0, 0], ['民政局', 5, 5, 0, 0],
  ['水务局', 9, 7, 1, 2], ['社保局', 1, 1, 0, 0], ['就创局', 1, 1, 0, 0], ['商经局', 8, 5, 2, 2], ['扶贫办', 2, 0, 1, 2],
  ['电信公司', 1, 0, 0, 1], ['海城供电公司', 2, 0, 1, 2],
]);

/** 承办单位办件情况表二（乡镇区）, in the annex's order, without its typed total row. */
export const COUNTY_TOWNS: readonly AnnexRow[] = rows([
  ['海城镇', 18, 10, 2, 2], ['红羊乡', 20, 7, 6, 2], ['曹洼乡', 16, 12, 0, 1], ['李俊乡', 9, 3, 2, 2], ['树台乡', 21, 17, 0, 1],
  ['西安镇', 18, 12, 1, 2], ['甘盐池', 5, 5, 2, 2], ['街道办', 7, 2, 2, 2], ['海兴开发区', 12, 3, 5, 2], ['郑旗乡', 29, 28, 0, 1],
  ['贾塘乡', 54, 33, 16, 2], ['史店乡', 9, 8, 0, 1], ['甘城乡', 3, 3, 0, 1], ['三河镇', 19, 16, 3, 2], ['七营镇', 24, 19, 0, 1],
  ['九彩乡', 9, 0, 4, 2], ['高崖乡', 33, 21, 0, 1], ['李旺镇', 36, 35, 1, 2], ['关桥乡', 16, 13, 0, 1], ['关庄乡', 0, 0, 0, 0],
]);

/** What the seed's own total rows and body say; kept to show where they differ from the sums (tests). */
export const COUNTY_TYPED = { departmentsHandled: 206, departmentsClosed: 119, townsHandled: 358, closureRatePercent: 64.3 } as const;

/** The body: 574 tickets forwarded, 咨询 3, 建议 2, 诉求 569; 重新办理工单39件 (its 占6.78% follows from no count of its own: 39 ÷ 574 = 6.79%). */
export const COUNTY_TICKETS = { total: 574, consult: 3, suggestion: 2, reopened: 39 } as const;

export const COUNTY_PERIOD = { from: '2017-10-27', to: '2017-12-31' } as const;
/** 截止于2017年12月31日: the end of that day in Asia/Shanghai. */
export const COUNTY_AS_OF = new Date('2017-12-31T16:00:00Z');
/** The body's classes (咨询类, 建议类, 诉求类) as the county's report groups of the ticket types. */
export const COUNTY_REPORT_GROUPS: Record<string, string> = {
  consult: '咨询类', suggestion: '建议类', help: '诉求类', complaint: '诉求类', report: '诉求类', praise: '诉求类', other: '诉求类',
};

export const COUNTY_PLATFORM = { code: 'county-2017', name: '海原县12345政务服务热线', rootName: '县热线办' } as const;
export const COUNTY_DEFAULT_SEED = 2018_02;

/** The three companies are enterprises; every other 县直单位 a department. */
const ENTERPRISES = new Set(['移动公司', '电信公司', '海城供电公司']);
/**
 * Towns are 乡镇 / 街道 directly under the county's office: kind 'street', which is what the units
 * report reads as a county's 表二 (乡镇区; 'district' children would make it a city's 县区).
 * 甘盐池 (a 管委会), 街道办 (海城街道办) and 海兴开发区 are in the annex's second table with the
 * 乡镇, so they get the same kind: as 'committee' they would land in 表一. (The unit tree's rules,
 * src/domain/units.ts CHILD_KINDS, list no street under a platform: a county platform is the case
 * they do not foresee; the bulk insert here does not go through them.)
 */
const TOWN_KIND: UnitKind = 'street';

/** Second-level subjects each unit's tickets are about (the default catalogue's names). */
const SUBJECTS_OF: Record<string, readonly string[]> = {
  住建局: ['住房保障', '物业管理', '房地产市场', '建筑市场', '市政设施'], 国环局: ['大气污染', '土地管理', '固体废物'], 残联: ['残疾人服务'],
  市场监管局: ['市场监管', '消费维权'], 移动公司: ['通信'], '公安局（交警队）': ['道路交通', '治安管理', '户籍证件'], 运管所: ['运输管理', '公共交通'],
  人社局: ['劳动关系', '就业创业', '人事人才'], 卫计局: ['医疗服务', '公共卫生', '人口家庭'], 交通运输局: ['交通建设', '公共交通'],
  教体局: ['义务教育', '学前教育', '高中及职业教育'], 农牧局: ['农业生产'], 林业局: ['生态保护'], 文广局: ['文化体育'], 民政局: ['社会救助', '养老服务'],
  水务局: ['供水', '水污染'], 社保局: ['社会保险', '医疗保障'], 就创局: ['就业创业'], 商经局: ['企业服务', '消费维权'], 扶贫办: ['扶贫与乡村振兴'],
  电信公司: ['通信'], 海城供电公司: ['供电'],
};
const TOWN_SUBJECTS = ['农村管理', '扶贫与乡村振兴', '农业生产', '劳动关系', '社会救助', '土地管理', '市容环境', '交通建设'];

const COUNTY_SURNAMES = [...'马杨李田海王张刘何冯白丁苏金马杨李马'];

export interface CountyUnitSpec extends ScenarioUnit {
  table: 1 | 2;
  row: AnnexRow;
}

/** The county's units: the office (root), then table one's and table two's units in annex order. */
export function countyUnits(): CountyUnitSpec[] {
  return [
    ...COUNTY_DEPARTMENTS.map((row, i): CountyUnitSpec => ({
      key: `d${i + 1}`, parentKey: 'root', kind: ENTERPRISES.has(row.name) ? 'enterprise' : 'department', code: `HY-D${String(i + 1).padStart(2, '0')}`,
      name: row.name, table: 1, row,
    })),
    ...COUNTY_TOWNS.map((row, i): CountyUnitSpec => ({
      key: `t${i + 1}`, parentKey: 'root', kind: TOWN_KIND, code: `HY-T${String(i + 1).padStart(2, '0')}`, name: row.name, table: 2, row,
    })),
  ];
}

function countyUsers(prefix: string, units: readonly CountyUnitSpec[]): ScenarioUser[] {
  return [
    ...ROOT_STAFF.map(([login, displayName, roles]) => ({ username: `${prefix}${login}`, displayName, unitKey: 'root', roles })),
    ...units.flatMap((u) => [
      { username: `${prefix}h_${u.code.toLowerCase()}`, displayName: `${u.name}承办人`, unitKey: u.key, roles: ['handler' as const] },
      { username: `${prefix}ua_${u.code.toLowerCase()}`, displayName: `${u.name}联络员`, unitKey: u.key, roles: ['unit_admin' as const] },
    ]),
  ];
}

// ── The plan (pure) ───────────────────────────────────────────────────────────────────────────

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Margin kept from the 30-day line, so the clock's second never decides a row. */
const MARGIN = 2 * DAY;

/**
 * What a ticket of a unit does by the end of the year:
 * - overdue: dispatched early, never replied: open more than 30 days past its reply deadline;
 * - late: replied more than 30 days after its deadline, then reviewed, visited and closed
 *   (甘盐池 has 2 超期 among 5 tickets, all closed: 超期 counts late replies too);
 * - closed: replied on time or less than 30 days late, closed;
 * - open: accepted in December, still with the unit (or replied and waiting for review / visit).
 */
type Fate = 'overdue' | 'late' | 'closed' | 'open';

interface Planned {
  unit: WorldUnit;
  fate: Fate;
  orders: number;
  at: Date;
  type: string;
  subjectId: number;
  direct: boolean;
  /** Reopened once after closing (重新办理), handled again by the same unit and closed again. */
  reopen: boolean;
  rng: Rng;
}

export interface CountyPlan {
  batch: HistoryBatch;
  /** Each unit's row recomputed from the planned rows (checkAnnex). */
  rows: Map<number, AnnexRow>;
}

/** A day of the period and a time of day in Shanghai, drawn: from the day `from` for `days` days. */
function drawInstant(rng: Rng, from: string, days: number, earliest = '08:30', latestHour = 19): Date {
  const day = addDays(from, rng.int(0, days - 1));
  const start = atLocal(day, earliest).getTime();
  const end = atLocal(day, `${latestHour}:00`).getTime();
  return new Date(Math.round((start + rng.next() * (end - start)) / MINUTE) * MINUTE);
}

const roundMinute = (ms: number): Date => new Date(Math.round(ms / MINUTE) * MINUTE);

/**
 * Plans the county's 574 tickets against a world holding the county's units (matched by name).
 * Deterministic: the same world and seed give the same rows.
 */
export function planCounty2017(world: HistoryWorld, seed = COUNTY_DEFAULT_SEED): CountyPlan {
  const ix = new WorldIndex(world);
  const cal = world.calendar;
  const unitByName = new Map(world.units.filter((u) => u.parentId !== null).map((u) => [u.name, u]));
  const leavesBySecond = new Map<string, number[]>();
  for (const s of world.subjects) {
    const names = ix.subjectNames.get(s.id)!;
    if (names.length !== 3 || !ix.leaves.includes(s)) continue;
    const list = leavesBySecond.get(names[1]!) ?? [];
    list.push(s.id);
    leavesBySecond.set(names[1]!, list);
  }
  const subjectFor = (rng: Rng, unitName: string): number => {
    const seconds = (SUBJECTS_OF[unitName] ?? TOWN_SUBJECTS).filter((n) => leavesBySecond.has(n));
    if (seconds.length === 0) return rng.pick(ix.leaves).id;
    return rng.pick(leavesBySecond.get(rng.pick(seconds))!);
  };
  const planned: Planned[] = [];
  for (const row of [...COUNTY_DEPARTMENTS, ...COUNTY_TOWNS]) {
    const unit = unitByName.get(row.name);
    if (!unit) throw new Error(`county-2017: the platform has no unit named ${row.name}`);
    const overdueOpen = Math.min(row.overdue30, row.handled - row.handledClosed);
    const fates: Fate[] = [
      ...Array<Fate>(overdueOpen).fill('overdue'), ...Array<Fate>(row.overdue30 - overdueOpen).fill('late'),
      ...Array<Fate>(row.handledClosed - (row.overdue30 - overdueOpen)).fill('closed'), ...Array<Fate>(row.handled - row.handledClosed - overdueOpen).fill('open'),
    ];
    // Supervision orders go to the unit's most overdue tickets first, one each, round again if needed.
    const orders = new Array<number>(fates.length).fill(0);
    for (let k = 0; k < row.supervisions; k++) orders[k % fates.length]! += 1;
    fates.forEach((fate, i) => {
      const rng = createRng(mix(seed, planned.length + 1));
      // Acceptance: overdue and late tickets early in the period, so their deadlines lie well
      // over 30 days before the year's end; open ones in December, so theirs do not.
      const at = fate === 'overdue' ? drawInstant(rng, COUNTY_PERIOD.from, 15)
        : fate === 'late' ? drawInstant(rng, COUNTY_PERIOD.from, 5)
          : fate === 'closed' ? drawInstant(rng, COUNTY_PERIOD.from, 42)
            : drawInstant(rng, '2017-12-04', 28, '08:30', 17);
      const type = fate === 'late' ? 'help' : rng.chance(0.6) ? 'help' : 'complaint';
      planned.push({ unit, fate, orders: orders[i]!, at, type, subjectId: subjectFor(rng, row.name), direct: false, reopen: false, rng });
    });
  }
  const dispatchedCount = planned.length;
  // 重新办理工单39件: closed tickets with no supervision, accepted early enough to close twice by the year's end.
  const reopenable = planned.filter((p) => p.fate === 'closed' && p.orders === 0 && p.at < atLocal('2017-11-15', '00:00'));
  if (reopenable.length < COUNTY_TICKETS.reopened) throw new Error('county-2017: too few early closed tickets to reopen');
  for (let k = 0; k < COUNTY_TICKETS.reopened; k++) reopenable[Math.floor((k * reopenable.length) / COUNTY_TICKETS.reopened)]!.reopen = true;
  // The two 建议 (15 working days to reply) are early closed tickets; the rest of 574 are answered
  // at the front desk (咨询 among them) and never reach a unit: in neither table.
  const closedEarly = planned.filter((p) => p.fate === 'closed' && p.at < atLocal('2017-11-10', '00:00'));
  for (let k = 0; k < COUNTY_TICKETS.suggestion; k++) closedEarly[Math.floor((k + 0.5) * closedEarly.length / COUNTY_TICKETS.suggestion)]!.type = 'suggestion';
  const direct = COUNTY_TICKETS.total - dispatchedCount;
  if (direct < COUNTY_TICKETS.consult) throw new Error(`county-2017: the annex holds ${dispatchedCount} tickets, more than the body's ${COUNTY_TICKETS.total} allow`);
  for (let k = 0; k < direct; k++) {
    const rng = createRng(mix(seed, planned.length + 1));
    planned.push({
      unit: ix.root, fate: 'closed', orders: 0, at: drawInstant(rng, COUNTY_PERIOD.from, 60), type: k < COUNTY_TICKETS.consult ? 'consult' : 'help',
      subjectId: subjectFor(rng, rng.pick(['人社局', '社保局', '民政局', '住建局'])), direct: true, reopen: false, rng,
    });
  }
  // Numbers follow acceptance time: lives are run in that order.
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  const counters: Counters = { assignment: 0, order: 0 };
  // No call records: the county's tickets were forwarded by the city's call centre (转办市12345呼叫中心群众来电).
  const batch: HistoryBatch = { index: 0, tickets: [], assignments: [], events: [], orders: [], citizens: [], calls: [], steps: [] };
  planned.forEach((p, i) => {
    const citizen = newCitizen(i + 1, citizenName(p.rng), phoneOf(seed, i), null, p.at);
    const sim = live(ix, cal, counters, i + 1, p, citizen);
    batch.tickets.push(sim.t);
    batch.assignments.push(...sim.assignments);
    batch.events.push(...sim.events);
    batch.orders.push(...sim.orders);
    batch.citizens.push(citizen);
  });
  const recomputed = checkAnnex(batch, COUNTY_AS_OF);
  for (const row of [...COUNTY_DEPARTMENTS, ...COUNTY_TOWNS]) {
    const unit = unitByName.get(row.name)!;
    const got = recomputed.get(unit.id) ?? { name: row.name, handled: 0, handledClosed: 0, overdue30: 0, supervisions: 0 };
    const diff = (['handled', 'handledClosed', 'overdue30', 'supervisions'] as const).filter((k) => got[k] !== row[k]);
    if (diff.length) throw new Error(`county-2017: ${row.name} planned ${diff.map((k) => `${k} ${got[k]} (annex ${row[k]})`).join(', ')}`);
  }
  return { batch, rows: recomputed };
}

function citizenName(rng: Rng): string {
  return rng.pick(COUNTY_SURNAMES) + (rng.chance(0.5) ? '先生' : '女士');
}

/** One ticket's life up to the as-of instant, through the replayed use cases and the sweep. */
function live(ix: WorldIndex, cal: WorkCalendar, counters: Counters, local: number, p: Planned, citizen: SimCitizen): TicketSim {
  const { rng } = p;
  const names = ix.subjectNames.get(p.subjectId) ?? [];
  const text = words.composeTicket(rng.next, { names }, p.type, 'phone', null);
  const operator = ix.staffer('operator', rng);
  const sim = new TicketSim(ix, counters, {
    local, at: p.at, actor: operator, channel: 'phone', type: p.type, urgency: 'normal', subjectId: p.subjectId,
    title: text.title || '市民诉求', content: text.content, citizen, citizenName: citizen.name, confidential: false, location: null,
  });
  // The deadline sweep runs every minute on a live server: its lights and automatic urges due
  // before each action are applied first, as history-plan's Life does.
  const drain = (upTo: Date) => {
    for (let next = sim.nextSweep(); next && next <= upTo; next = sim.nextSweep()) sim.sweep(next);
  };
  const act = (at: Date, fn: (at: Date) => void) => {
    const when = at < sim.at ? sim.at : at;
    if (when > COUNTY_AS_OF) throw new Error(`county-2017: ticket ${local} planned an action after the year's end`);
    drain(when);
    fn(when);
  };
  const work = (from: Date, minutes: number) => roundMinute(addWorkingMinutes(cal, from, Math.max(1, minutes)).getTime());
  const dispatcher = ix.staffer('dispatcher', rng);
  const visitor = ix.staffer('visitor', rng);
  const reviewer = ix.staffer('reviewer', rng);
  const supervisor = ix.staffer('supervisor', rng);
  const subject = { names };

  if (p.direct) {
    act(roundMinute(p.at.getTime() + (3 + rng.next() * 20) * MINUTE), (at) => sim.answer(at, operator, { answer: words.answerWords(rng.next, subject) }));
    act(work(sim.at, 60 + rng.next() * 400), (at) => sim.visit(at, visitor, { contacted: true, resolved: true, satisfaction: 'satisfied', note: null }));
    drain(COUNTY_AS_OF);
    return sim;
  }

  const handler = ix.handlerOf.get(p.unit.id)!;
  let assignment = 0;
  act(roundMinute(p.at.getTime() + (10 + rng.next() * 80) * MINUTE), (at) => {
    assignment = sim.dispatch(at, dispatcher, { primaryUnitId: p.unit.id, assistingUnitIds: [], note: null })[0]!;
  });
  const a = () => sim.assignment(assignment);
  const deadline = a().reply_deadline.getTime();
  const yearEnd = COUNTY_AS_OF.getTime();
  // An overdue ticket may never have been signed; every other unit signs within its first day.
  // An open ticket dispatched on the year's last evening is signed after it.
  const signAt = work(sim.at, 20 + rng.next() * 300);
  const signs = !(p.fate === 'overdue' && rng.chance(0.2)) && !(p.fate === 'open' && signAt.getTime() > COUNTY_AS_OF.getTime() - HOUR);
  if (signs) act(signAt, (at) => sim.sign(at, handler, assignment));

  // When the unit replies (null: not by the year's end).
  let replyAt: number | null;
  switch (p.fate) {
    case 'overdue': replyAt = null; break;
    case 'late': replyAt = deadline + 30 * DAY + MARGIN + rng.next() * 4 * DAY; break;
    case 'closed': {
      const onTime = work(sim.at, 30).getTime();
      const share = addWorkingMinutes(cal, a().dispatched_at, a().reply_minutes * (0.15 + 0.8 * rng.next())).getTime();
      replyAt = rng.chance(0.15) ? deadline + (1 + rng.next() * 12) * DAY : Math.max(onTime, share);
      // Closed by the year's end with room for review and visit: late ones that would not be, reply on time.
      if (replyAt > yearEnd - 5 * DAY) replyAt = Math.max(onTime, Math.min(share, deadline));
      break;
    }
    case 'open': {
      const share = addWorkingMinutes(cal, a().dispatched_at, a().reply_minutes * (0.3 + 0.6 * rng.next())).getTime();
      replyAt = signs && rng.chance(0.3) && share < yearEnd - 6 * HOUR ? share : null;
      break;
    }
  }
  // Supervision orders while the unit works on it: between signing and the reply (or the year's end).
  const until = replyAt ?? yearEnd - HOUR;
  const from = Math.max(sim.at.getTime(), p.fate === 'overdue' ? deadline : sim.at.getTime()) + HOUR;
  const openedOrders: number[] = [];
  for (let k = 0; k < p.orders; k++) {
    const at = roundMinute(from + ((k + 0.2 + 0.6 * rng.next()) / p.orders) * (until - from));
    const level: SupervisionLevel = rng.pick(['oa', 'oa', 'inspector', 'leader']);
    act(at, (when) => openedOrders.push(sim.openSupervision(when, supervisor, level, words.supervisionReason(rng.next), 3)));
    // The unit answers within a few working hours when the year leaves time.
    const answerAt = work(sim.at, 60 + rng.next() * 600).getTime();
    if (answerAt < Math.min(until, yearEnd - HOUR) && (k === p.orders - 1 || answerAt < from + ((k + 1) / p.orders) * (until - from))) {
      act(new Date(answerAt), (when) => sim.answerSupervision(when, handler, openedOrders[k]!, words.supervisionAnswer(rng.next)));
    }
  }
  if (replyAt === null) {
    drain(COUNTY_AS_OF);
    return sim;
  }
  // A unit that replies answers its orders first; the supervisor closes them once the reply is in.
  for (const order of openedOrders) {
    if (sim.orders.find((x) => x.local === order)!.state !== 'open') continue;
    act(roundMinute(replyAt - 30 * MINUTE), (at) => sim.answerSupervision(at, handler, order, words.supervisionAnswer(rng.next)));
  }
  act(roundMinute(replyAt), (at) => sim.reply(at, handler, assignment, { ...words.replyWords(rng.next, subject, true), contacted: true }));
  for (const order of openedOrders) {
    if (sim.at.getTime() + 2 * HOUR >= yearEnd) break;
    act(roundMinute(sim.at.getTime() + (20 + rng.next() * 60) * MINUTE), (at) => sim.closeSupervision(at, supervisor, order, words.supervisionResult(rng.next)));
  }
  const reviewAt = work(sim.at, 30 + rng.next() * 300);
  if (p.fate === 'open' && (reviewAt.getTime() >= yearEnd || rng.chance(0.5))) {
    drain(COUNTY_AS_OF);
    return sim;
  }
  act(reviewAt, (at) => sim.review(at, reviewer, true, null));
  const visitAt = work(sim.at, 60 + rng.next() * 500);
  if (p.fate === 'open' || visitAt.getTime() >= yearEnd) {
    if (p.fate !== 'open') throw new Error(`county-2017: ticket ${local} cannot be closed by the year's end`);
    drain(COUNTY_AS_OF);
    return sim;
  }
  const satisfaction = rng.chance(0.8) ? 'satisfied' : 'basic';
  act(visitAt, (at) => sim.visit(at, visitor, { contacted: true, resolved: true, satisfaction, note: words.visitNote(rng.next, true) }));
  if (p.reopen) {
    // The citizen calls again: reopened, dispatched to the same unit, replied on time, closed again.
    act(work(sim.at, 450 + rng.next() * 900), (at) => sim.reopen(at, visitor, words.reopenReason(rng.next)));
    let again = 0;
    act(roundMinute(sim.at.getTime() + (10 + rng.next() * 80) * MINUTE), (at) => {
      again = sim.dispatch(at, dispatcher, { primaryUnitId: p.unit.id, assistingUnitIds: [], note: '重新办理' })[0]!;
    });
    act(work(sim.at, 20 + rng.next() * 200), (at) => sim.sign(at, handler, again));
    const b = sim.assignment(again);
    act(new Date(Math.max(work(sim.at, 30).getTime(), addWorkingMinutes(cal, b.dispatched_at, b.reply_minutes * (0.2 + 0.6 * rng.next())).getTime())),
      (at) => sim.reply(at, handler, again, { ...words.replyWords(rng.next, subject, true), contacted: true }));
    act(work(sim.at, 30 + rng.next() * 200), (at) => sim.review(at, reviewer, true, null));
    act(work(sim.at, 60 + rng.next() * 400), (at) => sim.visit(at, visitor, { contacted: true, resolved: true, satisfaction: 'basic', note: null }));
  }
  drain(COUNTY_AS_OF);
  return sim;
}

/**
 * Each unit's annex row from planned rows, by docs/figures.md: the handling unit is the unit of the
 * deepest primary assignment neither returned nor withdrawn (latest first on a tie); 办结量 counts
 * closed and archived tickets; 超期30天以上 an assignment live more than 30 days past its reply
 * deadline at `asOf`, or replied more than 30 days after it; 督办次数 the orders opened in the
 * period against the unit. Keyed by unit id.
 */
export function checkAnnex(batch: Pick<HistoryBatch, 'tickets' | 'assignments' | 'orders'>, asOf: Date): Map<number, AnnexRow> {
  const out = new Map<number, AnnexRow>();
  const row = (unitId: number) => {
    let r = out.get(unitId);
    if (!r) out.set(unitId, (r = { name: String(unitId), handled: 0, handledClosed: 0, overdue30: 0, supervisions: 0 }));
    return r;
  };
  const byTicket = new Map<number, typeof batch.assignments>();
  for (const a of batch.assignments) {
    const list = byTicket.get(a.ticket) ?? [];
    list.push(a);
    byTicket.set(a.ticket, list);
  }
  const depthOf = (a: (typeof batch.assignments)[number], all: typeof batch.assignments): number =>
    a.parent === null ? 0 : 1 + depthOf(all.find((x) => x.local === a.parent)!, all);
  const thirty = 30 * DAY;
  for (const t of batch.tickets) {
    const all = byTicket.get(t.local) ?? [];
    const candidates = all.filter((a) => a.role === 'primary' && a.state !== 'returned' && a.state !== 'withdrawn');
    if (candidates.length === 0 || t.state === 'invalid' || t.state === 'merged') continue;
    candidates.sort((x, y) => depthOf(y, all) - depthOf(x, all) || y.dispatched_at.getTime() - x.dispatched_at.getTime() || y.local - x.local);
    const h = candidates[0]!;
    const r = row(h.unit_id);
    r.handled++;
    if (t.state === 'closed' || t.state === 'archived') r.handledClosed++;
    const live = h.state === 'assigned' || h.state === 'handling';
    if ((live && asOf.getTime() - h.reply_deadline.getTime() > thirty) || (h.replied_at && h.replied_at.getTime() - h.reply_deadline.getTime() > thirty)) r.overdue30++;
  }
  const start = atLocal(COUNTY_PERIOD.from, '00:00').getTime();
  for (const o of batch.orders) if (o.opened_at.getTime() >= start && o.opened_at <= asOf) row(o.unit_id).supervisions++;
  return out;
}

// ── Writing it ────────────────────────────────────────────────────────────────────────────────

export interface ScenarioSeedOptions {
  platformId: number;
  password: string;
  vault: Vault;
  /** Log-in names are unique across platforms: a prefix keeps a scenario beside another city's users. */
  usernamePrefix?: string;
  seed?: number;
  /** When the units and users are created (the tickets keep their 2017 times). */
  now?: Date;
}

export interface CountySeedResult {
  platformId: number;
  units: number;
  users: number;
  tickets: number;
  assignments: number;
  events: number;
  orders: number;
  ms: number;
}

/** Builds the county platform, plans its 574 tickets and writes them with the demo bulk loader. */
export async function seedCounty2017(db: Db, options: ScenarioSeedOptions): Promise<CountySeedResult> {
  const started = performance.now();
  const prefix = options.usernamePrefix ?? '';
  const units = countyUnits();
  const root: ScenarioUnit = { key: 'root', parentKey: null, kind: 'platform', code: 'HY', name: COUNTY_PLATFORM.rootName };
  const platform = await createScenarioPlatform(db, {
    platformId: options.platformId, code: COUNTY_PLATFORM.code, name: COUNTY_PLATFORM.name, units: [root, ...units],
    users: countyUsers(prefix, units), password: options.password, now: options.now ?? COUNTY_AS_OF,
  });
  for (const [code, group] of Object.entries(COUNTY_REPORT_GROUPS)) {
    await db.updateTable('ticket_types').set({ report_group: group }).where('platform_id', '=', platform.platformId).where('code', '=', code).execute();
  }
  const world = await loadWorld(db, platform.platformId);
  const { batch } = planCounty2017(world, options.seed ?? COUNTY_DEFAULT_SEED);
  const counts = await loadHistory(db, options.vault, platform.platformId, [batch], { writeSize: batch.tickets.length + 1 });
  // The figures read the rollups: bring them up to date as the stats-rollup job would.
  await rebuildRollups(db, platform.platformId, options.now ?? new Date());
  return {
    platformId: platform.platformId, units: units.length + 1, users: platform.users, tickets: counts.tickets, assignments: counts.assignments,
    events: counts.events, orders: counts.orders, ms: performance.now() - started,
  };
}
