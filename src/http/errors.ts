// One error shape for every failure: {error:{code,message,message_en,fields?}} with the right status.
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../domain/errors.js';
import { RequestValidationError } from './validation.js';

export interface ErrorBody {
  error: { code: string; message: string; message_en: string; fields?: FieldError[]; [k: string]: unknown };
}

const body = (code: string, message: string, message_en: string, fields?: FieldError[], extra?: Record<string, unknown>): ErrorBody =>
  ({ error: { code, message, message_en, ...(fields ? { fields } : {}), ...extra } });

/** Fastify's own errors for bad requests, translated. */
const FASTIFY_ERRORS: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', '不支持的内容类型', 'Unsupported content type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', '请求内容过大', 'Request body too large'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', '请求体为空，但声明为 JSON', 'Empty body with a JSON content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'Content-Length 与内容不符', 'Content-Length does not match the body'],
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof RequestValidationError) {
      const names = err.fields.map((f) => f.field).join(', ');
      return reply.status(400).send(body('validation_failed', `请求参数有误：${err.fields.map((f) => `${f.field} ${f.message}`).join('；')}`,
        `Invalid request: ${names}`, err.fields));
    }
    if (err instanceof AppError) {
      if (err.status === 423 && typeof err.extra?.retryAfter === 'number') reply.header('retry-after', String(err.extra.retryAfter));
      return reply.status(err.status).send(body(err.code, err.message, err.messageEn, err.fields, err.extra));
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) return reply.status(known[0]).send(body(known[1], known[2], known[3]));
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send(body('invalid_json', `请求体不是合法的 JSON：${err.message}`, `Malformed JSON: ${err.message}`, [{ field: 'body', message: '不是合法的 JSON', message_en: 'malformed JSON' }]));
    }
    if (err.statusCode === 429) return reply.status(429).send(body('rate_limited', '请求过于频繁，请稍后再试', 'Too many requests, try again later'));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('bad_request', err.message, err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal_error', '服务器内部错误，请稍后再试', 'Internal server error'));
  });
}
