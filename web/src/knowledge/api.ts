// The knowledge base's API (docs/knowledge.md): shapes from the server's own types.
import { api, request, upload } from '../api';
import type { ArticleInput, ArticleKind, ArticleStatus, ArticleView, AttachmentFacts } from '../../../src/services/knowledge/articles';
import type { ArticleHit } from '../../../src/services/knowledge/base-search';
import type { AskAnswer, PublicArticle, PublicHit } from '../../../src/services/knowledge/ask';

export type { ArticleKind, ArticleStatus, ArticleView, AttachmentFacts, ArticleHit, AskAnswer, PublicArticle, PublicHit };

export const KIND_LABELS: Record<ArticleKind, string> = { policy: '政策', guide: '办事指南', duty: '部门职责', faq: '常见问答' };
export const STATUS_LABELS: Record<ArticleStatus, string> = { draft: '草稿', submitted: '待审核', published: '已发布' };

/** What an editor sends: the server's own input shape. */
export type ArticleBody = ArticleInput;

export interface ArticleQuery {
  q?: string;
  status?: ArticleStatus;
  unitId?: number;
  subjectId?: number;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

/** An article offered at intake: the live text to quote (引用). */
export type IntakeArticle = ArticleHit & { body: string; via: 'words' | 'near'; score: number };

export const knowledgeApi = {
  list: (q: ArticleQuery, signal?: AbortSignal) =>
    api.get<{ total: number; items: ArticleView[] }>('/api/knowledge/articles', { ...q, mine: q.mine ? 'true' : undefined } as Record<string, string | number | undefined>, signal),
  get: (id: number, signal?: AbortSignal) => api.get<ArticleView>(`/api/knowledge/articles/${id}`, undefined, signal),
  create: (body: ArticleBody) => api.post<ArticleView>('/api/knowledge/articles', body),
  update: (id: number, body: ArticleBody & { version: number }) => request<ArticleView>(`/api/knowledge/articles/${id}`, { method: 'PUT', body }),
  submit: (id: number, version: number) => api.post<ArticleView>(`/api/knowledge/articles/${id}/submit`, { version }),
  review: (id: number, body: { approve: boolean; reason?: string; version: number }) => api.post<ArticleView>(`/api/knowledge/articles/${id}/review`, body),
  attach: (id: number, file: File, onProgress: (p: number) => void, signal?: AbortSignal) =>
    upload<AttachmentFacts>(`/api/knowledge/articles/${id}/attachments`, { file, onProgress, signal }),
  detach: (id: number, attachmentId: number) => request<void>(`/api/knowledge/articles/${id}/attachments/${attachmentId}`, { method: 'DELETE' }),
  fileUrl: (id: number, attachmentId: number) => `/api/knowledge/articles/${id}/attachments/${attachmentId}`,
  figures: (from: string, to: string, signal?: AbortSignal) =>
    api.get<{ asked: number; answered: number; handedOver: number; selfServiceRate: number | null }>('/api/knowledge/figures', { from, to }, signal),
};
