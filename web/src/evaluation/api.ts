// The evaluation API (src/http/console/evaluation.ts). The shapes are the server's own, imported as types only.
import { api } from '../api';
import type { Template } from '../../../src/domain/evaluation/template';
import type { AnnualEntry, AnnualRow } from '../../../src/services/evaluation/annual';
import type { Explanation, ScoreRow, ScoresPage } from '../../../src/services/evaluation/results';
import type { TemplateInput, TemplateView } from '../../../src/services/evaluation/templates';

export type { AnnualRow, Explanation, ScoreRow, ScoresPage, Template, TemplateView };

export interface PeriodList {
  templates: { code: string; name: string; months: { month: string; state: 'draft' | 'published' }[] }[];
}

export interface Bonus { id: number; unitId: number; unitName: string; category: string; reason: string; points: number; createdAt: string }

const base = (code: string, month: string) => `/api/evaluation/${encodeURIComponent(code)}/months/${month}`;

export const evaluationApi = {
  periods: (signal?: AbortSignal) => api.get<PeriodList>('/api/evaluation/periods', undefined, signal),
  templates: (signal?: AbortSignal) => api.get<{ templates: TemplateView[] }>('/api/evaluation/templates', undefined, signal),
  createTemplate: (input: TemplateInput) => api.post<TemplateView>('/api/evaluation/templates', input),
  saveTemplate: (code: string, input: Omit<TemplateInput, 'code'> & { version: number }) => api.put<TemplateView>(`/api/evaluation/templates/${encodeURIComponent(code)}`, input),
  scores: (code: string, month: string, q: { page: number; pageSize: number; list?: 'full' | 'black' }, signal?: AbortSignal) =>
    api.get<ScoresPage>(`${base(code, month)}/scores`, q, signal),
  explain: (code: string, month: string, unitId: number, q: { page: number; pageSize: number; kind?: string }, signal?: AbortSignal) =>
    api.get<Explanation>(`${base(code, month)}/scores/${unitId}`, q, signal),
  compute: (code: string, month: string) => api.post<{ units: number; items: number }>(`${base(code, month)}/compute`),
  publish: (code: string, month: string) => api.post<{ publishedAt: string }>(`${base(code, month)}/publish`),
  exportPath: (code: string, month: string) => `${base(code, month)}/export`,
  bonuses: (code: string, month: string, signal?: AbortSignal) => api.get<{ items: Bonus[] }>(`${base(code, month)}/bonuses`, undefined, signal),
  addBonus: (code: string, month: string, b: { unitId: number; category: string; reason: string; points: number }) => api.post<{ id: number }>(`${base(code, month)}/bonuses`, b),
  deleteBonus: (id: number) => api.del<void>(`/api/evaluation/bonuses/${id}`),
  annual: (code: string, year: number, signal?: AbortSignal) => api.get<{ items: AnnualRow[] }>(`/api/evaluation/${encodeURIComponent(code)}/years/${year}/annual`, undefined, signal),
  putAnnual: (code: string, year: number, entries: AnnualEntry[]) => api.put<{ items: AnnualRow[] }>(`/api/evaluation/${encodeURIComponent(code)}/years/${year}/annual/scores`, { entries }),
  computeAnnual: (code: string, year: number) => api.post<{ items: AnnualRow[] }>(`/api/evaluation/${encodeURIComponent(code)}/years/${year}/annual/compute`),
};

/** Last month, as YYYY-MM, in the browser's clock (Asia/Shanghai for the users of a Chinese hotline). */
export function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
