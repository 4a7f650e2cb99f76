// The supervisor's API (src/http/console/supervision.ts): orders, the per-unit watch list, notices.
import { api } from '../api';
import type { NoticePage, NoticeView, OrderPage, OrderState, UnitWatchSummary } from '../../../src/services/supervision/types';

export type { NoticePage, NoticeView, OrderPage, OrderState, SupervisionOrderView, UnitWatch, UnitWatchSummary } from '../../../src/services/supervision/types';

export interface NoticeBody {
  title: string;
  body: string;
  unitIds: number[];
  periodFrom: string;
  periodTo: string;
}

export const supervisionApi = {
  orders: (query: { state?: OrderState; unitId?: number; q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<OrderPage>('/api/supervision/orders', query, signal),
  units: (signal?: AbortSignal) => api.get<UnitWatchSummary>('/api/supervision/units', undefined, signal),
  notices: (query: { unitId?: number; q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<NoticePage>('/api/supervision/notices', query, signal),
  publish: (body: NoticeBody) => api.post<NoticeView>('/api/supervision/notices', body),
};
