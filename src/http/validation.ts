// Request validation with zod, answering in Chinese and English and naming each field.
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../domain/errors.js';

export class RequestValidationError extends Error {
  constructor(readonly fields: FieldError[], readonly part: string) {
    super('request validation failed');
  }
}

/** A message a schema gives itself, in both languages: `z.string().regex(re, bi('中文', 'English'))`. */
const SEP = ' ¦ ';
export const bi = (zh: string, en: string): string => `${zh}${SEP}${en}`;

const zhLocale = z.locales.zhCN();
const enLocale = z.locales.en();

const TYPE_ZH: Record<string, string> = {
  string: '文本', number: '数字', int: '整数', boolean: '布尔值', object: '对象', array: '数组', null: '空值', undefined: '未填写', date: '日期',
};

function localized(locale: ReturnType<typeof z.locales.en>, issue: z.core.$ZodIssue): string {
  const out = locale.localeError(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}

/** Plain Chinese for the issues people meet most; zod's own zh-CN wording for the rest. */
function zhMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return '必填';
  switch (issue.code) {
    case 'invalid_type':
      return `类型错误：应为${TYPE_ZH[issue.expected] ?? issue.expected}`;
    case 'too_big':
      if (issue.origin === 'string') return `长度不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `长度至少 ${issue.minimum} 个字符`;
      if (issue.origin === 'array') return `至少 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return localized(zhLocale, issue);
  }
}

function enMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'Required';
  return localized(enLocale, issue);
}

export function toFieldErrors(issues: readonly z.core.$ZodIssue[], part: string): FieldError[] {
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? [] : issue.path.map(String);
    const field = keys.length > 0 ? keys.join('.') : part;
    if (issue.message.includes(SEP) && issue.code !== 'invalid_type') {
      const [message = '', message_en = ''] = issue.message.split(SEP);
      return { field, message, message_en };
    }
    return { field, message: zhMessage(issue), message_en: enMessage(issue) };
  });
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => (data) => {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data };
  return { error: new RequestValidationError(toFieldErrors(result.error.issues, httpPart ?? 'body'), httpPart ?? 'body') };
};
