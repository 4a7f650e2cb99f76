// Attachments of a ticket: upload (multipart, field `file`, optional `assignmentId`) and download.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, fieldError } from '../../domain/errors.js';
import { addAttachment, attachmentLimits, checkMayAttach, openAttachment, tooLarge, type NewAttachment } from '../../services/attachments/attachments.js';
import type { FileStore } from '../../services/attachments/storage.js';
import type { AppDeps } from '../deps.js';
import { errorSchema, errors, idParams } from '../schemas.js';
import { actorOf } from '../session.js';

const attachmentSchema = z.object({
  id: z.number(), ticketId: z.number(), assignmentId: z.number().nullable(), fileName: z.string(),
  contentType: z.string().describe('the type found in the bytes, not the one declared'), size: z.number(), sha256: z.string().describe('hex'),
  createdAt: z.string(),
});

/** Multipart errors of the plugin, in the house's words (they would otherwise reach the client in English only). */
function uploadError(e: unknown, maxBytes: number): unknown {
  switch ((e as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return fieldError('file', '一次只能上传一个文件', 'one file per request');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return fieldError('body', '表单字段过多：只需 file 和 assignmentId', 'too many form fields: only file and assignmentId');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传，文件字段名为 file', 'Upload as multipart/form-data with the file in the field "file"');
    default:
      return e;
  }
}

/** Reads the one file and the optional assignment id, the file no bigger than the platform allows. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<NewAttachment> {
  let file: { part: MultipartFile; bytes: Buffer } | undefined;
  let assignmentId: number | undefined;
  try {
    // One byte over the limit is enough to know it is too big; busboy stops reading there.
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 6, fieldSize: 1000 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw fieldError(part.fieldname, '文件须放在 file 字段', 'send the file in the field "file"');
        file = { part, bytes: await part.toBuffer() };
      } else if (part.fieldname === 'assignmentId') {
        const value = String(part.value).trim();
        if (!/^[1-9]\d{0,15}$/.test(value)) throw fieldError('assignmentId', '须为正整数', 'must be a positive integer');
        assignmentId = Number(value);
      } else {
        throw fieldError(part.fieldname, '不认识的字段（只需 file 和 assignmentId）', 'unknown field (only file and assignmentId)');
      }
    }
  } catch (e) {
    throw uploadError(e, maxBytes);
  }
  if (!file) throw fieldError('file', '请选择要上传的文件', 'the field "file" is required');
  return { fileName: file.part.filename, declaredType: file.part.mimetype, bytes: file.bytes, assignmentId };
}

/** `filename*` carries the real (often Chinese) name; `filename` an ASCII stand-in for old clients. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** What a browser may show in place: pictures, sound, video and PDF; the rest is always a download. */
const INLINE = /^(image|audio|video)\/|^application\/pdf$/;

export const attachmentRoutes = (deps: AppDeps & { files: FileStore }): FastifyPluginAsyncZod => async (app) => {
  const services = { db: deps.db, files: deps.files };

  app.post('/api/tickets/:id/attachments', {
    schema: {
      tags: ['tickets'], summary: '上传附件 Attach a file (multipart: file, assignmentId?)', params: idParams, consumes: ['multipart/form-data'],
      response: { 201: attachmentSchema, ...errors(400, 401, 403, 404, 409), 413: errorSchema, 415: errorSchema },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    // Scope first: a caller who may not add to the ticket gets its answer before a byte is stored.
    await checkMayAttach(deps.db, actor, req.params.id);
    const { maxBytes } = await attachmentLimits(deps.db, actor.platformId);
    const upload = await readUpload(req, maxBytes);
    const attachment = await addAttachment(services, actor, req.params.id, upload, deps.clock());
    return reply.status(201).header('location', `/api/tickets/${req.params.id}/attachments/${attachment.id}`).send(attachment);
  });

  app.get('/api/tickets/:id/attachments/:attachmentId', {
    schema: {
      tags: ['tickets'], summary: '下载附件 Download an attachment (?inline=true to view pictures, sound, video, PDF in place)',
      params: idParams.extend({ attachmentId: z.coerce.number().int().positive() }),
      querystring: z.object({ inline: z.enum(['true', 'false']).optional() }),
      response: { 200: z.unknown().describe('the file\'s bytes, with its stored type'), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const { attachment, stream } = await openAttachment(services, actorOf(req), req.params.id, req.params.attachmentId);
    const inline = req.query.inline === 'true' && INLINE.test(attachment.contentType);
    return reply
      .header('content-type', attachment.contentType)
      .header('content-length', String(attachment.size))
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.fileName))
      // Personal data: kept out of shared caches; the browser may keep its copy.
      .header('cache-control', 'private, max-age=300')
      .header('etag', `"${attachment.sha256}"`)
      .send(stream);
  });
};
