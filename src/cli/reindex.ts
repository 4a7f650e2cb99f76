// `minsheng reindex [--tickets] [--all]`: the tickets' search tokens (H-SEARCH, docs/search.md).
// Without --all it fills the tickets that have none (what the search-backfill job does a slice of
// every five minutes); with --all it re-cuts every ticket with the dictionary as it is now, which
// is what a new word needs to be found in older tickets. Batches of 5,000 by id, one UPDATE each.
import type { Db } from '../db/connection.js';
import { platformIds } from '../jobs/runner.js';
import { REINDEX_BATCH, reindexTickets, type ReindexResult } from '../services/tickets/search-tokens.js';

export interface ReindexCliOptions {
  tickets?: boolean;
  all?: boolean;
  batchSize?: number;
}

export async function reindexCommand(db: Db, opts: ReindexCliOptions, log: (line: string) => void = console.log): Promise<ReindexResult[]> {
  // Tickets are the one index this command knows; --tickets names it so others can join later.
  const results: ReindexResult[] = [];
  for (const platformId of await platformIds(db)) {
    let said = Date.now();
    const r = await reindexTickets(db, platformId, {
      all: opts.all, batchSize: opts.batchSize ?? REINDEX_BATCH,
      onBatch: (p) => {
        if (Date.now() - said < 5_000) return;
        said = Date.now();
        log(`  platform ${platformId}: ${p.read.toLocaleString('en')} tickets cut so far`);
      },
    });
    log(`platform ${platformId}: ${opts.all ? 're-indexed' : 'backfilled'} ${r.written} tickets (${r.read} read, ${r.batches} batches) in ${(r.ms / 1000).toFixed(1)} s`);
    results.push(r);
  }
  return results;
}
