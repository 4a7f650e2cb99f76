// The warnings API (src/http/console/warnings.ts): list, detail, acknowledge, follow up, close.
import { api } from '../api';

// The shapes are the server's own (src/services/warnings/warnings.ts), imported as types only.
import type { WarningDetail, WarningKind, WarningStatus, WarningView } from '../../../src/services/warnings/warnings';

export type { WarningDetail, WarningKind, WarningStatus, WarningView };

export interface WarningPage {
  items: WarningView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface WarningQuery {
  level?: number;
  status?: WarningStatus;
  kind?: WarningKind;
  open?: boolean;
  page?: number;
  pageSize?: number;
}

export const warningsApi = {
  list: (q: WarningQuery, signal?: AbortSignal) => api.get<WarningPage>('/api/warnings', { ...q, open: q.open ? 'true' : undefined }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<WarningDetail>(`/api/warnings/${id}`, undefined, signal),
  ack: (id: number) => api.post<WarningDetail>(`/api/warnings/${id}/ack`),
  followUp: (id: number, note: string) => api.post<WarningDetail>(`/api/warnings/${id}/follow-ups`, { note }),
  close: (id: number, conclusion: string) => api.post<WarningDetail>(`/api/warnings/${id}/close`, { conclusion }),
  detect: () => api.post<{ created: number; updated: number; hotspots: number; surges: number; sensitive: number }>('/api/warnings/detect'),
  letterUrl: (id: number) => `/api/warnings/${id}/letter`,
};

/** 一级 red, 二级 orange, 三级 yellow (gold, readable on white). */
export const LEVEL_COLORS: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold' };
export const STATUS_COLORS: Record<WarningStatus, string> = { new: 'red', acknowledged: 'blue', following: 'processing', closed: 'default' };
