// 「合并到此单」 at intake: the call is registered and merged into the ticket it duplicates in one
// step and one transaction. It is the platform's own 并单 (../tickets/queue.ts merge): the new
// ticket ends in state merged with merged_into_id, both tickets get their event (merged /
// merged_from), and the caller follows the master's progress and outcome (citizen API). A refused
// merge (master merged, invalid or archived; a role that may not merge) registers nothing.
import type { Ticket } from '../../db/schema.js';
import { inTransaction, type Doer, type TicketDeps } from '../tickets/context.js';
import { intake, type IntakeInput } from '../tickets/intake.js';
import { merge } from '../tickets/queue.js';

export interface IntakeMergeInput {
  ticket: IntakeInput;
  masterId: number;
  note?: string | null;
}

export async function intakeAsDuplicate(deps: TicketDeps, doer: Doer, input: IntakeMergeInput, now: Date): Promise<{ ticket: Ticket; masterId: number }> {
  return inTransaction(deps.db, async (tx) => {
    const inTx = { ...deps, db: tx };
    const { ticket: created } = await intake(inTx, doer, input.ticket, now);
    const ticket = await merge(inTx, doer, created.id, { masterId: input.masterId, note: input.note?.trim() || '受理时发现重复，合并办理', version: created.version }, now);
    return { ticket, masterId: input.masterId };
  });
}
