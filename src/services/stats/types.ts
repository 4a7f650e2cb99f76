// The statistics API (GET /api/stats) and the figures every report, evaluation and screen reads, as
// plain types with no imports: the web console imports them too. docs/figures.md defines each count.

import type { CountKey, FigureKey, RateKey } from '../../domain/figures/keys.js';

export { COUNT_KEYS, RATE_KEYS, FIGURE_LABELS } from '../../domain/figures/keys.js';
export type { CountKey, FigureKey, RateKey };

export const DIMENSIONS = ['district', 'unit', 'type', 'typeGroup', 'subject', 'channel', 'urgency', 'day', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface StatsFilters {
  districtIds?: number[];
  /** Units; with `subtree` (default true) each stands for its whole subtree. */
  unitIds?: number[];
  subtree?: boolean;
  types?: string[];
  typeGroups?: string[];
  /** Subjects of any level: each stands for its subtree of the catalogue. */
  subjectIds?: number[];
  channels?: string[];
  urgencies?: string[];
}

export interface StatsQuery {
  /** First and last day, inclusive, as YYYY-MM-DD in Asia/Shanghai. */
  from: string;
  to: string;
  /** Up to two dimensions; none gives one row, the total. */
  by?: Dimension[];
  /** For `subject`: the catalogue level to group at (1 = top). For `unit`: group at the children of this unit (default: each handling unit itself). */
  subjectLevel?: number;
  unitParentId?: number;
  figures?: FigureKey[];
  filters?: StatsFilters;
  /** Add the previous period of the same length and the same period a year earlier. */
  compare?: boolean;
  /** Read the rollup tables (default) or the raw tables: both must agree. */
  source?: 'rollup' | 'raw';
}

export interface GroupKey {
  dimension: Dimension;
  /** id for units, districts and subjects; code for types, groups, channels, urgencies; the date for day / month. */
  key: string;
  label: string;
}

export interface FigureValue {
  value: number | null;
  /** Previous period and same period last year (only with `compare`). */
  previous?: number | null;
  lastYear?: number | null;
  /** Counts: change in percent (11.9 means +11.90%); rates: change in percentage points. null when undefined. */
  changePrevious?: number | null;
  changeLastYear?: number | null;
}

export interface StatsRow {
  keys: GroupKey[];
  figures: Partial<Record<FigureKey, FigureValue>>;
}

export interface StatsPeriod { from: string; to: string }

export interface StatsResult {
  period: StatsPeriod;
  previous?: StatsPeriod;
  lastYear?: StatsPeriod;
  by: Dimension[];
  figures: FigureKey[];
  /** Groups in a stable order (biggest `received` first, or by date / catalogue order). */
  rows: StatsRow[];
  /** The whole filtered population, never the sum of rounded rows. */
  total: StatsRow;
  source: 'rollup' | 'raw';
  /** The instant the live figures (overdueOpen…) were taken, and the rollups' last refresh. */
  asOf: string;
  rollupAt: string | null;
  ms: number;
}

/** One ticket behind a cell (GET /api/stats/tickets, src/services/stats/drill.ts). */
export interface DrillTicket {
  id: number;
  number: string;
  title: string;
  state: string;
  stateLabel: string;
  acceptedAt: string;
  districtName: string | null;
}

export interface DrillPage { items: DrillTicket[]; total: number; figure: CountKey; limit: number; offset: number }
