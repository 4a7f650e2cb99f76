// zod pieces shared by the routes: each serves validation, the handler's types and /docs.
import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { UNIT_KINDS } from '../domain/units.js';
import { bi } from './validation.js';

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const role = z.enum(ROLES);
export const unitKind = z.enum(UNIT_KINDS);

export const name = (max: number) => z.string().trim().min(1).max(max);

/** A rejected row of an import: its line in the file, the column, and why (zh/en). */
export const rowError = z.object({ row: z.number(), field: z.string(), message: z.string(), message_en: z.string() });

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string(), message_en: z.string() });
export const errorSchema = z.object({
  // Loose: a conflict carries what it conflicted on (the current version, the state).
  error: z.looseObject({
    code: z.string(), message: z.string(), message_en: z.string(), fields: z.array(fieldErrorSchema).optional(),
    retryAfter: z.number().optional().describe('seconds, with 423 account_locked'),
    version: z.number().optional().describe('with 409 version_conflict: the current version'),
    state: z.string().optional().describe('with 409 invalid_state: the ticket\'s state'),
  }),
}).describe('Error: {error:{code,message,message_en,fields?}}');

export const userSchema = z.object({
  id: z.number(), username: z.string(), displayName: z.string(), unitId: z.number(), unitName: z.string(), unitKind: z.string(),
  roles: z.array(role), active: z.boolean(), locked: z.boolean(), lastLoginAt: z.string().nullable(),
});

export const unitSchema = z.object({
  id: z.number(), parentId: z.number().nullable(), kind: unitKind, code: z.string(), name: z.string(), shortName: z.string().nullable(),
  sortOrder: z.number(), active: z.boolean(), depth: z.number(),
});

export const username = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9_.-]{2,32}$/, bi('用户名须为 2–32 位小写字母、数字、下划线、点或横线', 'user name: 2–32 lowercase letters, digits, _ . -'));

export const password = z.string().min(1).max(128);

export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 423 | 503)[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));

/** A node of a tree answer (units, subjects): the row and its children, recursively. */
export function treeOf<T extends z.ZodObject>(node: T) {
  const recursive: z.ZodType = node.extend({ get children() { return z.array(recursive); } });
  return z.object({ tree: z.array(recursive) });
}
