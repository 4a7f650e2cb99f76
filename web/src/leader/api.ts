// The leader's page API (GET /api/dashboard/leader; src/http/console/dashboard.ts).
import { api } from '../api';
import type { LeaderDashboard } from '../../../src/services/dashboard/types';

export type { AreaFigure, LeaderDashboard, TicketPoint, TrendDay } from '../../../src/services/dashboard/types';

export const dashboardApi = {
  leader: (signal?: AbortSignal) => api.get<LeaderDashboard>('/api/dashboard/leader', undefined, signal),
};
