// The platform's trained classifiers (subject, type, unit), stored in `classifier_models` and kept in
// memory per platform. Suggestions must answer in milliseconds, so a request never reads a model
// from the database: it uses the kept ones, and at most once a MODEL_CHECK_MS it asks (one indexed
// query of ids) whether a newer model exists, here or trained by another instance, and loads only that.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from '../../db/connection.js';
import { TextClassifier, type ClassifierModel } from '../../text/classifier.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { tokenizerFor } from '../text/tokenizer.js';

export const TARGETS = ['subject', 'type', 'unit'] as const;
export type Target = (typeof TARGETS)[number];
export const isTarget = (v: string): v is Target => (TARGETS as readonly string[]).includes(v);

/** Models kept per target: the current one and the one before it (to compare, or to go back to). */
export const MODELS_KEPT = 2;
const MODEL_CHECK_MS = 60_000;

export interface LoadedModel {
  id: number;
  target: Target;
  trainedAt: Date;
  classifier: TextClassifier;
}

export interface PlatformModels {
  tokenizer: Tokenizer | null;
  models: Partial<Record<Target, LoadedModel>>;
}

export interface ModelMetrics {
  holdout: number;
  macroF1: number | null;
  accuracy: number | null;
  ece: number | null;
  seconds: number;
  skippedLabels: number;
}

/** Stores a freshly trained model and drops the older ones beyond MODELS_KEPT, in one transaction. */
export async function storeModel(db: Db, platformId: number, target: Target, classifier: TextClassifier, info: { examples: number; metrics: ModelMetrics; at: Date }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('classifier_models').values({
      platform_id: platformId, target, trained_at: info.at, examples: info.examples, labels: classifier.labels.length,
      metrics: JSON.stringify(info.metrics), model: gzipSync(JSON.stringify(classifier.toModel())),
    }).returning('id').executeTakeFirstOrThrow();
    const keep = tx.selectFrom('classifier_models').select('id').where('platform_id', '=', platformId).where('target', '=', target)
      .orderBy('trained_at', 'desc').orderBy('id', 'desc').limit(MODELS_KEPT);
    await tx.deleteFrom('classifier_models').where('platform_id', '=', platformId).where('target', '=', target).where('id', 'not in', keep).execute();
    return id;
  });
}

export interface ModelSummary {
  id: number;
  target: Target;
  trainedAt: string;
  examples: number;
  labels: number;
  metrics: Record<string, unknown>;
}

/** The current model of each target, without the model itself (for screens and the CLI). */
export async function currentModels(db: Db, platformId: number): Promise<ModelSummary[]> {
  const rows = await db.selectFrom('classifier_models').distinctOn('target')
    .select(['id', 'target', 'trained_at', 'examples', 'labels', 'metrics'])
    .where('platform_id', '=', platformId).orderBy('target').orderBy('trained_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, target: r.target, trainedAt: r.trained_at.toISOString(), examples: r.examples, labels: r.labels, metrics: r.metrics }));
}

interface Kept {
  checkedAt: number;
  value: PlatformModels;
}

const kept = new Map<number, Kept>();
const loading = new Map<number, Promise<PlatformModels>>();

/**
 * The platform's models, loaded on first use and kept (see the head of this file). Targets without
 * a trained model are simply absent.
 */
export function modelsFor(db: Db, platformId: number, now: number = Date.now()): Promise<PlatformModels> {
  const hit = kept.get(platformId);
  if (hit && now - hit.checkedAt < MODEL_CHECK_MS) return Promise.resolve(hit.value);
  let pending = loading.get(platformId);
  if (!pending) {
    pending = refresh(db, platformId, hit?.value ?? null, now).finally(() => loading.delete(platformId));
    loading.set(platformId, pending);
    // A failed load is tried again by the next request; with models kept, nobody awaits this one.
    if (hit) pending.catch(() => undefined);
  }
  // While a newer model loads, requests keep answering with the kept ones.
  return hit ? Promise.resolve(hit.value) : pending;
}

async function refresh(db: Db, platformId: number, previous: PlatformModels | null, now: number): Promise<PlatformModels> {
  const heads = await db.selectFrom('classifier_models').distinctOn('target').select(['id', 'target', 'trained_at'])
    .where('platform_id', '=', platformId).orderBy('target').orderBy('trained_at', 'desc').orderBy('id', 'desc').execute();
  // No model yet: nothing to cut text for, so the tokenizer is not even built (intake stays cheap).
  const tokenizer = heads.length === 0 ? null : await tokenizerFor(db, platformId);
  const models: Partial<Record<Target, LoadedModel>> = {};
  for (const head of heads) {
    const old = previous?.models[head.target];
    // The tokenizer is rebuilt when the platform's words change; a model keeps working with the new one.
    if (old && old.id === head.id && previous?.tokenizer === tokenizer) {
      models[head.target] = old;
      continue;
    }
    const row = await db.selectFrom('classifier_models').select('model').where('id', '=', head.id).executeTakeFirst();
    if (!row) continue;
    const model = JSON.parse(gunzipSync(row.model).toString('utf8')) as ClassifierModel;
    models[head.target] = { id: head.id, target: head.target, trainedAt: head.trained_at, classifier: TextClassifier.fromModel(model, tokenizer!) };
  }
  const value = { tokenizer, models };
  kept.set(platformId, { checkedAt: now, value });
  return value;
}

/** Drops the kept models (after training here, so the next request loads the new ones at once). */
export function forgetModels(platformId: number): void {
  kept.delete(platformId);
}
