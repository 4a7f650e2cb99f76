-- Issue 5 §3 (H-SEARCH): Chinese full-text search of tickets. The application fills search_tokens
-- (no triggers on ticket tables): jieba's search-mode words of the title (weight A), the address (B)
-- and the content (D), joined by spaces and read by to_tsvector('simple'), at intake, when a use
-- case changes the text, in the bulk loaders, and by the backfill/reindex (`minsheng reindex`).
-- NULL means "not tokenised yet": such rows are still found by the old ILIKE while the backfill runs.
ALTER TABLE tickets ADD COLUMN search_tokens tsvector;

-- No platform_id in this GIN index: it would add the platform's posting list (every row) to each
-- search, and under Citus each shard's index already holds only its platforms' rows.
CREATE INDEX tickets_search_tokens_idx ON tickets USING gin (search_tokens);

-- The backfill's work list, and the cheap "is anything still untokenised?" check of the search.
CREATE INDEX tickets_search_pending_idx ON tickets (platform_id, id) WHERE search_tokens IS NULL;

-- Near spellings of addresses use 0007's trigram index on tickets.address (pg_trgm, word_similarity).
