// Suggestions at intake (subject, type) and at dispatch (units) (issue 5, DOMAIN.md §9). Units: the
// dispatch catalogue's rule first (it is the platform's own decision, and it names assisting units
// and the SLA policy), then what the unit model learnt from where similar tickets were handled.
// Everything a request needs is in memory (models, tokenizer, the catalogue's names), so an answer
// costs a few predictions and the catalogue proposal's own queries.
import { hasRole, type Actor } from '../../domain/actor.js';
import { fieldError, forbidden, notFound } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import type { Prediction } from '../../text/classifier.js';
import { proposeDispatchNamed, type DispatchFacts } from '../dispatch/proposal.js';
import { resolveLocation } from '../location.js';
import { ticketVisibleTo } from '../tickets/context.js';
import { modelsFor } from './models.js';
import { ticketText } from './train.js';
import { AREA_PREFIX, levelName, resolveUnitLabel } from './unit-labels.js';
import type { AreaLevel } from '../../domain/routing.js';

export interface SuggestInput {
  /** At dispatch: the ticket's own text, subject and place (scoped like every ticket read). */
  ticketId?: number;
  title?: string | null;
  content?: string | null;
  address?: string | null;
  districtId?: number | null;
  /** The subject already chosen, for the catalogue rule; without one the model's first subject is used. */
  subjectId?: number | null;
}

export interface SubjectLevel {
  subjectId: number;
  name: string;
  /** Summed over every suggested subject below this one: how sure the model is of the level. */
  probability: number;
}

export interface SubjectSuggestion {
  subjectId: number;
  /** Names from the root down to the subject. */
  path: string[];
  /** The same path with each level's rolled-up probability. */
  levels: SubjectLevel[];
  probability: number;
}

export interface TypeSuggestion {
  code: string;
  name: string;
  probability: number;
}

export interface UnitSuggestion {
  unitId: number;
  name: string;
  source: 'catalogue' | 'model';
  probability: number | null;
  reason: string;
  /** The catalogue's proposal also names assisting units. */
  assistingUnits?: { id: number; name: string }[];
}

/** The model's view that the matter is a locality's, when the ticket is not located that far. */
export interface AreaHint {
  level: string;
  levelName: string;
  probability: number;
}

export interface Suggestions {
  /** False while the platform has no trained model: the model lists are then empty. */
  model: boolean;
  /** Set when the unit model's likeliest answer is 属地 (a level) the ticket's place does not reach. */
  areaHint?: AreaHint;
  subjects: SubjectSuggestion[];
  types: TypeSuggestion[];
  units: UnitSuggestion[];
}

export const TOP = 3;
const NAMES_TTL_MS = 60_000;

/** Who may ask: the front desk and the dispatchers (and administrators, who set the models up). */
export const canSuggest = (actor: Actor): boolean => hasRole(actor, 'operator', 'dispatcher', 'admin');

interface Names {
  at: number;
  subjects: Map<number, { name: string; path: string; active: boolean }>;
  types: Map<string, { name: string; active: boolean }>;
  units: Map<number, { name: string; active: boolean }>;
}

const namesKept = new Map<number, Names>();

/** Names of subjects, types and units, kept a minute: the catalogue changes rarely, suggestions often. */
async function namesFor(db: Db, platformId: number, now = Date.now()): Promise<Names> {
  const hit = namesKept.get(platformId);
  if (hit && now - hit.at < NAMES_TTL_MS) return hit;
  const [subjects, types, units] = await Promise.all([
    db.selectFrom('subjects').select(['id', 'name', 'path', 'active']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('ticket_types').select(['code', 'name', 'active']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('units').select(['id', 'name', 'active']).where('platform_id', '=', platformId).execute(),
  ]);
  const names: Names = {
    at: now,
    subjects: new Map(subjects.map((s) => [s.id, { name: s.name, path: s.path, active: s.active }])),
    types: new Map(types.map((t) => [t.code, { name: t.name, active: t.active }])),
    units: new Map(units.map((u) => [u.id, { name: u.name, active: u.active }])),
  };
  namesKept.set(platformId, names);
  return names;
}

const round = (p: number) => Math.round(p * 1000) / 1000;
const pathIds = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

/** The top subjects (active ones only), each with its path and every level's rolled-up probability. */
export function subjectSuggestions(predictions: readonly Prediction[], names: Names['subjects'], top = TOP): SubjectSuggestion[] {
  const levelSum = new Map<number, number>();
  for (const p of predictions) {
    const s = names.get(Number(p.label));
    if (!s) continue;
    for (const id of pathIds(s.path)) levelSum.set(id, (levelSum.get(id) ?? 0) + p.probability);
  }
  const out: SubjectSuggestion[] = [];
  for (const p of predictions) {
    if (out.length >= top) break;
    const id = Number(p.label);
    const s = names.get(id);
    if (!s || !s.active) continue;
    const levels = pathIds(s.path).map((lid) => ({ subjectId: lid, name: names.get(lid)?.name ?? String(lid), probability: round(levelSum.get(lid) ?? 0) }));
    out.push({ subjectId: id, path: levels.map((l) => l.name), levels, probability: round(p.probability) });
  }
  return out;
}

interface Facts extends DispatchFacts {
  text: string;
}

async function factsOf(db: Db, actor: Actor, input: SuggestInput): Promise<Facts> {
  if (input.ticketId !== undefined) {
    const t = await db.selectFrom('tickets').select(['title', 'content', 'subject_id', 'district_id', 'street_id', 'community_id', 'grid_id'])
      .where('tickets.id', '=', input.ticketId).where(ticketVisibleTo(actor)).executeTakeFirst();
    if (!t) throw notFound('工单', 'ticket');
    return {
      text: ticketText(t.title, t.content), subjectId: input.subjectId ?? t.subject_id,
      districtId: t.district_id, streetId: t.street_id, communityId: t.community_id, gridId: t.grid_id,
    };
  }
  const content = input.content?.trim() ?? '';
  const title = input.title?.trim() ?? '';
  if (!content && !title) throw fieldError('content', '请填写诉求内容', 'content is required');
  const area = input.address?.trim() ? await resolveLocation(db, actor.platformId, { address: input.address }) : null;
  // A district named by the operator wins; the lower levels found from the address stay only inside it.
  const inside = input.districtId == null || area?.districtId === input.districtId;
  return {
    text: title && content ? ticketText(title, content) : title || content,
    subjectId: input.subjectId ?? null,
    districtId: input.districtId ?? area?.districtId ?? null,
    streetId: inside ? area?.streetId ?? null : null, communityId: inside ? area?.communityId ?? null : null, gridId: inside ? area?.gridId ?? null : null,
  };
}

export async function suggest(db: Db, actor: Actor, input: SuggestInput): Promise<Suggestions> {
  if (!canSuggest(actor)) throw forbidden('智能推荐');
  const facts = await factsOf(db, actor, input);
  const [{ models }, names] = await Promise.all([modelsFor(db, actor.platformId), namesFor(db, actor.platformId)]);

  const subjects = models.subject ? subjectSuggestions(models.subject.classifier.predict(facts.text), names.subjects) : [];
  const types = models.type
    ? models.type.classifier.predict(facts.text, TOP + 2)
      .filter((p) => names.types.get(p.label)?.active)
      .slice(0, TOP)
      .map((p) => ({ code: p.label, name: names.types.get(p.label)!.name, probability: round(p.probability) }))
    : [];

  const units: UnitSuggestion[] = [];
  let areaHint: AreaHint | undefined;
  // The catalogue needs a subject: the one chosen, else the model's first (and the reason says so).
  const subjectFromModel = facts.subjectId === null && subjects.length > 0;
  const subjectId = facts.subjectId ?? subjects[0]?.subjectId ?? null;
  const proposal = subjectId === null ? null : await proposeDispatchNamed(db, actor.platformId, { ...facts, subjectId });
  if (proposal) {
    units.push({
      unitId: proposal.primaryUnitId, name: proposal.primaryUnit.name, source: 'catalogue', probability: null,
      reason: subjectFromModel ? `${proposal.reason}（按推荐分类“${names.subjects.get(subjectId!)?.name ?? subjectId}”）` : proposal.reason,
      assistingUnits: proposal.assistingUnits.map((u) => ({ id: u.id, name: u.name })),
    });
  }
  if (models.unit) {
    for (const p of models.unit.classifier.predict(facts.text, TOP + 5)) {
      if (units.filter((u) => u.source === 'model').length >= TOP) break;
      const resolved = resolveUnitLabel(p.label, facts);
      const level = p.label.startsWith(AREA_PREFIX) ? p.label.slice(AREA_PREFIX.length) : null;
      if (!resolved && level && !areaHint && units.every((u) => u.source === 'catalogue')) {
        areaHint = { level, levelName: levelName(level as AreaLevel), probability: round(p.probability) };
      }
      const unit = resolved && names.units.get(resolved.unitId);
      if (!resolved || !unit?.active || units.some((u) => u.unitId === resolved.unitId)) continue;
      const who = resolved.level ? `属地${levelName(resolved.level)}` : '该单位';
      units.push({
        unitId: resolved.unitId, name: unit.name, source: 'model', probability: round(p.probability),
        reason: `相似工单多由${who}办结（模型估计 ${p.probability < 0.01 ? '不足 1' : Math.round(p.probability * 100)}%）`,
      });
    }
  }
  return { model: Object.keys(models).length > 0, ...(areaHint ? { areaHint } : {}), subjects, types, units };
}
