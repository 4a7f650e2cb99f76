// The warnings API (src/http/console/warnings.ts): list, detail, acknowledge, follow up, close.
import { api } from '../api';

export type WarningStatus = 'new' | 'acknowledged' | 'following' | 'closed';
export type WarningKind = 'hotspot' | 'surge' | 'sensitive';

export interface WarningView {
  id: number;
  number: string;
  kind: WarningKind;
  kindLabel: string;
  level: number;
  levelLabel: string;
  title: string;
  summary: string;
  place: string | null;
  districtName: string | null;
  ticketCount: number;
  firstAt: string;
  lastAt: string;
  status: WarningStatus;
  statusLabel: string;
  detectedAt: string;
  updatedAt: string;
  feedbackDue: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  conclusion: string | null;
  mine: boolean;
}

export interface WarningDetail extends WarningView {
  facts: Record<string, unknown>;
  recipients: { id: number; name: string; unitName: string }[];
  steps: { kind: string; label: string; note: string | null; actorName: string | null; at: string }[];
  tickets: { id: number; number: string; title: string; state: string; acceptedAt: string; districtName: string | null }[];
  ticketsHidden: number;
  daily: { day: string; count: number }[];
  mayAcknowledge: boolean;
  mayFollowUp: boolean;
  mayClose: boolean;
}

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
