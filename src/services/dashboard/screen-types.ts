// The leaders' big screen 大屏 (GET /api/dashboard/screen) as the wall reads it. Plain types with
// type-only imports: the web console imports them too (web/src/screen/).
import type { AreaFigure, LeaderDashboard } from './types.js';
import type { WarningView } from '../warnings/warnings.js';

export interface ScreenCounters {
  /** 今日受理, 在办, 超期, 今日办结: the leader's page's counts (src/services/dashboard/leader.ts). */
  accepted: number;
  open: number;
  overdue: number;
  closed: number;
  /** 本月满意率: the statistics service's satisfactionRate of this month (the trend's last point); null without a valid visit. */
  satisfactionRate: number | null;
  /** Its denominator, 有效回访 of this month. */
  validVisits: number;
}

/** A warning as the wall lists it (the warnings service's view, the fields a wall shows). */
export type ScreenWarning = Pick<WarningView, 'id' | 'number' | 'kind' | 'kindLabel' | 'level' | 'levelLabel' | 'title' | 'place' | 'districtName' | 'ticketCount' | 'status' | 'statusLabel' | 'detectedAt'>;

export interface ScreenChannel { code: string; label: string; received: number }

export interface ScreenSubject {
  id: string;
  label: string;
  /** 受理量 of the last 7 days (today included). */
  received: number;
  /** 受理量 of the 7 days before. */
  previous: number | null;
  /** Change in percent against the 7 days before; null when those had none. */
  change: number | null;
}

export interface ScreenMonth {
  /** YYYY-MM */
  month: string;
  satisfactionRate: number | null;
  validVisits: number;
}

export interface ScreenDashboard {
  asOf: string;
  today: string;
  scope: LeaderDashboard['scope'];
  counters: ScreenCounters;
  /** Today's 受理量 by channel, biggest first. */
  channels: ScreenChannel[];
  /** Open and overdue by district (or by child unit below the city), as the leader's page. */
  breakdown: LeaderDashboard['breakdown'];
  areas: AreaFigure[];
  /** The top subjects (catalogue level 2) of the last 7 days. */
  hotSubjects: ScreenSubject[];
  hotPeriod: { from: string; to: string; previousFrom: string; previousTo: string };
  /** Warnings not closed that the caller sees, newest first (at most `cap`). */
  warnings: { items: ScreenWarning[]; total: number; cap: number };
  /** 满意率 of the last 12 months, oldest first, this month last. */
  satisfaction: ScreenMonth[];
}
