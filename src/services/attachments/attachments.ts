// Attachments of a ticket (DOMAIN.md §5: photos, recordings): added by the people working on it,
// read by everyone who may see the ticket. The bytes go to the file store first, then the row and
// its `attachment_added` event in one transaction; if that fails the bytes are removed again, so no
// row points at nothing and no file is left that no row names.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../domain/actor.js';
import { AppError, fieldError, forbidden, notFound } from '../../domain/errors.js';
import { LIVE_ASSIGNMENT_STATES } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Assignment, Ticket } from '../../db/schema.js';
import { getSetting } from '../settings.js';
import { appendEvents, assignmentsOf, atPlatformRoot, lockTicket, ticketVisibleTo } from '../tickets/context.js';
import { checkFileType } from './file-types.js';
import { newStorageKey, type FileStore } from './storage.js';

export interface AttachmentDeps {
  db: Db;
  files: FileStore;
}

export interface AttachmentLimits {
  /** Largest file, bytes (setting `attachments.maxBytes`, default 20 MB: photos and call recordings). */
  maxBytes: number;
  /** Files per ticket (setting `attachments.maxPerTicket`, default 20). */
  maxPerTicket: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = { maxBytes: 20 * 1024 * 1024, maxPerTicket: 20 };

export async function attachmentLimits(db: Db, platformId: number): Promise<AttachmentLimits> {
  const [maxBytes, maxPerTicket] = await Promise.all([
    getSetting(db, platformId, 'attachments.maxBytes', DEFAULT_LIMITS.maxBytes),
    getSetting(db, platformId, 'attachments.maxPerTicket', DEFAULT_LIMITS.maxPerTicket),
  ]);
  return { maxBytes: Number(maxBytes), maxPerTicket: Number(maxPerTicket) };
}

export const tooLarge = (maxBytes: number): AppError => {
  const size = maxBytes >= 1024 * 1024 ? `${+(maxBytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(maxBytes / 1024)} KB`;
  return new AppError(413, 'file_too_large', `文件超过 ${size} 的上限`, `The file is larger than the limit of ${size}`,
    [{ field: 'file', message: `不能超过 ${size}`, message_en: `at most ${size}` }]);
};

export interface AttachmentView {
  id: number;
  ticketId: number;
  assignmentId: number | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const view = (a: { id: number; ticket_id: number; assignment_id: number | null; file_name: string; content_type: string; size: number; sha256: string; created_at: Date }): AttachmentView => ({
  id: a.id, ticketId: a.ticket_id, assignmentId: a.assignment_id, fileName: a.file_name, contentType: a.content_type, size: a.size,
  sha256: a.sha256, createdAt: a.created_at.toISOString(),
});

const isLive = (a: Assignment) => (LIVE_ASSIGNMENT_STATES as readonly string[]).includes(a.state);

/**
 * Who may add files: the hotline office, a unit with a live assignment on the ticket (the photos
 * of its reply), and the unit that reported it (a grid worker's photo of what they found). Seeing
 * a ticket is not enough: a parent unit watching a child's work does not add to the record.
 */
function mayAttach(actor: Actor, ticket: Ticket, assignments: Assignment[]): boolean {
  return atPlatformRoot(actor)
    || assignments.some((a) => a.unit_id === actor.unitId && isLive(a))
    || ticket.source_unit_id === actor.unitId;
}

/** Archived tickets are the closed record: nothing is added to them. */
const FROZEN = new Set(['archived']);

/**
 * The checks that need no lock, run before the upload is read: a caller who may not see the ticket
 * (404) or may not add to it (403) gets nothing written anywhere. The transaction checks again.
 */
export async function checkMayAttach(db: Db, actor: Actor, ticketId: number): Promise<void> {
  const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', ticketId).where(ticketVisibleTo(actor)).executeTakeFirst();
  if (!ticket) throw notFound('工单', 'ticket');
  if (!mayAttach(actor, ticket, await assignmentsOf(db, ticketId))) throw forbidden('上传附件（仅限平台或正在承办的单位）');
}

export interface NewAttachment {
  fileName: string;
  /** The type the browser declared; must agree with the bytes (or say nothing). */
  declaredType?: string;
  bytes: Uint8Array;
  /** The assignment whose reply the file belongs to. */
  assignmentId?: number | null;
}

/** Browsers on Windows may send a full path; control characters and slashes have no place in a name. */
export function cleanFileName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const base = raw.split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F"]/g, '').trim();
  if (!base) throw fieldError('file', '文件名不能为空', 'the file needs a name');
  const chars = [...base];
  if (chars.length <= 200) return base;
  // Too long for the column: shorten the stem, keep the extension the type check reads.
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? [...base.slice(dot)] : [];
  return chars.slice(0, 200 - ext.length).join('') + ext.join('');
}

/** A file that passed the checks every stored file passes, its bytes already in the store under `key`. */
export interface CheckedFile {
  fileName: string;
  contentType: string;
  sha256: string;
  key: string;
  limits: AttachmentLimits;
}

/**
 * The one way a file is stored (tickets' and knowledge articles' alike): its name cleaned, its size
 * and its type (read from the bytes) checked, the bytes put in the store; then `record` writes its
 * row, and if that fails the bytes are removed again, so no row lacks its file and no file its row.
 */
export async function storeCheckedFile<T>(deps: AttachmentDeps, platformId: number, input: Pick<NewAttachment, 'fileName' | 'declaredType' | 'bytes'>, now: Date,
  record: (file: CheckedFile) => Promise<T>): Promise<T> {
  const fileName = cleanFileName(input.fileName);
  if (input.bytes.length === 0) throw fieldError('file', '文件是空的', 'the file is empty');
  const limits = await attachmentLimits(deps.db, platformId);
  if (input.bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const contentType = await checkFileType(input.bytes, fileName, input.declaredType);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const key = newStorageKey(now);
  await deps.files.put(key, input.bytes);
  try {
    return await record({ fileName, contentType, sha256, key, limits });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

export async function addAttachment(deps: AttachmentDeps, actor: Actor, ticketId: number, input: NewAttachment, now: Date): Promise<AttachmentView> {
  return storeCheckedFile(deps, actor.platformId, input, now, ({ fileName, contentType, sha256, key, limits }) =>
    deps.db.transaction().execute(async (tx) => {
      const ticket = await lockTicket(tx, actor, ticketId);
      const assignments = await assignmentsOf(tx, ticket.id);
      if (!mayAttach(actor, ticket, assignments)) throw forbidden('上传附件（仅限平台或正在承办的单位）');
      if (FROZEN.has(ticket.state)) throw new AppError(409, 'ticket_archived', '工单已归档，不能再添加附件', 'The ticket is archived; no more attachments');
      let assignmentId: number | null = null;
      if (input.assignmentId != null) {
        const a = assignments.find((x) => x.id === input.assignmentId);
        if (!a) throw fieldError('assignmentId', '该工单没有这条承办记录', 'no such assignment on this ticket');
        if (!atPlatformRoot(actor) && a.unit_id !== actor.unitId) throw forbidden('为其他单位的承办记录上传附件');
        assignmentId = a.id;
      }
      // Counted under the ticket's lock, so two uploads at once cannot both take the last place.
      const { count } = await tx.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('count')).where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
      if (Number(count) >= limits.maxPerTicket) {
        throw new AppError(409, 'too_many_attachments', `每张工单最多 ${limits.maxPerTicket} 个附件`, `At most ${limits.maxPerTicket} attachments per ticket`);
      }
      const row = await tx.insertInto('attachments').values({
        platform_id: ticket.platform_id, ticket_id: ticket.id, assignment_id: assignmentId, storage_key: key, file_name: fileName,
        content_type: contentType, size: input.bytes.length, sha256, uploaded_by: actor.userId, created_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      // An addition to the record, not a change of the ticket: an event, no version bump, so a
      // photo uploaded while a colleague edits does not turn their save into a conflict.
      await appendEvents(tx, ticket, actor, now, [{
        type: 'attachment_added', assignmentId,
        data: { attachmentId: row.id, fileName, contentType, size: row.size, sha256 },
      }]);
      return view(row);
    }));
}

export interface OpenedAttachment {
  attachment: AttachmentView;
  stream: Readable;
}

/** One attachment's bytes, for whoever may see its ticket; 404 alike for a hidden ticket and a missing file. */
export async function openAttachment(deps: AttachmentDeps, actor: Actor, ticketId: number, attachmentId: number): Promise<OpenedAttachment> {
  const row = await deps.db.selectFrom('attachments').innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
    .selectAll('attachments')
    .where('attachments.id', '=', attachmentId).where('attachments.ticket_id', '=', ticketId).where(ticketVisibleTo(actor))
    .executeTakeFirst();
  if (!row) throw notFound('附件', 'attachment');
  const stream = await deps.files.get(row.storage_key);
  if (!stream) throw new AppError(404, 'file_missing', '附件文件已丢失，请联系管理员', 'The attachment\'s file is missing from the store; tell an administrator');
  return { attachment: view(row), stream };
}
