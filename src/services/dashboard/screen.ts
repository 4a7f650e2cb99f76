// The leaders' big screen 大屏 (GET /api/dashboard/screen): one response composed of what other
// services already compute, in the caller's scope and in parallel, so the wall shows the same
// numbers as the leader's page and the statistics page:
// - the leader's page (leader.ts): 今日受理, 在办, 超期, 今日办结, open and overdue by district;
// - the statistics service (computeStats): today's 受理量 by channel (from the raw tables: today's
//   rollup may lag the job by minutes, and one day of raw rows is cheap), the last 7 days by subject
//   at level 2 against the 7 days before (its `compare`), and 12 months of 满意率 by month;
// - the warnings service: the open warnings the caller sees.
// No figure is computed here.
import type { Actor } from '../../domain/actor.js';
import { addDays, localDate } from '../../domain/calendar/index.js';
import { forbidden } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { computeStats } from '../stats/stats.js';
import { listWarnings } from '../warnings/warnings.js';
import { leaderDashboard, mayReadDashboard } from './leader.js';
import type { ScreenDashboard, ScreenMonth } from './screen-types.js';

/** How many hot subjects and open warnings the wall lists. */
export const HOT_SUBJECTS = 10;
export const SCREEN_WARNINGS = 8;
export const HOT_DAYS = 7;
export const SATISFACTION_MONTHS = 12;
/** The catalogue level the hot subjects are grouped at (level 2: 物业管理, 道路交通 …). */
export const HOT_SUBJECT_LEVEL = 2;

/** The first day of the month `n` months before `date`'s month. */
function monthStart(date: string, back: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - back;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
}

export async function screenDashboard(db: Db, actor: Actor, now: Date): Promise<ScreenDashboard> {
  if (!mayReadDashboard(actor)) throw forbidden('查看大屏');
  const today = localDate(now);
  const hotFrom = addDays(today, -(HOT_DAYS - 1));
  const firstMonth = monthStart(today, SATISFACTION_MONTHS - 1);

  const [leader, channels, subjects, months, warnings] = await Promise.all([
    leaderDashboard(db, actor, now),
    computeStats(db, actor, { from: today, to: today, by: ['channel'], figures: ['received'], source: 'raw' }, now),
    computeStats(db, actor, { from: hotFrom, to: today, by: ['subject'], subjectLevel: HOT_SUBJECT_LEVEL, figures: ['received'], compare: true }, now),
    computeStats(db, actor, { from: firstMonth, to: today, by: ['month'], figures: ['satisfactionRate', 'validVisits'] }, now),
    listWarnings(db, actor, { open: true, page: 1, pageSize: SCREEN_WARNINGS }),
  ]);

  // Every month of the twelve, a month without tickets included (its rate undefined).
  const byMonth = new Map(months.rows.map((r) => [r.keys[0]!.key, r]));
  const satisfaction: ScreenMonth[] = Array.from({ length: SATISFACTION_MONTHS }, (_, i) => {
    const month = monthStart(today, SATISFACTION_MONTHS - 1 - i).slice(0, 7);
    const r = byMonth.get(month);
    return { month, satisfactionRate: r?.figures.satisfactionRate?.value ?? null, validVisits: r?.figures.validVisits?.value ?? 0 };
  });
  const thisMonth = satisfaction[satisfaction.length - 1]!;

  const hot = subjects.rows
    .filter((r) => r.keys[0]!.key !== '' && (r.figures.received?.value ?? 0) > 0)
    .sort((a, b) => (b.figures.received?.value ?? 0) - (a.figures.received?.value ?? 0))
    .slice(0, HOT_SUBJECTS);

  return {
    asOf: now.toISOString(),
    today,
    scope: leader.scope,
    counters: {
      accepted: leader.counts.accepted,
      open: leader.counts.open,
      overdue: leader.counts.overdue,
      closed: leader.counts.closed,
      satisfactionRate: thisMonth.satisfactionRate,
      validVisits: thisMonth.validVisits,
    },
    channels: channels.rows
      .map((r) => ({ code: r.keys[0]!.key, label: r.keys[0]!.label, received: r.figures.received?.value ?? 0 }))
      .filter((c) => c.received > 0)
      .sort((a, b) => b.received - a.received),
    breakdown: leader.breakdown,
    areas: leader.areas,
    hotSubjects: hot.map((r) => ({
      id: r.keys[0]!.key,
      label: r.keys[0]!.label,
      received: r.figures.received?.value ?? 0,
      previous: r.figures.received?.previous ?? null,
      change: r.figures.received?.changePrevious ?? null,
    })),
    hotPeriod: { from: hotFrom, to: today, previousFrom: subjects.previous!.from, previousTo: subjects.previous!.to },
    warnings: {
      items: warnings.items.map((w) => ({
        id: w.id, number: w.number, kind: w.kind, kindLabel: w.kindLabel, level: w.level, levelLabel: w.levelLabel, title: w.title,
        place: w.place, districtName: w.districtName, ticketCount: w.ticketCount, status: w.status, statusLabel: w.statusLabel, detectedAt: w.detectedAt,
      })),
      total: warnings.total,
      cap: SCREEN_WARNINGS,
    },
    satisfaction,
  };
}
