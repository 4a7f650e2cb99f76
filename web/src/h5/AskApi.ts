// The citizens' 智能问答 API (docs/knowledge.md): no account, no CSRF token.
import { api, request } from '../api';
import type { AskAnswer, PublicArticle } from '../../../src/services/knowledge/ask';

export type { AskAnswer, PublicArticle };

export const askApi = {
  ask: (q: string, signal?: AbortSignal) => api.get<AskAnswer>('/api/public/knowledge/ask', { q }, signal),
  handOver: (token: string) => request<void>('/api/public/knowledge/handover', { method: 'POST', body: { token } }),
  article: (id: number, signal?: AbortSignal) => api.get<PublicArticle>(`/api/public/knowledge/articles/${id}`, undefined, signal),
  fileUrl: (id: number, attachmentId: number) => `/api/public/knowledge/articles/${id}/attachments/${attachmentId}`,
};
