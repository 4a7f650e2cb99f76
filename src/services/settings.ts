import type { Db } from '../db/connection.js';

/** A platform setting (configuration is data); `fallback` when the administrator has set none. */
export async function getSetting<T>(db: Db, platformId: number, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('platform_id', '=', platformId).where('key', '=', key).executeTakeFirst();
  return row ? (row.value as T) : fallback;
}

export async function putSetting(db: Db, platformId: number, key: string, value: unknown, now: Date): Promise<void> {
  await db.insertInto('settings')
    .values({ platform_id: platformId, key, value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.columns(['platform_id', 'key']).doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();
}
