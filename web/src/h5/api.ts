// The citizen API (docs/api.md "市民接口"): no account, no CSRF token. Submit carries an
// Idempotency-Key, so a retry after a dropped connection on a phone gives the same ticket back.
import { api, ApiError, request, upload } from '../api';
import type { FieldError } from '../api';
import type { AreaFeature } from '../tickets/intake/PointMap';
// The shapes the citizen API answers with, from the server's own types (one source).
import type { CitizenTicketView, PublicCatalogue, SubmitReceipt } from '../../../src/services/citizen/tickets';

export type Catalogue = PublicCatalogue;
export type Receipt = SubmitReceipt;
export type CitizenTicket = CitizenTicketView;




export interface Submission {
  type: string;
  subjectId?: number | null;
  content: string;
  name?: string | null;
  phone: string;
  confidential?: boolean;
  location?: { address?: string | null; lng?: number | null; lat?: number | null } | null;
}

export interface Place {
  district: string | null;
  street: string | null;
  community: string | null;
}

/** A key for one submission: the same while the citizen retries, a new one for the next matter. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return `h5-${crypto.randomUUID()}`;
  return `h5-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

async function submit(body: Submission, idempotencyKey: string): Promise<Receipt> {
  let res: Response;
  try {
    res = await fetch('/api/public/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试', 'Cannot reach the server');
  }
  const text = await res.text();
  if (!res.ok) {
    try {
      const e = (JSON.parse(text) as { error?: { code?: string; message?: string; message_en?: string; fields?: FieldError[] } }).error;
      if (e) throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? '提交失败', e.message_en ?? '', e.fields ?? []);
    } catch (err) {
      if (err instanceof ApiError) throw err;
    }
    throw new ApiError(res.status, `http_${res.status}`, res.status === 429 ? '提交过于频繁，请稍后再试' : `提交失败（${res.status}）`);
  }
  return JSON.parse(text) as Receipt;
}

export const publicApi = {
  catalogue: (signal?: AbortSignal) => api.get<Catalogue>('/api/public/catalogue', undefined, signal),
  districts: (signal?: AbortSignal) => api.get<{ type: 'FeatureCollection'; features: AreaFeature[] }>('/api/public/geo/districts', undefined, signal),
  place: (lng: number, lat: number, signal?: AbortSignal) => request<Place>('/api/public/location', { query: { lng, lat }, signal }),
  submit,
  lookup: (number: string, phone: string) => api.post<CitizenTicket>('/api/public/tickets/lookup', { number, phone }),
  rate: (body: { number: string; phone: string; resolved: boolean; satisfaction: string; comment?: string | null }) =>
    api.post<CitizenTicket>('/api/public/tickets/rate', body),
  photo: (number: string, phone: string, file: File, onProgress: (percent: number) => void) =>
    upload<{ fileName: string; contentType: string; size: number; createdAt: string }>('/api/public/tickets/attachments', { fields: { number, phone }, file, onProgress }),
};

export const SATISFACTIONS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basic', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
] as const;

export const satisfactionLabel = (code: string | null | undefined): string => SATISFACTIONS.find((s) => s.value === code)?.label ?? '—';
