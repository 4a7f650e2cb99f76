// A small fetch client for the console API (docs/api.md): JSON, the session cookie, the CSRF
// header on state-changing requests, and one error type carrying the server's error body.
import type { FormInstance } from 'antd';

export interface FieldError {
  field: string;
  message: string;
  message_en?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly message_en: string;
  readonly fields: FieldError[];
  /** Extra members of the error body, e.g. `retryAfter` (seconds) on 423 account_locked. */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, messageEn = '', fields: FieldError[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.message_en = messageEn;
    this.fields = fields;
    this.details = details;
  }
}

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a request other than login (the session expired). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; undefined, null and '' are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** A JSON body (objects), or raw text sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function asFields(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
    .map((f) => ({
      field: String(f.field ?? ''),
      message: String(f.message ?? ''),
      message_en: typeof f.message_en === 'string' ? f.message_en : undefined,
    }));
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求参数有误',
  401: '未登录或登录已过期',
  403: '无权执行此操作',
  404: '请求的内容不存在',
  409: '数据已被修改或已存在',
  413: '提交的内容过大',
  415: '文件类型不支持',
  423: '账号已锁定',
  429: '操作过于频繁，请稍后再试',
};

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy page, an empty body…
  }
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (err && typeof err === 'object') {
    const { code, message, message_en: messageEn, fields, ...rest } = err;
    // docs/api.md puts retryAfter in the body; the server may send it as a Retry-After header.
    const retryAfter = (body as Record<string, unknown>).retryAfter ?? res.headers.get('retry-after') ?? undefined;
    const details: Record<string, unknown> = { ...rest };
    if (retryAfter !== undefined && details.retryAfter === undefined) details.retryAfter = retryAfter;
    return new ApiError(
      res.status,
      typeof code === 'string' ? code : `http_${res.status}`,
      typeof message === 'string' && message ? message : (STATUS_TEXT[res.status] ?? `服务器错误（${res.status}）`),
      typeof messageEn === 'string' ? messageEn : '',
      asFields(fields),
      details,
    );
  }
  return new ApiError(res.status, `http_${res.status}`, STATUS_TEXT[res.status] ?? `服务器错误（${res.status}）`, res.statusText);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (options.contentType) {
      headers['content-type'] = options.contentType;
      body = options.body as BodyInit;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function errorFromText(status: number, text: string): ApiError {
  try {
    const err = (JSON.parse(text) as { error?: Record<string, unknown> }).error;
    if (err && typeof err === 'object') {
      const message = typeof err.message === 'string' && err.message ? err.message : (STATUS_TEXT[status] ?? `上传失败（${status}）`);
      return new ApiError(status, typeof err.code === 'string' ? err.code : `http_${status}`, message, typeof err.message_en === 'string' ? err.message_en : '', asFields(err.fields));
    }
  } catch {
    // not JSON: a proxy's page
  }
  return new ApiError(status, `http_${status}`, STATUS_TEXT[status] ?? `上传失败（${status}）`);
}

export interface UploadOptions {
  /** Form fields sent before the file (the server checks them before reading the bytes). */
  fields?: Record<string, string>;
  file: File;
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file as multipart/form-data (field `file`), with the session's CSRF token, reporting
 * progress: XMLHttpRequest, since fetch cannot report an upload's progress. Errors are ApiErrors
 * like every other request's, field errors included.
 */
export function upload<T>(path: string, { fields = {}, file, onProgress, signal }: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100);
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      if (xhr.status === 401) for (const listener of unauthenticatedListeners) listener();
      reject(errorFromText(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

/** A file's size as people read it: "1.2 MB", "340 KB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  postText: <T>(path: string, text: string, contentType = 'text/csv') => request<T>(path, { method: 'POST', body: text, contentType }),
};

/** The file name in a `content-disposition` header (`filename*=UTF-8''…` preferred over `filename="…"`). */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || null;
}

/**
 * Downloads a file the server sends as an attachment (the CSV exports) and saves it under the
 * server's file name. Fetched rather than linked so that an error (an expired session, a 403)
 * shows as a message instead of being saved as the "file".
 */
export async function downloadFile(path: string, query?: RequestOptions['query'], fallbackName = 'download'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { credentials: 'same-origin', headers: { accept: 'text/csv, */*' } });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401) for (const listener of unauthenticatedListeners) listener();
    throw error;
  }
  const name = dispositionFilename(res.headers.get('content-disposition')) ?? fallbackName;
  saveBlob(await res.blob(), name);
  return name;
}

/** Saves a blob under `name` through a temporary link, as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click starts the download synchronously; give the browser a moment before freeing the blob.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Saves rows as a CSV file made in the browser (the import templates), written like the server's
 * exports: UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it without garbling.
 */
export function saveCsv(name: string, rows: readonly (readonly (string | number | null | undefined)[])[]): void {
  const text = '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), name);
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Puts the server's field errors under the matching inputs of an antd Form.
 * A field path like `roles.0` or `roles[0]` maps to the form field `roles`; a field the form does not
 * have is returned so the caller can show it elsewhere. Returns the messages not placed on a field.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, aliases: Record<string, string> = {}): string[] {
  if (!(error instanceof ApiError) || error.fields.length === 0) return [];
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const f of error.fields) {
    const head = f.field.split(/[.[]/)[0] ?? f.field;
    const name = aliases[f.field] ?? aliases[head] ?? head;
    if (known.has(name)) {
      byField.set(name, [...(byField.get(name) ?? []), f.message]);
    } else {
      unplaced.push(f.field ? `${f.field}：${f.message}` : f.message);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = byField.keys().next();
  if (!first.done) form.scrollToField(first.value, { block: 'center', focus: true });
  return unplaced;
}
