// `minsheng train [--target subject|type|unit|all]`: trains the suggestion models of every platform
// from its newest closed tickets now (the nightly job does the same after 02:00 Shanghai) and
// prints, per target, the examples, classes, hold-out macro-F1 and the seconds it took.
import type { Db } from '../db/connection.js';
import { platformIds } from '../jobs/runner.js';
import { isTarget, TARGETS, type Target } from '../services/suggest/models.js';
import { trainPlatformModels, type TargetResult } from '../services/suggest/train.js';

/** 'all' or one target; anything else is an error message. */
export function parseTarget(value: string): readonly Target[] | string {
  if (value === 'all') return TARGETS;
  return isTarget(value) ? [value] : `--target must be subject, type, unit or all, got "${value}"`;
}

export function formatResult(platformId: number, r: TargetResult): string {
  if (!r.trained) return `platform ${platformId} ${r.target}: not trained: ${r.reason}`;
  const f1 = r.metrics?.macroF1 == null ? 'n/a' : r.metrics.macroF1.toFixed(3);
  const acc = r.metrics?.accuracy == null ? 'n/a' : r.metrics.accuracy.toFixed(3);
  return `platform ${platformId} ${r.target}: examples ${r.examples}, classes ${r.labels}, hold-out ${r.metrics?.holdout ?? 0} macro-F1 ${f1} accuracy ${acc}, ${r.metrics?.seconds ?? 0}s`;
}

export async function trainCommand(db: Db, targets: readonly Target[], now: Date, print: (line: string) => void = console.log): Promise<TargetResult[]> {
  const all: TargetResult[] = [];
  for (const id of await platformIds(db)) {
    const results = await trainPlatformModels(db, id, { targets, now });
    for (const r of results) print(formatResult(id, r));
    all.push(...results);
  }
  return all;
}
