// The statistics API (src/http/console/stats.ts): figures grouped by up to two dimensions, the
// tickets behind a cell (paged), and the table as an Excel file. Types are the server's own
// (src/services/stats/types.ts), imported as types only.
import { api } from '../api';
import type { StatsResult } from '../../../src/services/stats/types';
import type { ApiQuery } from './query';

export type { FigureKey, FigureValue, GroupKey, StatsResult, StatsRow } from '../../../src/services/stats/types';

/** One ticket of a drill-down (src/services/stats/drill.ts). */
export interface DrillTicket {
  id: number;
  number: string;
  title: string;
  state: string;
  stateLabel: string;
  acceptedAt: string;
  districtName: string | null;
}

export interface DrillPage {
  items: DrillTicket[];
  total: number;
  figure: string;
  limit: number;
  offset: number;
}

export const statsApi = {
  get: (q: ApiQuery, signal?: AbortSignal) => api.get<StatsResult>('/api/stats', q, signal),
  tickets: (q: ApiQuery & { limit: string; offset: string }, signal?: AbortSignal) => api.get<DrillPage>('/api/stats/tickets', q, signal),
  exportPath: '/api/stats/export',
};
