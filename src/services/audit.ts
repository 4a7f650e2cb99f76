import type { Actor } from '../domain/actor.js';
import type { Db } from '../db/connection.js';

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
    ip: entry.ip ?? null,
  }).execute();
}
