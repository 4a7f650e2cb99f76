// SLA policies 时限策略: configuration as data. A new platform starts with DOMAIN.md §7's defaults.
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.js';
import type { SlaPoliciesTable } from '../db/schema.js';
import { DEFAULT_POLICIES } from '../domain/sla/policy.js';

/** Idempotent: only adds the default policies a platform lacks (by name). */
export async function seedDefaultPolicies(db: Db, platformId: number, now: Date): Promise<number> {
  const subjects = await db.selectFrom('subjects').select(['id', 'name']).where('platform_id', '=', platformId).where('level', '=', 2).execute();
  const rows = DEFAULT_POLICIES.flatMap((p): Insertable<SlaPoliciesTable>[] => {
    const base = {
      platform_id: platformId, priority: p.priority, match_type: p.type ?? null, match_urgency: p.urgency ?? null,
      sign_minutes: p.sign.minutes, sign_clock: p.sign.clock, reply_minutes: p.reply.minutes, reply_clock: p.reply.clock, created_at: now, updated_at: now,
    };
    if (!p.subjects) return [{ ...base, name: p.name, match_subject_id: null }];
    // One policy per subject node (水电气热: 供水, 供电, 燃气, 供热), named after both.
    return subjects.filter((s) => p.subjects!.includes(s.name)).map((s) => ({ ...base, name: `${p.name}·${s.name}`, match_subject_id: s.id }));
  });
  if (rows.length === 0) return 0;
  const inserted = await db.insertInto('sla_policies').values(rows)
    .onConflict((oc) => oc.columns(['platform_id', 'name']).doNothing()).returning('id').execute();
  return inserted.length;
}
