-- Issue 5 §6: a unit's reply scored before review (src/text/reply-quality.ts, docs/reply-quality.md).
-- The scores sit on the assignment that replied, written in the reply's own transaction, so the
-- reviewer's queue shows them with the assignment it already loads and never recomputes them. A
-- reply sent back and answered again overwrites them; each reply's scores also stay in its
-- `replied` event. Nullable: replies made before this migration have none.
ALTER TABLE assignments
  ADD COLUMN reply_relevance real CHECK (reply_relevance BETWEEN 0 AND 1),
  ADD COLUMN reply_completeness real CHECK (reply_completeness BETWEEN 0 AND 1),
  ADD COLUMN reply_explanation real CHECK (reply_explanation BETWEEN 0 AND 1),
  ADD COLUMN reply_flags text[];
