// Training the platform's suggestion models from its own closed tickets (issue 5 §2, DOMAIN.md §9):
//  - subject: the ticket's subject as it was closed (whatever level it was filed at; the console
//    shows its path, so a leaf suggestion also tells the levels above it);
//  - type: the ticket type code;
//  - unit: the primary unit that actually handled it, i.e. the top-level primary assignment that
//    was approved (state 'done'); a dispatch that was returned 退单 is never a label, so the model
//    learns where matters ended up, not where they were first sent. A territorial handler is
//    learnt as its level (属地街道 …), see unit-labels.ts.
// The newest `suggest.trainingCap` closed tickets are read (so training stays in seconds however old
// the platform is); labels with fewer than `suggest.minClassExamples` examples are left out (a model
// cannot learn a class from one or two tickets, and they would only add noise).
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { classifierText, evaluate, trainClassifier, type LabelledText, type TextClassifier } from '../../text/classifier.js';
import { hasRole, type Actor } from '../../domain/actor.js';
import { forbidden } from '../../domain/errors.js';
import { audit } from '../audit.js';
import { getSetting } from '../settings.js';
import { atPlatformRoot } from '../tickets/context.js';
import { platformTokenizer } from '../text/tokenizer.js';
import { forgetModels, storeModel, TARGETS, type ModelMetrics, type Target } from './models.js';
import { unitLabel } from './unit-labels.js';

export const DEFAULT_TRAINING_CAP = 50_000;
export const DEFAULT_MIN_CLASS_EXAMPLES = 3;
/** Share of the examples held out to measure the model (at most HOLDOUT_MAX tickets). */
const HOLDOUT_SHARE = 0.1;
const HOLDOUT_MAX = 5_000;
/** Below this many examples (after rare labels are dropped) there is nothing worth training. */
const MIN_EXAMPLES = 10;

export interface TrainingSet {
  subject: LabelledText[];
  type: LabelledText[];
  unit: LabelledText[];
}

/**
 * Title and content as the classifier reads them (classifierText: the title counts double). A title
 * that is only the content's opening (intake's default title) says nothing more and is left out.
 */
export function ticketText(title: string, content: string): string {
  const head = title.trim().replace(/…$/, '');
  return content.trim().startsWith(head) ? classifierText('', content) : classifierText(title, content);
}

/** The newest closed tickets' texts and labels, per target (two queries, both indexed). */
export async function trainingSet(db: Db, platformId: number, cap: number): Promise<TrainingSet> {
  const tickets = await db.selectFrom('tickets').select(['id', 'title', 'content', 'type', 'subject_id'])
    .where('platform_id', '=', platformId).where('closed_at', 'is not', null)
    .orderBy('closed_at', 'desc').limit(cap).execute();
  const ids = tickets.map((t) => t.id);
  const handlers = ids.length === 0 ? [] : await db.selectFrom('assignments as a').innerJoin('units as u', 'u.id', 'a.unit_id')
    .distinctOn('a.ticket_id').select(['a.ticket_id', 'a.unit_id', 'u.kind'])
    .where('a.platform_id', '=', platformId).where(sql<boolean>`a.ticket_id = any(${ids}::bigint[])`)
    .where('a.role', '=', 'primary').where('a.parent_assignment_id', 'is', null).where('a.state', '=', 'done')
    .orderBy('a.ticket_id').orderBy('a.id', 'desc').execute();
  const handler = new Map(handlers.map((h) => [h.ticket_id, unitLabel(h.unit_id, h.kind)]));
  const set: TrainingSet = { subject: [], type: [], unit: [] };
  for (const t of tickets) {
    const text = ticketText(t.title, t.content);
    set.type.push({ text, label: t.type });
    if (t.subject_id !== null) set.subject.push({ text, label: String(t.subject_id) });
    const unit = handler.get(t.id);
    if (unit !== undefined) set.unit.push({ text, label: unit });
  }
  return set;
}

/** Drops labels with fewer than `min` examples; says how many labels went. */
export function dropRareLabels(examples: readonly LabelledText[], min: number): { kept: LabelledText[]; dropped: number } {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const rare = new Set([...counts].filter(([, n]) => n < min).map(([l]) => l));
  return { kept: examples.filter((e) => !rare.has(e.label)), dropped: rare.size };
}

/**
 * A deterministic hold-out: every k-th example of each label (stratified, so rare labels are
 * measured too), the rest to train on. Deterministic so two runs on the same data agree.
 */
export function splitHoldout(examples: readonly LabelledText[], share = HOLDOUT_SHARE, max = HOLDOUT_MAX): { train: LabelledText[]; test: LabelledText[] } {
  const wanted = Math.min(max, Math.floor(examples.length * share));
  if (wanted === 0) return { train: [...examples], test: [] };
  const step = Math.max(2, Math.round(examples.length / wanted));
  const seen = new Map<string, number>();
  const train: LabelledText[] = [];
  const test: LabelledText[] = [];
  for (const e of examples) {
    const n = (seen.get(e.label) ?? 0) + 1;
    seen.set(e.label, n);
    // The label's 2nd, (2+step)th … example: a label with 3 examples gives one to the test, keeps two.
    ((n - 2) % step === 0 && n >= 2 ? test : train).push(e);
  }
  return { train, test };
}

export interface TargetResult {
  target: Target;
  trained: boolean;
  /** Why nothing was trained (too few examples or labels). */
  reason?: string;
  modelId?: number;
  examples: number;
  labels: number;
  metrics?: ModelMetrics;
}

export interface TrainOptions {
  targets?: readonly Target[];
  now: Date;
  /** Overrides the setting (tests, the CLI). */
  cap?: number;
  seed?: number;
}

/** Trains and stores the models of the given targets (all by default) for one platform. */
export async function trainPlatformModels(db: Db, platformId: number, options: TrainOptions): Promise<TargetResult[]> {
  const cap = options.cap ?? await getSetting(db, platformId, 'suggest.trainingCap', DEFAULT_TRAINING_CAP);
  const min = await getSetting(db, platformId, 'suggest.minClassExamples', DEFAULT_MIN_CLASS_EXAMPLES);
  const set = await trainingSet(db, platformId, cap);
  // A fresh tokenizer, not the kept one: the model's vocabulary is cut with today's words.
  const tokenizer = await platformTokenizer(db, platformId);
  const out: TargetResult[] = [];
  for (const target of options.targets ?? TARGETS) {
    const { kept, dropped } = dropRareLabels(set[target], min);
    const labels = new Set(kept.map((e) => e.label)).size;
    if (kept.length < MIN_EXAMPLES || labels < 2) {
      out.push({ target, trained: false, reason: `too few examples (${kept.length}) or labels (${labels})`, examples: kept.length, labels });
      continue;
    }
    const started = performance.now();
    const { train, test } = splitHoldout(kept);
    // The stored model is the one measured: the hold-out costs it 10% of the examples, and in
    // exchange the figure shown beside it is the model's own, not a sibling's.
    const classifier: TextClassifier = trainClassifier(train, tokenizer, { seed: options.seed ?? 1 });
    const report = test.length > 0 ? evaluate(classifier, test) : null;
    const metrics: ModelMetrics = {
      holdout: test.length, macroF1: report?.macroF1 ?? null, accuracy: report?.accuracy ?? null, ece: report?.ece ?? null,
      seconds: Math.round((performance.now() - started) / 10) / 100, skippedLabels: dropped,
    };
    const modelId = await storeModel(db, platformId, target, classifier, { examples: train.length, metrics, at: options.now });
    out.push({ target, trained: true, modelId, examples: train.length, labels: classifier.labels.length, metrics });
  }
  forgetModels(platformId);
  return out;
}

/** An administrator's "train now" (the console, after importing history): audited, then the same training as the nightly job. */
export async function trainNow(db: Db, actor: Actor, target: Target | undefined, now: Date): Promise<TargetResult[]> {
  if (!hasRole(actor, 'admin') || !atPlatformRoot(actor)) throw forbidden('训练推荐模型');
  const results = await trainPlatformModels(db, actor.platformId, { targets: target ? [target] : undefined, now });
  await audit(db, {
    platformId: actor.platformId, actor, action: 'suggest.train', targetType: 'classifier_models',
    details: Object.fromEntries(results.map((r) => [r.target, r.trained ? { modelId: r.modelId, examples: r.examples, labels: r.labels, macroF1: r.metrics?.macroF1 ?? null } : r.reason ?? null])), at: now,
  });
  return results;
}

/** The instant of the latest 02:00 in Shanghai at or before `now` (the nightly training mark). */
export function lastNightlyMark(now: Date, hour = 2): Date {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const mark = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate(), hour) - 8 * 3_600_000;
  return new Date(mark <= now.getTime() ? mark : mark - 86_400_000);
}

/** Window after the mark in which the nightly job trains; a night the server was down is skipped. */
export const NIGHTLY_WINDOW_MS = 4 * 3_600_000;

/**
 * Whether the platform is due for its nightly training: inside the window after 02:00 Shanghai
 * and no model trained since that mark. The model rows themselves are the record, so a rerun (or
 * a second instance that briefly thought it led) finds the work done.
 */
export async function nightlyDue(db: Db, platformId: number, now: Date): Promise<boolean> {
  const mark = lastNightlyMark(now);
  if (now.getTime() - mark.getTime() >= NIGHTLY_WINDOW_MS) return false;
  const newest = await db.selectFrom('classifier_models').select('trained_at').where('platform_id', '=', platformId)
    .orderBy('trained_at', 'desc').limit(1).executeTakeFirst();
  return !newest || newest.trained_at < mark;
}
