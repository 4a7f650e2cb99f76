// The supervisor's screens (src/http/console/supervision.ts) as the console reads them. Plain types,
// no imports: the web console imports them too (web/src/supervision/).

export type OrderState = 'open' | 'answered' | 'closed';

/** 督办单: a supervision order against a unit, with the ticket it concerns. */
export interface SupervisionOrderView {
  id: number;
  ticketId: number;
  ticketNumber: string;
  ticketTitle: string;
  ticketState: string;
  ticketStateLabel: string;
  unitId: number;
  unitName: string;
  level: string;
  levelLabel: string;
  state: OrderState;
  stateLabel: string;
  reason: string;
  deadline: string;
  /** Open (unanswered) and past its deadline now. */
  late: boolean;
  openedAt: string;
  openedByName: string | null;
  answer: string | null;
  answeredAt: string | null;
  /** Answered by the deadline (null while unanswered). */
  answeredOnTime: boolean | null;
  result: string | null;
  closedAt: string | null;
}

export interface OrderPage {
  items: SupervisionOrderView[];
  total: number;
  page: number;
  pageSize: number;
  /** Orders per state under the same unit filter (the tabs' badges). */
  counts: Record<OrderState, number>;
}

/** 按单位: per unit in scope, what is late or about to be, and the supervision it carries. */
export interface UnitWatch {
  unitId: number;
  unitName: string;
  unitKind: string;
  /** Live assignments at or past their reply deadline. */
  overdue: number;
  /** Of those, more than 30 days past (超期30天以上). */
  overdue30: number;
  /** Live assignments past 75% of their reply limit, not yet due (临期). */
  warning: number;
  /** Supervision orders against the unit not yet answered. */
  ordersOpen: number;
  /** Supervision orders against the unit opened in the last 30 days (督办次数). */
  orders30: number;
}

export interface UnitWatchSummary {
  asOf: string;
  total: { overdue: number; overdue30: number; warning: number; ordersOpen: number; orders30: number };
  units: UnitWatch[];
}

/** 督办通报: a published notice naming units, over a period. */
export interface NoticeView {
  id: number;
  title: string;
  body: string;
  periodFrom: string;
  periodTo: string;
  units: { id: number; name: string }[];
  publishedAt: string;
  publishedByName: string | null;
  publishedUnitName: string | null;
}

export interface NoticePage {
  items: NoticeView[];
  total: number;
  page: number;
  pageSize: number;
}
