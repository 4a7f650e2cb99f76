// Expired sessions are deleted at their owner's next log-in (src/services/auth.ts); this sweep
// removes the rest, so users who never come back do not leave rows behind forever.
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';

/** Deletes sessions expired at `now`, a few thousand rows per statement (sessions_expires_idx). */
export async function deleteExpiredSessions(db: Db, now: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const { numAffectedRows } = await sql`delete from sessions where token_hash in
      (select token_hash from sessions where expires_at <= ${now} limit ${batchSize})`.execute(db);
    const n = Number(numAffectedRows ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
