// The citizen's side of a ticket, without an account (DOMAIN.md §4, §6, §14): submit a matter on
// the web, follow it with its number and one's phone, rate the answer. Whoever knows both number
// and phone is taken to be the citizen; everything here answers only what that citizen may know.
import { createHash } from 'node:crypto';
import { AppError, fieldError } from '../../domain/errors.js';
import { DEFAULT_PLATFORM_ID } from '../../domain/platform.js';
import { checkPhone, maskName, normalizePhone } from '../../domain/privacy.js';
import { OPEN_STATES, TICKET_STATE_LABELS, type Satisfaction, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Ticket } from '../../db/schema.js';
import { attachmentLimits, tooLarge } from '../attachments/attachments.js';
import { checkFileType } from '../attachments/file-types.js';
import { newStorageKey, type FileStore } from '../attachments/storage.js';
import { describeArea, resolveLocation } from '../location.js';
import { appendEvents, lockTicket, type TicketDeps } from '../tickets/context.js';
import { intake } from '../tickets/intake.js';
import { visit } from '../tickets/outcome.js';

/** The citizen API acts as this system doer: events record `{system: 'citizen'}`, no staff user. */
export const CITIZEN = { system: 'citizen', platformId: DEFAULT_PLATFORM_ID } as const;

export const CITIZEN_CHANNELS = ['web', 'wechat', 'app', 'open311'] as const;

export interface CitizenSubmission {
  channel?: (typeof CITIZEN_CHANNELS)[number];
  type: string;
  subjectId?: number | null;
  title?: string | null;
  content: string;
  name?: string | null;
  phone: string;
  location?: { address?: string | null; lng?: number | null; lat?: number | null } | null;
  confidential?: boolean;
}

export interface SubmitReceipt {
  number: string;
  state: string;
  stateLabel: string;
  acceptedAt: string;
}

const label = (state: string) => TICKET_STATE_LABELS[state as TicketState] ?? state;

/**
 * A citizen's own submission waits in 已受理 for an operator to check it (accept it by dispatching
 * or answering, or mark it invalid). The Idempotency-Key lives in its own namespace so a citizen's
 * key can never meet, and so reveal, a ticket that staff registered under the same key.
 */
export async function submit(deps: TicketDeps, input: CitizenSubmission, now: Date, idempotencyKey?: string): Promise<{ receipt: SubmitReceipt; replayed: boolean }> {
  const phone = checkPhone(input.phone, 'phone');
  const { ticket, replayed } = await intake(deps, CITIZEN, {
    channel: input.channel ?? 'web', type: input.type, subjectId: input.subjectId ?? null, title: input.title ?? null, content: input.content,
    citizen: { name: input.name ?? null, phone, confidential: input.confidential ?? false }, location: input.location ?? null,
  }, now, { idempotencyKey: idempotencyKey && `citizen:${idempotencyKey}`, initialState: 'accepted' });
  return { receipt: { number: ticket.number, state: ticket.state, stateLabel: label(ticket.state), acceptedAt: ticket.accepted_at.toISOString() }, replayed };
}

/**
 * The ticket with this number whose citizen has this phone, or null. One query matches both, so an
 * unknown number and a wrong phone take the same path and cannot be told apart.
 */
export async function findOwnTicket(deps: TicketDeps, number: string, phone: string): Promise<Ticket | null> {
  const row = await deps.db.selectFrom('tickets').innerJoin('citizens', 'citizens.id', 'tickets.citizen_id')
    .selectAll('tickets')
    .where('tickets.platform_id', '=', CITIZEN.platformId).where('tickets.number', '=', number.trim())
    .where('citizens.phone_hash', '=', deps.vault.hash(normalizePhone(phone)))
    .executeTakeFirst();
  return row ?? null;
}

export interface PublicStep {
  at: string;
  /** Event code (accepted, dispatched, signed, …), for an app to pick an icon. */
  step: string;
  label: string;
  /** The unit that acted: 承办单位 are public bodies and their names appear on every hotline portal; staff names never do. */
  unitName: string | null;
}

export interface CitizenTicketView {
  number: string;
  state: string;
  stateLabel: string;
  type: string;
  typeLabel: string;
  title: string;
  content: string;
  /** Masked, as on every screen but a logged reveal: the caller proved the number, we do not echo it. */
  citizen: { name: string | null; phone: string | null };
  acceptedAt: string;
  closedAt: string | null;
  timeline: PublicStep[];
  /** The answer the citizen is owed, once there is one to rate: the direct answer or the approved reply. */
  result: { text: string; unitName: string | null; at: string | null } | null;
  rating: { open: boolean; given: { resolved: boolean | null; satisfaction: string | null; at: string } | null };
  /** The photos the citizen added (names and sizes only; staff files are the record's, not shown here). */
  photos: { fileName: string; size: number; at: string }[];
}

/** What a citizen may rate: a direct answer, or a reply the platform approved. */
const RATEABLE = new Set<string>(['answered', 'visiting']);
const SHOWS_RESULT = new Set<string>(['answered', 'visiting', 'closed', 'archived']);

/** Steps a citizen is told about, in their words; internal steps (urging, supervision, reveals, lights) are left out. */
function publicStep(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case 'accepted': return '已受理';
    case 'answered': return '已答复';
    case 'dispatched': return '已转交承办单位办理';
    case 'redispatched': return '已转交下级单位办理';
    case 'signed': return '承办单位已签收';
    case 'replied': return data.to === 'platform' ? '承办单位已反馈办理结果' : null;
    case 'reviewed': return data.approve ? '办理结果已审核' : '办理结果未通过审核，重新办理';
    case 'return_decided': return data.approve ? '重新安排承办单位' : null;
    case 'extension_decided': return data.approve ? '办理时限已延长' : null;
    case 'suspended': return '暂停办理（等待补充材料或第三方）';
    case 'resumed': return '恢复办理';
    case 'visited': return data.contacted ? (data.via === 'call' ? '已回访' : '市民已评价') : null;
    case 'reopened': return '重新办理';
    case 'closed': return '已办结';
    case 'merged': return '与相同诉求合并办理';
    case 'invalidated': return '不予受理';
    default: return null;
  }
}

const CITIZEN_VIA = new Set(['web', 'sms']);
/** Steps taken by the unit of the event's assignment, which the timeline names. */
const UNIT_STEPS = new Set(['signed', 'replied', 'redispatched', 'extension_decided']);

export async function citizenView(db: Db, ticket: Ticket): Promise<CitizenTicketView> {
  // A merged ticket's citizen follows the master: its progress and outcome are theirs (DOMAIN.md §6).
  const master = ticket.merged_into_id
    ? await db.selectFrom('tickets').selectAll().where('id', '=', ticket.merged_into_id).executeTakeFirst()
    : undefined;
  const source = master ?? ticket;
  const [events, assignments, type, citizen, photos] = await Promise.all([
    db.selectFrom('ticket_events').select(['id', 'ticket_id', 'at', 'type', 'assignment_id', 'data']).where('ticket_id', 'in', [...new Set([ticket.id, source.id])]).orderBy('id').execute(),
    db.selectFrom('assignments').innerJoin('units', 'units.id', 'assignments.unit_id')
      .select(['assignments.id', 'assignments.unit_id', 'assignments.role', 'assignments.parent_assignment_id', 'assignments.state', 'assignments.reply_result', 'assignments.replied_at', 'units.name'])
      .where('assignments.ticket_id', '=', source.id).orderBy('assignments.id').execute(),
    db.selectFrom('ticket_types').select('name').where('platform_id', '=', ticket.platform_id).where('code', '=', ticket.type).executeTakeFirst(),
    ticket.citizen_id ? db.selectFrom('citizens').select('phone_mask').where('id', '=', ticket.citizen_id).executeTakeFirst() : undefined,
    citizenPhotos(db, ticket.id),
  ]);
  const unitOf = (assignmentId: number | null) => assignments.find((a) => a.id === assignmentId)?.name ?? null;
  // Primary and assisting units alike are named: the citizen may need to call any of them.
  const dispatchedTo = (data: Record<string, unknown>): string | null => {
    const ids = [data.primaryUnitId, ...(Array.isArray(data.assistingUnitIds) ? data.assistingUnitIds : [])];
    const names = ids.map((id) => assignments.find((a) => a.unit_id === id && a.parent_assignment_id === null)?.name).filter((n): n is string => !!n);
    return names.length ? [...new Set(names)].join('、') : null;
  };
  const timeline: PublicStep[] = [];
  for (const e of events) {
    // The master's own intake was another citizen's call: this timeline starts with this one's.
    if (e.type === 'accepted' && e.ticket_id !== ticket.id) continue;
    const data = (e.data ?? {}) as Record<string, unknown>;
    const text = publicStep(e.type, data);
    if (!text) continue;
    timeline.push({ at: e.at.toISOString(), step: e.type, label: text, unitName: UNIT_STEPS.has(e.type) ? unitOf(e.assignment_id) : e.type === 'dispatched' ? dispatchedTo(data) : null });
  }

  // The latest word the citizen is owed: a direct answer, or the approved reply of the primary unit
  // (after a reopen, the newer of the two).
  const reply = [...assignments].reverse().find((a) => a.role === 'primary' && a.parent_assignment_id === null && a.reply_result);
  let result: CitizenTicketView['result'] = null;
  if (SHOWS_RESULT.has(source.state)) {
    const answer = source.answer ? { text: source.answer, unitName: null, at: source.answered_at } : null;
    const replied = reply?.reply_result ? { text: reply.reply_result, unitName: reply.name, at: reply.replied_at } : null;
    const latest = answer && replied ? ((answer.at?.getTime() ?? 0) > (replied.at?.getTime() ?? 0) ? answer : replied) : answer ?? replied;
    result = latest && { text: latest.text, unitName: latest.unitName, at: latest.at?.toISOString() ?? null };
  }

  const given = lastCitizenRating(events.filter((e) => e.type === 'visited' || e.type === 'reopened'));
  return {
    number: ticket.number, state: source.state, stateLabel: label(source.state), type: ticket.type, typeLabel: type?.name ?? ticket.type,
    title: ticket.title, content: ticket.content,
    citizen: { name: ticket.citizen_name ? maskName(ticket.citizen_name) : null, phone: citizen?.phone_mask ?? null },
    acceptedAt: ticket.accepted_at.toISOString(), closedAt: source.closed_at?.toISOString() ?? null,
    timeline, result,
    rating: { open: RATEABLE.has(ticket.state) && given === null, given },
    photos,
  };
}

/** The citizen's rating since the last reopen, if any: a citizen rates each answer once. */
function lastCitizenRating(events: { type: string; at: Date; data: unknown }[]): CitizenTicketView['rating']['given'] {
  let given: CitizenTicketView['rating']['given'] = null;
  for (const e of events) {
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === 'reopened') given = null;
    else if (e.type === 'visited' && CITIZEN_VIA.has(String(data.via))) {
      given = { resolved: (data.resolved as boolean | null) ?? null, satisfaction: (data.satisfaction as string | null) ?? null, at: e.at.toISOString() };
    }
  }
  return given;
}

export interface CitizenRating {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string | null;
}

/**
 * The citizen rates the answer on the web (DOMAIN.md §6: "citizens can also rate … on the web"):
 * a return visit in which the citizen reached us. Satisfied and resolved closes the ticket; else it
 * waits for the visitor to reopen or close it with an explanation.
 */
export async function rate(deps: TicketDeps, ticket: Ticket, input: CitizenRating, now: Date): Promise<Ticket> {
  if (!RATEABLE.has(ticket.state)) {
    throw new AppError(409, 'not_rateable', `工单当前状态为“${label(ticket.state)}”，办理结果答复后才能评价`,
      `The ticket is ${ticket.state}; it can be rated once it has been answered`);
  }
  const events = await deps.db.selectFrom('ticket_events').select(['type', 'at', 'data'])
    .where('ticket_id', '=', ticket.id).where('type', 'in', ['visited', 'reopened']).orderBy('id').execute();
  if (lastCitizenRating(events)) throw new AppError(409, 'already_rated', '您已评价过本次办理结果', 'You have already rated this answer');
  // The version read above: a second rating sent at the same moment meets a 409, not a double visit.
  return visit(deps, CITIZEN, ticket.id, {
    contacted: true, resolved: input.resolved, satisfaction: input.satisfaction, note: input.comment?.trim() || null, via: 'web', version: ticket.version,
  }, now);
}

// ---------------------------------------------------------------------------------------------
// What the citizen's pages need besides the ticket: the catalogue to choose from, a map to point
// at, the name of the place pointed at, and a photo added to the matter just submitted.

export interface PublicCatalogue {
  /** The hotline's name, for the page's title (青澜市12345政务服务便民热线). */
  platformName: string;
  /** 诉求类型, active ones in the administrators' order. */
  types: { code: string; name: string }[];
  /** Top-level 诉求分类 (the operator refines it later); active ones. */
  subjects: { id: number; name: string }[];
}

/** The public catalogue: codes and names only, nothing an administrator keeps to themselves. */
export async function publicCatalogue(db: Db, platformId = CITIZEN.platformId): Promise<PublicCatalogue> {
  const [platform, types, subjects] = await Promise.all([
    db.selectFrom('platforms').select('name').where('id', '=', platformId).executeTakeFirst(),
    db.selectFrom('ticket_types').select(['code', 'name']).where('platform_id', '=', platformId).where('active', '=', true)
      .orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('subjects').select(['id', 'name']).where('platform_id', '=', platformId).where('parent_id', 'is', null).where('active', '=', true)
      .orderBy('sort_order').orderBy('id').execute(),
  ]);
  return { platformName: platform?.name ?? '12345政务服务便民热线', types, subjects };
}

/** District boundaries as GeoJSON, for the citizen to tap where the matter is (public bodies, public outlines). */
export async function publicDistricts(db: Db, platformId = CITIZEN.platformId) {
  const rows = await db.selectFrom('units').select(['id', 'code', 'name', 'short_name', 'boundary'])
    .where('platform_id', '=', platformId).where('kind', '=', 'district').where('active', '=', true).where('boundary', 'is not', null)
    .orderBy('sort_order').orderBy('id').execute();
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const, id: r.id,
      properties: { id: r.id, code: r.code, name: r.name, shortName: r.short_name ?? r.name },
      geometry: r.boundary,
    })),
  };
}

/** The names of the district, street and community at a point: what the citizen is shown after locating. */
export async function publicPlace(db: Db, lng: number, lat: number, platformId = CITIZEN.platformId): Promise<{ district: string | null; street: string | null; community: string | null }> {
  const area = await resolveLocation(db, platformId, { lng, lat });
  if (area.method !== 'point') return { district: null, street: null, community: null };
  const names = await describeArea(db, platformId, area);
  return { district: names.district?.name ?? null, street: names.street?.name ?? null, community: names.community?.name ?? null };
}

function citizenPhotos(db: Db, ticketId: number): Promise<CitizenTicketView['photos']> {
  // Files no staff member uploaded are the citizen's own (the public upload below records no user).
  return db.selectFrom('attachments').select(['file_name', 'size', 'created_at'])
    .where('ticket_id', '=', ticketId).where('uploaded_by', 'is', null).where('assignment_id', 'is', null).orderBy('id').execute()
    .then((rows) => rows.map((r) => ({ fileName: r.file_name, size: r.size, at: r.created_at.toISOString() })));
}

export interface CitizenPhoto {
  fileName: string;
  declaredType?: string;
  bytes: Uint8Array;
}

export interface CitizenPhotoView {
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}

/** A phone's file name, made safe: no path, no control characters, at most 100 characters (extension kept). */
function photoName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const base = raw.split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F"]/g, '').trim();
  if (!base) throw fieldError('file', '文件名不能为空', 'the file needs a name');
  const chars = [...base];
  if (chars.length <= 100) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? [...base.slice(dot)] : [];
  return chars.slice(0, 100 - ext.length).join('') + ext.join('');
}

const notImage = () => new AppError(415, 'unsupported_file_type', '只能上传照片（JPG、PNG、GIF、WebP）', 'Only photos may be uploaded (JPG, PNG, GIF, WebP)',
  [{ field: 'file', message: '只能上传照片（JPG、PNG、GIF、WebP）', message_en: 'only photos (JPG, PNG, GIF, WebP)' }]);

/**
 * A photo the citizen adds to their own open ticket (the caller proved number and phone). Images
 * only, the type read from the bytes as for staff uploads; counted against the ticket's limit under
 * its lock; the bytes stored first and removed again if the row cannot be written. The event is the
 * citizen's (`{system: 'citizen'}`), the ticket's version unchanged.
 */
export async function addCitizenPhoto(deps: TicketDeps & { files: FileStore }, ticket: Ticket, input: CitizenPhoto, now: Date): Promise<CitizenPhotoView> {
  const fileName = photoName(input.fileName);
  if (input.bytes.length === 0) throw fieldError('file', '文件是空的', 'the file is empty');
  const limits = await attachmentLimits(deps.db, ticket.platform_id);
  if (input.bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  let contentType: string;
  try {
    contentType = await checkFileType(input.bytes, fileName, input.declaredType);
  } catch (e) {
    // A PDF or a recording is a fine attachment for staff, but not what this form takes.
    if (e instanceof AppError && e.code === 'unsupported_file_type') throw notImage();
    throw e;
  }
  if (!contentType.startsWith('image/')) throw notImage();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');

  const key = newStorageKey(now);
  await deps.files.put(key, input.bytes);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const locked = await lockTicket(tx, CITIZEN, ticket.id);
      if (!(OPEN_STATES as readonly string[]).includes(locked.state)) {
        throw new AppError(409, 'ticket_closed', `工单当前状态为“${label(locked.state)}”，不能再添加照片`, `The ticket is ${locked.state}; no more photos`);
      }
      const { count } = await tx.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('count')).where('ticket_id', '=', locked.id).executeTakeFirstOrThrow();
      if (Number(count) >= limits.maxPerTicket) {
        throw new AppError(409, 'too_many_attachments', `每张工单最多 ${limits.maxPerTicket} 个附件`, `At most ${limits.maxPerTicket} attachments per ticket`);
      }
      const row = await tx.insertInto('attachments').values({
        platform_id: locked.platform_id, ticket_id: locked.id, assignment_id: null, storage_key: key, file_name: fileName,
        content_type: contentType, size: input.bytes.length, sha256, uploaded_by: null, created_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      await appendEvents(tx, locked, CITIZEN, now, [{
        type: 'attachment_added', data: { attachmentId: row.id, fileName, contentType, size: row.size, sha256 },
      }]);
      return { fileName: row.file_name, contentType: row.content_type, size: row.size, createdAt: row.created_at.toISOString() };
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}
