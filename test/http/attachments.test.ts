// Attachments through the HTTP API: real files in, the same bytes out, the type read from the bytes,
// limits from the platform's settings, the ticket's scope on both ways, nothing left half-written.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { putSetting } from '../../src/services/settings.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from '../tickets/support.js';

// A real 1×1 PNG (any viewer opens it).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A one-page PDF with a correct cross-reference table, built here so the test needs no fixture. */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 20 50 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 20 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A stored (uncompressed) zip: enough for a .docx whose parts say it is a Word document. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); entry.writeUInt16LE(20, 4); entry.writeUInt16LE(20, 6); entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20); entry.writeUInt32LE(data.length, 24); entry.writeUInt16LE(n.length, 28); entry.writeUInt32LE(offset, 42);
    central.push(entry, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const DOCX = zip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
  ['word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'],
]);

interface FilePart { filename: string; type: string; bytes: Buffer }

/** A multipart/form-data body as a browser sends it. */
function form(file: FilePart | null, fields: Record<string, string> = {}): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----minsheng${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (s: Session, ticketId: number, file: FilePart | null, fields: Record<string, string> = {}) => {
  const { body, headers } = form(file, fields);
  return s.send('POST', `/api/tickets/${ticketId}/attachments`, body, headers);
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under the store's root, so a test can see that nothing was left behind. */
function storedFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let handler: Session;
let stranger: Session;
let ticket: { id: number };
let assignmentId: number;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  handler = await api.login('h_d01');
  stranger = await api.login('h_d02');
  ticket = await newTicket(c.operator);
  const dispatched = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
  assignmentId = dispatched.assignments[0].id;
});

describe('uploading', () => {
  it('stores a photo from the hotline office byte for byte, with its sha-256, a row and an event', async () => {
    const res = await upload(c.operator, ticket.id, { filename: '现场照片.png', type: 'image/png', bytes: PNG });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ ticketId: ticket.id, assignmentId: null, fileName: '现场照片.png', contentType: 'image/png', size: PNG.length, sha256: sha(PNG) });
    expect(res.headers.location).toBe(`/api/tickets/${ticket.id}/attachments/${a.id}`);

    const row = await t.db.selectFrom('attachments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.storage_key).toMatch(/^\d{4}\/\d{2}\/[A-Za-z0-9_-]{16,}$/);
    const onDisk = readFileSync(path.join(api.files.root, row.storage_key));
    expect(sha(onDisk)).toBe(sha(PNG));
    expect(row.uploaded_by).toBe(c.operator.user.id);

    const detail = (await c.operator.get(`/api/tickets/${ticket.id}`)).json();
    const event = detail.events.find((e: { type: string }) => e.type === 'attachment_added');
    expect(event).toMatchObject({ actorId: c.operator.user.id, data: { attachmentId: a.id, fileName: '现场照片.png', contentType: 'image/png', sha256: sha(PNG) } });
    expect(detail.attachments.map((x: { id: number }) => x.id)).toContain(a.id);
  });

  it('takes a PDF from the unit handling the ticket, tied to its assignment, and serves it back with its name', async () => {
    const doc = pdf('Reply of D01');
    const res = await upload(handler, ticket.id, { filename: '办理报告.pdf', type: 'application/pdf', bytes: doc }, { assignmentId: String(assignmentId) });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ assignmentId, contentType: 'application/pdf', sha256: sha(doc) });

    for (const reader of [handler, c.operator]) {
      const got = await reader.get(`/api/tickets/${ticket.id}/attachments/${a.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('办理报告.pdf')}`);
      expect(sha(got.rawPayload)).toBe(sha(doc));
    }
    const inline = await handler.get(`/api/tickets/${ticket.id}/attachments/${a.id}?inline=true`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    const events = (await c.operator.get(`/api/tickets/${ticket.id}`)).json().events as { type: string; assignmentId: number | null }[];
    expect(events.filter((e) => e.type === 'attachment_added').at(-1)!.assignmentId).toBe(assignmentId);
  });

  it('reads Word files inside their zip and plain text by its encoding', async () => {
    const docx = await upload(handler, ticket.id, { filename: '情况说明.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: DOCX });
    expect(docx.statusCode, docx.body).toBe(201);
    expect(docx.json().contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = await upload(handler, ticket.id, { filename: '备注.txt', type: 'application/octet-stream', bytes: Buffer.from('夜间施工已停止。\n') });
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json().contentType).toBe('text/plain; charset=utf-8');
    // A zip that is no Office document is not a .docx.
    const plainZip = await upload(handler, ticket.id, { filename: 'x.docx', type: 'application/octet-stream', bytes: zip([['a.txt', 'hi']]) });
    expect(plainZip.statusCode).toBe(415);
  });

  it('refuses a file whose name or declared type disagrees with its bytes, naming the field', async () => {
    const before = storedFiles(api.files.root).length;
    const renamed = await upload(c.operator, ticket.id, { filename: 'photo.png', type: 'image/png', bytes: pdf('not a picture') });
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error).toMatchObject({ code: 'unsupported_file_type', fields: [{ field: 'file' }] });
    expect(renamed.json().error.message).toContain('PDF');
    const declared = await upload(c.operator, ticket.id, { filename: 'photo.png', type: 'application/pdf', bytes: PNG });
    expect(declared.statusCode).toBe(415);
    const html = await upload(c.operator, ticket.id, { filename: 'page.png', type: 'image/png', bytes: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 7, 8]) });
    expect(html.statusCode).toBe(415);
    expect(storedFiles(api.files.root)).toHaveLength(before);
  });

  it('refuses a file over the platform\'s size limit with 413, and a request without a file with 400', async () => {
    await putSetting(t.db, 1, 'attachments.maxBytes', 1000, new Date());
    try {
      const res = await upload(c.operator, ticket.id, { filename: 'big.txt', type: 'text/plain', bytes: Buffer.from('长'.repeat(700)) });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'file_too_large', fields: [{ field: 'file' }] });
      expect(res.json().error.message).toContain('1 KB');
    } finally {
      await putSetting(t.db, 1, 'attachments.maxBytes', 20 * 1024 * 1024, new Date());
    }
    const none = await upload(c.operator, ticket.id, null, { assignmentId: String(assignmentId) });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].field).toBe('file');
    const json = await c.operator.send('POST', `/api/tickets/${ticket.id}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('stops at the number of files a ticket may have', async () => {
    const { count } = await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('count')).where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    await putSetting(t.db, 1, 'attachments.maxPerTicket', Number(count), new Date());
    try {
      const res = await upload(c.operator, ticket.id, { filename: 'one-more.png', type: 'image/png', bytes: PNG });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('too_many_attachments');
    } finally {
      await putSetting(t.db, 1, 'attachments.maxPerTicket', 20, new Date());
    }
  });

  it('removes the stored file again when the database write fails', async () => {
    const before = storedFiles(api.files.root);
    const rows = await t.db.selectFrom('attachments').select('id').execute();
    const put = vi.spyOn(api.files, 'put');
    const del = vi.spyOn(api.files, 'delete');
    const res = await upload(c.operator, ticket.id, { filename: 'orphan.png', type: 'image/png', bytes: PNG }, { assignmentId: '999999' });
    const [putCalls, delCalls] = [put.mock.calls.map((x) => x[0]), del.mock.calls.map((x) => x[0])];
    put.mockRestore();
    del.mockRestore();
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('assignmentId');
    // The bytes were written before the transaction refused the row, and then taken away.
    expect(putCalls).toHaveLength(1);
    expect(delCalls).toEqual(putCalls);
    expect(storedFiles(api.files.root)).toEqual(before);
    expect(await t.db.selectFrom('attachments').select('id').execute()).toHaveLength(rows.length);
  });
});

describe('scope', () => {
  it('a handler of another district can neither upload to nor download from the ticket: 404 both ways', async () => {
    const [first] = await t.db.selectFrom('attachments').select('id').where('ticket_id', '=', ticket.id).orderBy('id').execute();
    const up = await upload(stranger, ticket.id, { filename: 'x.png', type: 'image/png', bytes: PNG });
    expect(up.statusCode).toBe(404);
    const down = await stranger.get(`/api/tickets/${ticket.id}/attachments/${first!.id}`);
    expect(down.statusCode).toBe(404);
    expect(down.body).not.toContain('PNG');
    // And an attachment id is only found under its own ticket.
    const other = await newTicket(c.operator);
    expect((await c.operator.get(`/api/tickets/${other.id}/attachments/${first!.id}`)).statusCode).toBe(404);
  });

  it('a unit that may see a ticket but has no live assignment on it may read its files but not add to them', async () => {
    // The primary's assignment is done once the platform approves its reply; the unit still sees the ticket.
    await act(handler, ticket.id, 'sign', {});
    await act(handler, ticket.id, 'reply', { result: '已协调施工单位停止夜间施工，并联系市民说明。', contacted: true });
    await act(c.reviewer, ticket.id, 'review', { approve: true });
    const [first] = await t.db.selectFrom('attachments').select('id').where('ticket_id', '=', ticket.id).orderBy('id').execute();
    expect((await handler.get(`/api/tickets/${ticket.id}/attachments/${first!.id}`)).statusCode).toBe(200);
    const res = await upload(handler, ticket.id, { filename: 'late.png', type: 'image/png', bytes: PNG });
    expect(res.statusCode).toBe(403);
  });

  it('needs a session and the CSRF token', async () => {
    const { body, headers } = form({ filename: 'x.png', type: 'image/png', bytes: PNG });
    const anonymous = await api.app.inject({ method: 'POST', url: `/api/tickets/${ticket.id}/attachments`, payload: body, headers });
    expect(anonymous.statusCode).toBe(401);
    const forged = await api.app.inject({ method: 'POST', url: `/api/tickets/${ticket.id}/attachments`, payload: body, headers: { ...headers, cookie: c.operator.cookie } });
    expect(forged.statusCode).toBe(403);
  });
});
