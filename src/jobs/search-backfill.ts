// Ticket search tokens for rows that have none (H-SEARCH, docs/search.md): after migration 0010 on
// an existing database, or rows written by a path that does not cut text. Each run fills at most
// MAX_BATCHES batches of 5,000 per platform, so a million untokenised tickets take a few runs and
// never one long one; the list search finds untokenised rows by ILIKE meanwhile. Safe to rerun or
// to run beside the use cases: the UPDATE skips a row whose text changed since it was read.
import type { Db } from '../db/connection.js';
import { reindexTickets } from '../services/tickets/search-tokens.js';
import { platformIds, type Job } from './runner.js';

export const SEARCH_BACKFILL_INTERVAL_MS = 5 * 60_000;
const MAX_BATCHES = 20;

/** One run over every platform; null when every ticket already had its tokens. */
export async function backfillSearchTokens(db: Db): Promise<{ written: number; pending: boolean } | null> {
  let written = 0;
  let pending = false;
  for (const id of await platformIds(db)) {
    const r = await reindexTickets(db, id, { maxBatches: MAX_BATCHES });
    written += r.written;
    pending ||= !r.done;
  }
  return written > 0 || pending ? { written, pending } : null;
}

export const searchBackfillJob = (): Job => ({
  name: 'search-backfill',
  intervalMs: SEARCH_BACKFILL_INTERVAL_MS,
  run: ({ db }) => backfillSearchTokens(db),
});
