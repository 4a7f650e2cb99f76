// The statistics API (src/http/console/stats.ts): figures grouped by up to two dimensions, the
// tickets behind a cell (paged), and the table as an Excel file. Types are the server's own
// (src/services/stats/types.ts), imported as types only.
import { api } from '../api';
import type { DrillPage, StatsResult } from '../../../src/services/stats/types';
import type { ApiQuery } from './query';

export type { DrillPage, DrillTicket, FigureKey, FigureValue, GroupKey, StatsResult, StatsRow } from '../../../src/services/stats/types';

export const statsApi = {
  get: (q: ApiQuery, signal?: AbortSignal) => api.get<StatsResult>('/api/stats', q, signal),
  tickets: (q: ApiQuery & { limit: string; offset: string }, signal?: AbortSignal) => api.get<DrillPage>('/api/stats/tickets', q, signal),
  exportPath: '/api/stats/export',
};
