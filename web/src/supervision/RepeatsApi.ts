// 屡办不成 groups (src/http/console/duplicates.ts): the supervision list and one group for the ticket page.
import { api } from '../api';
import type { RepeatGroupView } from '../../../src/services/repeats/repeats';

export type { RepeatGroupView };

export const repeatsApi = {
  list: (query: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<{ total: number; items: RepeatGroupView[] }>('/api/repeats', query, signal),
  get: (id: number, signal?: AbortSignal) => api.get<RepeatGroupView>(`/api/repeats/${id}`, undefined, signal),
};
