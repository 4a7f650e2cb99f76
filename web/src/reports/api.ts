// The reports API (src/http/console/reports.ts): a report on demand, schedules, 我的报表.
import { api, ApiError, dispositionFilename, saveBlob } from '../api';
import type { ScheduleInput, ScheduleView } from '../../../src/services/reports/schedules';
import type { InboxItem } from '../../../src/services/reports/deliveries';

export type { InboxItem, ScheduleInput, ScheduleView };
export type ReportKind = 'annual' | 'monthly' | 'weekly' | 'units';
export type ReportFormat = 'html' | 'docx' | 'pdf' | 'xlsx';

export const KIND_LABELS: Record<ReportKind, string> = { annual: '年度报告', monthly: '月度报告', weekly: '周报', units: '承办单位办件情况表' };
export const FORMAT_LABELS: Record<ReportFormat, string> = { html: '网页', docx: 'Word', pdf: 'PDF', xlsx: 'Excel' };
export const CADENCE_LABELS = { weekly: '每周', monthly: '每月', annual: '每年' } as const;
export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Which report: the kind and its period (year, month, a day of the week, or a range). */
export interface ReportChoice {
  kind: ReportKind;
  year?: string;
  month?: string;
  week?: string;
  from?: string;
  to?: string;
  /** Whose children the unit tables list (default: the whole platform, or your unit). */
  parentUnitId?: number | string;
}

export const reportQuery = (c: ReportChoice): Record<string, string | undefined> => ({
  kind: c.kind, year: c.kind === 'annual' ? c.year : undefined, month: c.kind === 'monthly' ? c.month : undefined,
  week: c.kind === 'weekly' ? c.week : undefined, from: c.kind === 'units' ? c.from : undefined, to: c.kind === 'units' ? c.to : undefined,
  parentUnitId: c.parentUnitId === undefined ? undefined : String(c.parentUnitId),
});

export function reportUrl(c: ReportChoice, format: ReportFormat): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...reportQuery(c), format })) if (v) params.set(k, v);
  return `/api/reports/file?${params.toString()}`;
}

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

export const reportsApi = {
  schedules: (page: number, signal?: AbortSignal) => api.get<Page<ScheduleView>>('/api/reports/schedules', { page, pageSize: 20 }, signal),
  createSchedule: (input: ScheduleInput) => api.post<ScheduleView>('/api/reports/schedules', input),
  updateSchedule: (id: number, input: ScheduleInput) => api.put<ScheduleView>(`/api/reports/schedules/${id}`, input),
  setActive: (id: number, active: boolean) => api.post<ScheduleView>(`/api/reports/schedules/${id}/active`, { active }),
  inbox: (page: number, signal?: AbortSignal) => api.get<Page<InboxItem> & { unread: number }>('/api/reports/inbox', { page, pageSize: 20 }, signal),
  unread: (signal?: AbortSignal) => api.get<{ unread: number }>('/api/reports/inbox/unread', undefined, signal),
  markRead: (id: number) => api.post<{ ok: boolean }>(`/api/reports/deliveries/${id}/read`),
  deliveryUrl: (id: number, format: ReportFormat) => `/api/reports/deliveries/${id}/files/${format}`,
};

/** Where a download is: the server is writing the report, then the bytes arrive (percent when the size is known). */
export type Progress = { phase: 'building' } | { phase: 'receiving'; percent: number | null };

/**
 * Fetches a file and saves it, reporting progress: building (no byte yet: the server writes the
 * report), then receiving. An error answer shows as the server's message, never saved as the file.
 */
export async function downloadWithProgress(url: string, onProgress: (p: Progress) => void, fallbackName = 'report'): Promise<string> {
  onProgress({ phase: 'building' });
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server');
  }
  if (!res.ok) {
    let message = `下载失败（${res.status}）`;
    try {
      const body = (await res.json()) as { error?: { message?: string; code?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, `http_${res.status}`, message);
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  const name = dispositionFilename(res.headers.get('content-disposition')) ?? fallbackName;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress({ phase: 'receiving', percent: total > 0 ? Math.min(100, Math.round((received / total) * 100)) : null });
    }
  }
  saveBlob(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }), name);
  return name;
}
