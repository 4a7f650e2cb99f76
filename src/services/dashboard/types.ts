// The leader's first page (GET /api/dashboard/leader) as the console reads it. Plain types, no
// imports: the web console imports them too (web/src/leader/), so the page and the API share one shape.

/** A count over the caller's unit scope (the tickets `ticketVisibleTo` lets them see). */
export interface LeaderCounts {
  /** 受理 today: tickets accepted since Shanghai midnight, invalid and merged duplicates excluded (DOMAIN.md §10 受理量). */
  accepted: number;
  /** 办结 today: tickets whose (latest) closing fell today (a reopened ticket closes again later). */
  closed: number;
  /** 在办 now: tickets in an open state (accepted … visiting, answered, suspended). */
  open: number;
  /** 超期 now (DOMAIN.md §10): open tickets with a live assignment at or past its reply deadline; suspended ones excluded. */
  overdue: number;
  /** 临期 now: tickets whose current step has used 75% of its limit (the yellow light, slaLevel 1). */
  warning: number;
  /** 督办 now: open tickets under a supervision order not yet closed. */
  supervised: number;
}

/** 满意率 (DOMAIN.md §10): (满意 + k·基本满意) ÷ valid visits (citizen reached), over the visits of a period. */
export interface SatisfactionFigure {
  /** null when there was no valid visit in the period. */
  rate: number | null;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  /** Valid visits with a satisfaction recorded. */
  valid: number;
  /** The weight k of 基本满意. */
  basicWeight: number;
  /** The period, Shanghai dates, inclusive: the month so far. */
  from: string;
  to: string;
}

/**
 * One row of the breakdown. By district (`breakdown: 'district'`, the city's view): the open,
 * overdue and yellow tickets located in the district; the row with `unitId: null` holds those in no
 * district in view. By unit (`'unit'`, a district's or a street's view): the tickets handled by the
 * child unit or a unit below it (an assignment there, as GET /api/tickets?unitId= counts them); a
 * ticket two children work on counts at each; the `unitId: null` row holds those handled at the
 * caller's own level only.
 */
export interface AreaFigure {
  unitId: number | null;
  name: string;
  shortName: string | null;
  code: string | null;
  /** The unit's kind (district, street, department …); null for the remainder row. */
  kind: string | null;
  open: number;
  overdue: number;
  warning: number;
  /** Accepted today in the area. */
  accepted: number;
}

/** A ticket accepted today with a location: a point on the map. */
export interface TicketPoint {
  id: number;
  number: string;
  title: string;
  state: string;
  stateLabel: string;
  slaLevel: number;
  lng: number;
  lat: number;
  acceptedAt: string;
}

export interface TrendDay {
  /** Shanghai date YYYY-MM-DD. */
  date: string;
  accepted: number;
  closed: number;
}

export interface LeaderDashboard {
  asOf: string;
  /** Today, Shanghai. */
  today: string;
  scope: { unitId: number; unitName: string; unitKind: string; platform: boolean };
  counts: LeaderCounts;
  satisfaction: SatisfactionFigure;
  /** How `areas` breaks the figures down: by district (location) for the city, by child unit (handling) below it. */
  breakdown: 'district' | 'unit';
  /** The districts in scope, or the caller's child units; then the remainder row, if it holds any ticket. */
  areas: AreaFigure[];
  /** Today's located tickets, newest first, at most `cap` of `total`. */
  points: { items: TicketPoint[]; total: number; cap: number };
  /** The last 30 Shanghai days, oldest first, today last. */
  trend: TrendDay[];
}
