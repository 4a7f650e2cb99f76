import { api } from './api';
import { useLoad } from './hooks';
import type { UnitNode } from './labels';

/** The caller's unit tree (GET /api/units), whole. */
export function useUnitTree() {
  return useLoad((signal) => api.get<{ tree: UnitNode[] }>('/api/units', undefined, signal).then((r) => r.tree), []);
}
