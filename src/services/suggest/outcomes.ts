// Recording suggestions against choices (issue 5): the server itself computes, at intake and at
// dispatch, what it would have suggested for the ticket's text and records it beside what the user
// chose, in the use case's own transaction. So the figure does not depend on the console having
// shown (or the user having looked at) the suggestion, a client cannot forge it, and an API client
// that never asks for suggestions is measured all the same: the rate says how often the model
// agreed with the people, which is what the office wants to know before it trusts the model.
// The models are in memory (models.ts), so the cost is a prediction or two and one insert.
import type { Db } from '../../db/connection.js';
import type { Insertable } from 'kysely';
import type { SuggestionOutcomesTable, Ticket } from '../../db/schema.js';
import type { DispatchProposal } from '../dispatch/proposal.js';
import { isSystem, type Doer } from '../tickets/context.js';
import { modelsFor, type LoadedModel, type PlatformModels } from './models.js';
import { ticketText } from './train.js';
import { resolveUnitLabel } from './unit-labels.js';

type Row = Insertable<SuggestionOutcomesTable>;

function modelRow(model: LoadedModel | undefined, text: string, base: Omit<Row, 'source' | 'target' | 'suggested' | 'probability' | 'chosen' | 'accepted' | 'model_id'>, target: Row['target'], chosen: string): Row | null {
  if (!model) return null;
  const [top] = model.classifier.predict(text, 1);
  if (!top) return null;
  return { ...base, source: 'model', target, model_id: model.id, suggested: top.label, probability: clamp(top.probability), chosen, accepted: top.label === chosen };
}

const clamp = (p: number) => Math.min(1, Math.max(0, p));

/**
 * The models, or none when they cannot be loaded (a model row that does not parse): a suggestion
 * is a help, and failing to measure one must never stop a ticket from being registered or dispatched.
 */
async function modelsOrNothing(db: Db, platformId: number): Promise<PlatformModels['models']> {
  try {
    return (await modelsFor(db, platformId)).models;
  } catch (e) {
    console.error('[minsheng] suggestion models could not be loaded; outcomes not recorded', e);
    return {};
  }
}

/**
 * At intake: the subject and type models' first suggestion against the operator's choice. A ticket
 * registered without a subject records no subject outcome (nothing was chosen to compare with);
 * what the citizen API or the system registers is not a person's choice and is not recorded.
 * `db` loads the models (outside the transaction); `tx` is the intake's transaction.
 */
export async function recordIntakeOutcomes(db: Db, tx: Db, ticket: Ticket, doer: Doer, now: Date): Promise<void> {
  if (isSystem(doer)) return;
  const models = await modelsOrNothing(db, ticket.platform_id);
  if (!models.subject && !models.type) return;
  const text = ticketText(ticket.title, ticket.content);
  const base = { platform_id: ticket.platform_id, ticket_id: ticket.id, assignment_id: null, stage: 'intake' as const, actor_id: doer.userId, at: now };
  const rows = [
    ticket.subject_id === null ? null : modelRow(models.subject, text, base, 'subject', String(ticket.subject_id)),
    modelRow(models.type, text, base, 'type', ticket.type),
  ].filter((r): r is Row => r !== null);
  if (rows.length > 0) await tx.insertInto('suggestion_outcomes').values(rows).execute();
}

export interface DispatchChoice {
  ticket: Ticket;
  /** The primary assignment the dispatch created. */
  assignmentId: number;
  primaryUnitId: number;
  proposal: DispatchProposal | null;
}

/**
 * At dispatch: the catalogue's proposal (when there was one) and the unit model's first suggestion,
 * each against the primary unit chosen. The dispatch event keeps its own `followedProposal`
 * (primary and assisting units alike); here only the primary counts, as transfer accuracy does.
 */
export async function recordDispatchOutcomes(db: Db, tx: Db, choice: DispatchChoice, doer: Doer, now: Date): Promise<void> {
  if (isSystem(doer)) return;
  const { ticket, assignmentId, primaryUnitId, proposal } = choice;
  const chosen = String(primaryUnitId);
  const base = { platform_id: ticket.platform_id, ticket_id: ticket.id, assignment_id: assignmentId, stage: 'dispatch' as const, actor_id: doer.userId, at: now };
  const rows: Row[] = [];
  if (proposal) {
    rows.push({ ...base, source: 'catalogue', target: 'unit', model_id: null, suggested: String(proposal.primaryUnitId), probability: null, chosen, accepted: proposal.primaryUnitId === primaryUnitId });
  }
  const models = await modelsOrNothing(db, ticket.platform_id);
  if (models.unit) {
    // The first suggestion that is a unit for this ticket (a level resolves to the ticket's own unit there).
    const area = { districtId: ticket.district_id, streetId: ticket.street_id, communityId: ticket.community_id, gridId: ticket.grid_id };
    const top = models.unit.classifier.predict(ticketText(ticket.title, ticket.content), 6)
      .map((p) => ({ p, unit: resolveUnitLabel(p.label, area) })).find((x) => x.unit !== null);
    if (top) {
      const suggested = String(top.unit!.unitId);
      rows.push({ ...base, source: 'model', target: 'unit', model_id: models.unit.id, suggested, probability: clamp(top.p.probability), chosen, accepted: suggested === chosen });
    }
  }
  if (rows.length > 0) await tx.insertInto('suggestion_outcomes').values(rows).execute();
}
