// The dispatcher's queue work besides dispatching: merge duplicates 并单, split 拆单, mark invalid 无效.
import { AppError, fieldError } from '../../domain/errors.js';
import { nextState, OPEN_STATES, type TicketState } from '../../domain/tickets/machine.js';
import type { Ticket } from '../../db/schema.js';
import { appendEvents, authorize, lockTicket, runOnTicket, standingOf, type Doer, type Frame, type TicketDeps } from './context.js';
import { defaultTitle, nextTicketNumber } from './intake.js';
import { reasonRequired } from './helpers.js';
import { searchVector } from './search-tokens.js';
import { tokenizerFor } from '../text/tokenizer.js';

const state = (f: Frame) => f.ticket.state as TicketState;
const platformOnly = (f: Frame, action: Parameters<typeof authorize>[1]) => authorize(f.doer, action, standingOf(f.doer, null, f.assignments));

export interface MergeInput {
  masterId: number;
  note?: string | null;
  version?: number;
}

/** A duplicate joins its master: the master's outcome is reported to all its citizens. */
export async function merge(deps: TicketDeps, doer: Doer, ticketId: number, input: MergeInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'merge', now, { version: input.version }, async (f) => {
    platformOnly(f, 'merge');
    if (input.masterId === f.ticket.id) throw fieldError('masterId', '不能并入自身', 'a ticket cannot be merged into itself');
    const master = await lockTicket(f.tx, doer, input.masterId).catch((e: unknown) => {
      throw e instanceof AppError && e.status === 404 ? fieldError('masterId', '主工单不存在', 'the master ticket does not exist') : e;
    });
    if (!OPEN_STATES.includes(master.state as TicketState) && master.state !== 'closed') {
      throw new AppError(409, 'invalid_master', '主工单已并单、无效或归档，不能并入', 'The master ticket is merged, invalid or archived');
    }
    const to = nextState(state(f), 'merge');
    f.patch = { state: to, merged_into_id: master.id, due_at: null, due_warn_at: null, sla_level: 0 };
    f.events.push({ type: 'merged', from: state(f), to, data: { masterId: master.id, masterNumber: master.number, note: input.note ?? null } });
    await appendEvents(f.tx, master, doer, now, [{ type: 'merged_from', data: { ticketId: f.ticket.id, number: f.ticket.number } }]);
  });
  return ticket;
}

export interface SplitPart {
  title?: string | null;
  content: string;
  type?: string;
  subjectId?: number | null;
}

export interface SplitInput {
  parts: SplitPart[];
  version?: number;
}

/**
 * One call, two matters: the ticket keeps the first part and each further part becomes a new
 * ticket with the same caller, place and channel, pointing back to it.
 */
export async function split(deps: TicketDeps, doer: Doer, ticketId: number, input: SplitInput, now: Date): Promise<{ ticket: Ticket; created: Ticket[] }> {
  const { ticket, result } = await runOnTicket(deps, doer, ticketId, 'split', now, { version: input.version }, async (f) => {
    platformOnly(f, 'split');
    if (input.parts.length < 2) throw fieldError('parts', '拆单至少需要两部分', 'give at least two parts');
    input.parts.forEach((p, i) => {
      if (!p.content.trim()) throw fieldError(`parts.${i}.content`, '请填写内容', 'content is required');
    });
    const t = f.ticket;
    for (const [i, p] of input.parts.entries()) {
      if (p.type) {
        const ok = await f.tx.selectFrom('ticket_types').select('code').where('platform_id', '=', t.platform_id).where('code', '=', p.type).where('active', '=', true).executeTakeFirst();
        if (!ok) throw fieldError(`parts.${i}.type`, '诉求类型不存在', 'unknown type');
      }
      if (p.subjectId != null) {
        const ok = await f.tx.selectFrom('subjects').select('id').where('platform_id', '=', t.platform_id).where('id', '=', p.subjectId).where('active', '=', true).executeTakeFirst();
        if (!ok) throw fieldError(`parts.${i}.subjectId`, '诉求分类不存在', 'unknown subject');
      }
    }
    const [first, ...rest] = input.parts;
    const created: Ticket[] = [];
    const tokenizer = await tokenizerFor(deps.db, t.platform_id);
    for (const p of rest) {
      const row = await f.tx.insertInto('tickets').values({
        platform_id: t.platform_id, number: await nextTicketNumber(f.tx, t.platform_id, now), channel: t.channel, type: p.type ?? t.type,
        urgency: t.urgency, subject_id: p.subjectId ?? null, title: p.title?.trim() || defaultTitle(p.content), content: p.content.trim(),
        citizen_id: t.citizen_id, citizen_name: t.citizen_name, confidential: t.confidential, address: t.address, lng: t.lng, lat: t.lat,
        district_id: t.district_id, street_id: t.street_id, community_id: t.community_id, grid_id: t.grid_id, call_id: t.call_id,
        state: 'dispatching', accepted_at: t.accepted_at, split_from_id: t.id, source_unit_id: t.source_unit_id,
        created_by: 'system' in doer ? null : doer.userId, updated_at: now,
        search_tokens: searchVector(tokenizer, { title: p.title?.trim() || defaultTitle(p.content), content: p.content, address: t.address }),
      }).returningAll().executeTakeFirstOrThrow();
      await appendEvents(f.tx, row, doer, now, [{ type: 'accepted', to: 'dispatching', data: { splitFrom: t.id, splitFromNumber: t.number } }]);
      created.push(row);
    }
    // The kept part's new text is searchable at once (H-SEARCH); the row is locked, runOnTicket's update follows.
    await f.tx.updateTable('tickets').set({
      search_tokens: searchVector(tokenizer, { title: first!.title?.trim() || defaultTitle(first!.content), content: first!.content, address: t.address }),
    }).where('id', '=', t.id).execute();
    f.patch = {
      title: first!.title?.trim() || defaultTitle(first!.content), content: first!.content.trim(), type: first!.type ?? t.type,
      subject_id: first!.subjectId === undefined ? t.subject_id : first!.subjectId,
    };
    f.events.push({ type: 'split', data: { into: created.map((c) => ({ id: c.id, number: c.number })), before: { title: t.title, content: t.content } } });
    return created;
  });
  return { ticket, created: result };
}

export async function invalidate(deps: TicketDeps, doer: Doer, ticketId: number, input: { reason: string; version?: number }, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'invalidate', now, { version: input.version }, async (f) => {
    platformOnly(f, 'invalidate');
    const reason = reasonRequired(input.reason);
    const to = nextState(state(f), 'invalidate');
    f.patch = { state: to, invalid_reason: reason, due_at: null, due_warn_at: null, sla_level: 0 };
    f.events.push({ type: 'invalidated', from: state(f), to, data: { reason } });
  });
  return ticket;
}
