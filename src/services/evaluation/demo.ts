// The demo city's evaluation template, so the 考评 page is not empty on first start: every unit
// directly under the city (districts, city departments, enterprises, committees) evaluated under the
// default template (src/domain/evaluation/template.ts, after seed 000/001 practice); districts are
// the key units 重点服务单位 that get an on-site score at the end of the year.
import { DEFAULT_TEMPLATE } from '../../domain/evaluation/index.js';
import type { Db } from '../../db/connection.js';

export const DEMO_TEMPLATE_CODE = 'default';

export async function seedDemoEvaluation(tx: Db, platformId: number, now: Date): Promise<number> {
  const root = await tx.selectFrom('units').select('id').where('platform_id', '=', platformId).where('parent_id', 'is', null).executeTakeFirst();
  if (!root) return 0;
  const members = await tx.selectFrom('units').select(['id', 'kind']).where('platform_id', '=', platformId).where('parent_id', '=', root.id)
    .where('active', '=', true).orderBy('sort_order').orderBy('id').execute();
  await tx.insertInto('evaluation_templates').values({
    platform_id: platformId, code: DEMO_TEMPLATE_CODE, version: 1, name: '成员单位月度考评', body: JSON.stringify(DEFAULT_TEMPLATE), active: true, created_by: null, created_at: now,
  }).onConflict((oc) => oc.doNothing()).execute();
  if (members.length) {
    await tx.insertInto('evaluation_units').values(members.map((m) => ({ platform_id: platformId, template_code: DEMO_TEMPLATE_CODE, unit_id: m.id, key_unit: m.kind === 'district' })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
  return members.length;
}
