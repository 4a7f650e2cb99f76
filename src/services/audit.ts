import { hasRole, type Actor } from '../domain/actor.js';
import { forbidden } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { escapeLike } from '../db/like.js';

export interface AuditEntry {
  platformId: number;
  actor?: Actor | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
  ip?: string | null;
  at: Date;
}

/** The old values of the fields an update names, so the audit log reads "from → to". */
export const beforeValues = (current: Record<string, unknown>, input: object): Record<string, unknown> =>
  Object.fromEntries(Object.keys(input).filter((k) => k in current).map((k) => [k, current[k]]));

/** Appends to the audit log inside the caller's transaction, so the change and its record commit together. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    platform_id: entry.platformId,
    at: entry.at,
    actor_id: entry.actor?.userId ?? null,
    actor_unit_id: entry.actor?.unitId ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId === undefined ? null : String(entry.targetId),
    details: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? entry.actor?.ip ?? null,
  }).execute();
}

export interface AuditFilter {
  action?: string;
  actorId?: number;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface AuditView {
  id: number;
  at: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  actorUnitName: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** The audit log, newest first: platform administrators only (it records every unit's changes and log-ins). */
export async function listAudit(db: Db, actor: Actor, filter: AuditFilter) {
  if (!hasRole(actor, 'admin')) throw forbidden('查看操作日志');
  let q = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id').leftJoin('units', 'units.id', 'audit_log.actor_unit_id')
    .where('audit_log.platform_id', '=', actor.platformId);
  if (filter.action) q = q.where('audit_log.action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.actorId !== undefined) q = q.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.targetType) q = q.where('audit_log.target_type', '=', filter.targetType);
  if (filter.targetId) q = q.where('audit_log.target_id', '=', filter.targetId);
  if (filter.from) q = q.where('audit_log.at', '>=', filter.from);
  if (filter.to) q = q.where('audit_log.at', '<', filter.to);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    q.select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.actor_id', 'users.display_name', 'units.name as unit_name',
      'audit_log.target_type', 'audit_log.target_id', 'audit_log.details', 'audit_log.ip'])
      .orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc')
      .limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute(),
  ]);
  return {
    items: rows.map((r): AuditView => ({
      id: r.id, at: r.at.toISOString(), action: r.action, actorId: r.actor_id, actorName: r.display_name, actorUnitName: r.unit_name,
      targetType: r.target_type, targetId: r.target_id, details: r.details, ip: r.ip,
    })),
    total: Number(total), page: filter.page, pageSize: filter.pageSize,
  };
}
