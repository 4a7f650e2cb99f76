// Errors every layer can raise; the HTTP layer turns them into `{error:{code,message,message_en,fields}}`.
// Messages are bilingual because hotline staff read Chinese and integrators often read English.

export interface FieldError {
  field: string;
  message: string;
  message_en: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 503;

export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly fields?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (fields: FieldError[]) =>
  new AppError(400, 'validation_failed', '请求参数有误：' + fields.map((f) => `${f.field} ${f.message}`).join('；'),
    'Invalid request: ' + fields.map((f) => `${f.field} ${f.message_en}`).join('; '), fields);

export const fieldError = (field: string, message: string, message_en: string): AppError =>
  invalid([{ field, message, message_en }]);

export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录', 'Please log in');

export const forbidden = (what = '') =>
  new AppError(403, 'forbidden', `无权执行此操作${what ? '：' + what : ''}`, `Not allowed${what ? ': ' + what : ''}`);

export const outOfScope = (what: string, whatEn: string) =>
  new AppError(403, 'out_of_scope', `${what}不在您单位的管辖范围内`, `${whatEn} is outside your unit's scope`);

export const notFound = (what: string, whatEn: string) => new AppError(404, 'not_found', `${what}不存在`, `${whatEn} not found`);

export const conflict = (message: string, messageEn: string, code = 'conflict') => new AppError(409, code, message, messageEn);
