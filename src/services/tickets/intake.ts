// Intake 受理: a call or message becomes a numbered ticket with its citizen, place and event.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { localDate } from '../../domain/calendar/index.js';
import { hasRole } from '../../domain/actor.js';
import { AppError, fieldError, forbidden } from '../../domain/errors.js';
import { checkIdNumber, checkPhone, maskPhone } from '../../domain/privacy.js';
import type { Db } from '../../db/connection.js';
import type { Ticket } from '../../db/schema.js';
import { resolveLocation } from '../location.js';
import { recordIntakeOutcomes } from '../suggest/outcomes.js';
import type { Vault } from '../privacy/vault.js';
import { checkRepeatAtIntake } from '../repeats/repeats.js';
import { appendEvents, inTransaction, isSystem, type Doer, type TicketDeps } from './context.js';
import { searchVector } from './search-tokens.js';
import { tokenizerFor } from '../text/tokenizer.js';

export interface CitizenInput {
  name?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  company?: string | null;
  confidential?: boolean;
}

export interface IntakeInput {
  channel: string;
  type: string;
  urgency?: string;
  subjectId?: number | null;
  title?: string | null;
  content: string;
  citizen?: CitizenInput | null;
  location?: { address?: string | null; lng?: number | null; lat?: number | null } | null;
  callId?: string | null;
}

export interface IntakeOptions {
  /** Same key, same ticket: a retried request does not register the call twice. */
  idempotencyKey?: string;
  /**
   * Where the ticket starts. Staff intake sends it straight to the dispatch queue; what citizens
   * submit themselves waits in 已受理 for an operator to check (accept it by dispatching or
   * answering, or mark it invalid).
   */
  initialState?: 'dispatching' | 'accepted';
}

export interface IntakeResult {
  ticket: Ticket;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** Channel, type and urgency in one round trip: each must exist and be active. */
async function checkCodes(db: Db, platformId: number, codes: { channel: string; type: string; urgency: string }) {
  const rows = await db.selectFrom('channels').select([sql<string>`'channel'`.as('list'), 'code', 'active'])
    .where('platform_id', '=', platformId).where('code', '=', codes.channel)
    .unionAll(db.selectFrom('ticket_types').select([sql<string>`'type'`.as('list'), 'code', 'active']).where('platform_id', '=', platformId).where('code', '=', codes.type))
    .unionAll(db.selectFrom('urgency_levels').select([sql<string>`'urgency'`.as('list'), 'code', 'active']).where('platform_id', '=', platformId).where('code', '=', codes.urgency))
    .execute();
  const labels = { channel: '来源', type: '诉求类型', urgency: '紧急程度' } as const;
  for (const field of ['channel', 'type', 'urgency'] as const) {
    if (!rows.some((r) => r.list === field && r.active)) {
      throw fieldError(field, `${labels[field]}“${codes[field]}”不存在或已停用`, `unknown or disabled ${field} "${codes[field]}"`);
    }
  }
}

/** Find or create the caller by the keyed hash of their phone; the phone itself is stored sealed. */
export async function upsertCitizen(db: Db, vault: Vault, platformId: number, c: CitizenInput, now: Date): Promise<{ id: number; name: string | null } | null> {
  const name = c.name?.trim() || null;
  const phone = c.phone ? checkPhone(c.phone) : null;
  const idNumber = c.idNumber ? checkIdNumber(c.idNumber) : null;
  const company = c.company?.trim() || null;
  if (!name && !phone && !idNumber && !company) return null;
  const values = {
    platform_id: platformId, name, company, created_at: now, updated_at: now,
    phone_enc: phone && vault.encrypt(phone), phone_hash: phone && vault.hash(phone), phone_mask: phone && maskPhone(phone),
    id_enc: idNumber && vault.encrypt(idNumber), id_hash: idNumber && vault.hash(idNumber),
  };
  if (!phone) return db.insertInto('citizens').values(values).returning(['id', 'name']).executeTakeFirstOrThrow();
  return db.insertInto('citizens').values(values)
    .onConflict((oc) => oc.columns(['platform_id', 'phone_hash']).where('phone_hash', 'is not', null).doUpdateSet({
      name: sql`coalesce(excluded.name, citizens.name)`, company: sql`coalesce(excluded.company, citizens.company)`,
      id_enc: sql`coalesce(excluded.id_enc, citizens.id_enc)`, id_hash: sql`coalesce(excluded.id_hash, citizens.id_hash)`, updated_at: now,
    }))
    .returning(['id', 'name']).executeTakeFirstOrThrow();
}

/**
 * 202611210001: the Shanghai date and that day's sequence, 4 digits (more past 9,999 a day). The
 * counter row is every intake's hot spot, so intake takes its number in a transaction of its own
 * (`db`, not the intake's `tx`): the row lock lasts one statement instead of the whole intake and its
 * commit. A number taken by an intake that then fails leaves a gap, never a duplicate.
 */
export async function nextTicketNumber(db: Db, platformId: number, now: Date): Promise<string> {
  const day = localDate(now);
  const { last } = await db.insertInto('ticket_counters').values({ platform_id: platformId, day, last: 1 })
    .onConflict((oc) => oc.columns(['platform_id', 'day']).doUpdateSet({ last: sql`ticket_counters.last + 1` }))
    .returning('last').executeTakeFirstOrThrow();
  return day.replaceAll('-', '') + String(last).padStart(4, '0');
}

const requestHash = (input: IntakeInput): string => createHash('sha256').update(JSON.stringify(input)).digest('base64url');

export function defaultTitle(content: string): string {
  const firstLine = content.trim().split(/\n/)[0]!.trim();
  const chars = [...firstLine];
  return chars.length <= 30 ? firstLine : chars.slice(0, 30).join('') + '…';
}

export async function intake(deps: TicketDeps, doer: Doer, input: IntakeInput, now: Date, options: IntakeOptions = {}): Promise<IntakeResult> {
  const platformId = doer.platformId;
  // Staff intake: the front desk, the dispatchers, and grid workers reporting what they found.
  if (!isSystem(doer) && !hasRole(doer, 'operator', 'dispatcher', 'grid_worker')) throw forbidden('受理工单');
  const key = options.idempotencyKey;
  const hash = requestHash(input);
  if (key) {
    const earlier = await findByIdempotencyKey(deps.db, platformId, key, hash);
    if (earlier) return { ticket: earlier, replayed: true };
  }
  // Searchable at once (H-SEARCH): the tokens are written with the row; the tokenizer is kept per platform.
  const tokenizer = await tokenizerFor(deps.db, platformId);
  try {
    return await inTransaction(deps.db, async (tx) => {
      const urgency = input.urgency ?? 'normal';
      await checkCodes(tx, platformId, { channel: input.channel, type: input.type, urgency });
      if (input.subjectId != null) {
        const subject = await tx.selectFrom('subjects').select('active').where('id', '=', input.subjectId).where('platform_id', '=', platformId).executeTakeFirst();
        if (!subject || !subject.active) throw fieldError('subjectId', '诉求分类不存在或已停用', 'unknown or disabled subject');
      }
      const citizen = input.citizen ? await upsertCitizen(tx, deps.vault, platformId, input.citizen, now) : null;
      const loc = input.location ?? {};
      if ((loc.lng == null) !== (loc.lat == null)) throw fieldError('location.lat', '经度和纬度须同时提供', 'give both lng and lat');
      const area = await resolveLocation(tx, platformId, loc);
      const state = options.initialState ?? 'dispatching';
      const ticket = await tx.insertInto('tickets').values({
        platform_id: platformId, number: await nextTicketNumber(deps.db, platformId, now), channel: input.channel, type: input.type, urgency,
        subject_id: input.subjectId ?? null, title: input.title?.trim() || defaultTitle(input.content), content: input.content.trim(),
        citizen_id: citizen?.id ?? null, citizen_name: input.citizen?.name?.trim() || citizen?.name || null,
        confidential: input.citizen?.confidential ?? false, address: loc.address?.trim() || null, lng: loc.lng ?? null, lat: loc.lat ?? null,
        district_id: area.districtId, street_id: area.streetId, community_id: area.communityId, grid_id: area.gridId,
        call_id: input.callId ?? null, state, accepted_at: now, created_by: isSystem(doer) ? null : doer.userId,
        source_unit_id: isSystem(doer) ? null : doer.roles.includes('grid_worker') ? doer.unitId : null,
        idempotency_key: key ?? null, idempotency_hash: key ? hash : null, updated_at: now,
        search_tokens: searchVector(tokenizer, { title: input.title?.trim() || defaultTitle(input.content), content: input.content, address: loc.address ?? null }),
      }).returningAll().executeTakeFirstOrThrow();
      await appendEvents(tx, ticket, doer, now, [{
        type: 'accepted', to: state,
        data: { channel: input.channel, type: input.type, urgency, subjectId: input.subjectId ?? null, area, confidential: ticket.confidential },
      }]);
      // The models' suggestions for this text against the operator's choice (转办准确率, issue 5).
      await recordIntakeOutcomes(deps.db, tx, ticket, doer, now);
      // 屡办不成 (H-REPEAT): the same matter from this caller or place N+ times in D days is flagged at once.
      return { ticket: await checkRepeatAtIntake(deps.db, tx, ticket, doer, now), replayed: false };
    });
  } catch (e) {
    // Two requests with one key raced: the loser's insert hit the unique index; answer with the winner's ticket.
    if (key && (e as { code?: string }).code === '23505' && String((e as { constraint?: string }).constraint) === 'tickets_idempotency_key') {
      const earlier = await findByIdempotencyKey(deps.db, platformId, key, hash);
      if (earlier) return { ticket: earlier, replayed: true };
    }
    throw e;
  }
}

async function findByIdempotencyKey(db: Db, platformId: number, key: string, hash: string): Promise<Ticket | null> {
  const earlier = await db.selectFrom('tickets').selectAll().where('platform_id', '=', platformId).where('idempotency_key', '=', key).executeTakeFirst();
  if (!earlier) return null;
  if (earlier.idempotency_hash !== hash) {
    throw new AppError(409, 'idempotency_key_reused', '该 Idempotency-Key 已用于另一份不同的受理请求', 'This Idempotency-Key was used for a different intake request');
  }
  return earlier;
}
