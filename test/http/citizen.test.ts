// The citizen API without an account: submit, follow with number + phone, rate once; per-IP limits;
// and not one public answer carrying a phone number or a staff member's name.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bbox, pointInPolygon, type Polygon, type Position } from '../../src/domain/geo.js';
import { putSetting } from '../../src/services/settings.js';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, cast, unitIdByCode, type Cast } from '../tickets/support.js';

const PHONE = '13912345678';
const LIMITS = { submitPerHour: 4, lookupPerMinute: 6, failuresPerHour: 3 };

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;
/** Every public answer of this file, checked at the end for personal data and staff names. */
const bodies: string[] = [];

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db, { citizenLimits: LIMITS });
  c = await cast(api);
  d01 = await unitIdByCode(t.db, 'D01');
});

/** A request from a citizen's browser: no cookie, no CSRF token, an address of its own for the limits. */
async function pub(url: string, body: unknown, ip = '203.0.113.1', headers: Record<string, string> = {}) {
  const res = await api.app.inject({ method: 'POST', url: `/api/public/tickets${url}`, payload: body as object, remoteAddress: ip, headers });
  bodies.push(res.body);
  return res;
}

const matter = (extra: Record<string, unknown> = {}) => ({
  type: 'complaint', content: '小区门口夜间施工噪音扰民，持续一周，请尽快处理。', name: '李四', phone: PHONE, location: { address: '青澜市某区某路2号' }, ...extra,
});

async function submitted(extra: Record<string, unknown> = {}, ip = '203.0.113.1'): Promise<string> {
  const res = await pub('', matter(extra), ip);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number;
}

describe('submitting', () => {
  it('accepts a matter from the web with a number and nothing internal', async () => {
    const res = await pub('', matter({ confidential: true }));
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(Object.keys(receipt).sort()).toEqual(['acceptedAt', 'number', 'state', 'stateLabel']);
    expect(receipt).toMatchObject({ number: expect.stringMatching(/^\d{12}$/), state: 'accepted', stateLabel: '已受理' });

    const row = await t.db.selectFrom('tickets').selectAll().where('number', '=', receipt.number).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'web', state: 'accepted', confidential: true, created_by: null, citizen_name: '李四' });
    const event = await t.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', row.id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'accepted', actor_id: null, to_state: 'accepted' });
    expect(event.data).toMatchObject({ system: 'citizen', channel: 'web' });
  });

  it('records another public channel when one is named, and refuses the rest', async () => {
    const number = await submitted({ channel: 'wechat' }, '203.0.113.2');
    expect((await t.db.selectFrom('tickets').select('channel').where('number', '=', number).executeTakeFirstOrThrow()).channel).toBe('wechat');
    const phone = await pub('', matter({ channel: 'phone' }), '203.0.113.2');
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.fields[0].field).toBe('channel');
  });

  it('requires a valid phone and says which field is wrong', async () => {
    const { phone: _, ...without } = matter();
    const missing = await pub('', without, '203.0.113.3');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('phone');
    const bad = await pub('', matter({ phone: '12345' }), '203.0.113.3');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'phone', message: expect.stringContaining('电话') });
  });

  it('answers a retried submission with the same ticket (Idempotency-Key), and refuses the key for another matter', async () => {
    const headers = { 'idempotency-key': 'web-form-7f3a' };
    const first = await pub('', matter({ content: '路灯不亮，已有半个月。' }), '203.0.113.4', headers);
    expect(first.statusCode).toBe(201);
    const again = await pub('', matter({ content: '路灯不亮，已有半个月。' }), '203.0.113.4', headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().number).toBe(first.json().number);
    const other = await pub('', matter({ content: '另一件事。' }), '203.0.113.4', headers);
    expect(other.statusCode).toBe(409);
    // Staff using the same key get their own ticket: the citizen's keys live apart.
    const staff = await c.operator.send('POST', '/api/tickets', { channel: 'phone', type: 'complaint', content: '路灯不亮，已有半个月。' }, headers);
    expect(staff.statusCode).toBe(201);
    expect(staff.json().number).not.toBe(first.json().number);
  });

  it('limits submissions per address', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < LIMITS.submitPerHour; i++) expect((await pub('', matter({ content: `第 ${i} 件事。` }), ip)).statusCode).toBe(201);
    const over = await pub('', matter({ content: '再一件事。' }), ip);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect((await pub('', matter({ content: '别处来的。' }), '198.51.100.8')).statusCode).toBe(201);
  });
});

describe('following a ticket', () => {
  it('shows the citizen their ticket for the right phone, written any usual way', async () => {
    const number = await submitted({}, '203.0.113.10');
    for (const phone of [PHONE, '139-1234-5678', '+86 139 1234 5678']) {
      const res = await pub('/lookup', { number, phone }, '203.0.113.10');
      expect(res.statusCode, res.body).toBe(200);
      const v = res.json();
      expect(v).toMatchObject({
        number, state: 'accepted', stateLabel: '已受理', typeLabel: '投诉', citizen: { name: '李*', phone: '139****5678' },
        timeline: [{ step: 'accepted', label: '已受理', unitName: null }], result: null, rating: { open: false, given: null },
      });
    }
  });

  it('gives one and the same 404 for a wrong phone and an unknown number, and counts them', async () => {
    const number = await submitted({}, '203.0.113.11');
    const ip = '192.0.2.50';
    const wrongPhone = await pub('/lookup', { number, phone: '13900000000' }, ip);
    const unknown = await pub('/lookup', { number: '209901010001', phone: PHONE }, ip);
    expect(wrongPhone.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrongPhone.body).toBe(unknown.body);
    // A third miss uses up the budget: from then on even the right pair is refused from this address.
    expect((await pub('/lookup', { number, phone: '13900000001' }, ip)).statusCode).toBe(404);
    const blocked = await pub('/lookup', { number, phone: PHONE }, ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Failed ratings count too, and another address is not affected.
    expect((await pub('/rate', { number, phone: PHONE, resolved: true, satisfaction: 'satisfied' }, ip)).statusCode).toBe(429);
    expect((await pub('/lookup', { number, phone: PHONE }, '192.0.2.51')).statusCode).toBe(200);
  });

  it('limits look-ups per address, successful ones too', async () => {
    const number = await submitted({}, '203.0.113.13');
    const ip = '192.0.2.60';
    for (let i = 0; i < LIMITS.lookupPerMinute; i++) expect((await pub('/lookup', { number, phone: PHONE }, ip)).statusCode).toBe(200);
    expect((await pub('/lookup', { number, phone: PHONE }, ip)).statusCode).toBe(429);
  });

  it('refuses a malformed number with 400 naming the field', async () => {
    const res = await pub('/lookup', { number: 'abc', phone: PHONE }, '203.0.113.12');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('number');
  });
});

describe('rating', () => {
  it('is refused until there is an answer, then closes the ticket when the citizen is satisfied; once', async () => {
    const ip = '203.0.113.20';
    const number = await submitted({}, ip);
    const early = await pub('/rate', { number, phone: PHONE, resolved: true, satisfaction: 'satisfied' }, ip);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'not_rateable', message: expect.stringContaining('已受理'), message_en: expect.stringContaining('answered') });

    const { id } = await t.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await act(c.dispatcher, id, 'dispatch', { primaryUnitId: d01 });
    const handler = await api.login('h_d01');
    await act(handler, id, 'sign', {});
    await act(handler, id, 'reply', { result: '已协调施工单位停止夜间施工，并电话告知市民。', contacted: true });
    await act(c.reviewer, id, 'review', { approve: true });

    const seen = await pub('/lookup', { number, phone: PHONE }, ip);
    expect(seen.statusCode).toBe(200);
    const unitName = (await t.db.selectFrom('units').select('name').where('id', '=', d01).executeTakeFirstOrThrow()).name;
    const v = seen.json();
    expect(v).toMatchObject({ state: 'visiting', result: { text: '已协调施工单位停止夜间施工，并电话告知市民。', unitName }, rating: { open: true, given: null } });
    expect(v.timeline.map((s: { step: string }) => s.step)).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed']);
    expect(v.timeline[1]).toMatchObject({ label: '已转交承办单位办理', unitName });

    const wrong = await pub('/rate', { number, phone: '13900000000', resolved: true, satisfaction: 'satisfied' }, ip);
    expect(wrong.statusCode).toBe(404);
    const rated = await pub('/rate', { number, phone: PHONE, resolved: true, satisfaction: 'satisfied', comment: '处理及时，谢谢。' }, ip);
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ state: 'closed', stateLabel: '已办结', rating: { open: false, given: { resolved: true, satisfaction: 'satisfied' } } });

    const row = await t.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'closed', contacted: true, resolved: true, satisfaction: 'satisfied', close_reason: 'resolved' });
    const visited = await t.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', id).where('type', '=', 'visited').executeTakeFirstOrThrow();
    expect(visited.data).toMatchObject({ system: 'citizen', via: 'web', contacted: true, note: '处理及时，谢谢。' });

    const twice = await pub('/rate', { number, phone: PHONE, resolved: true, satisfaction: 'satisfied' }, ip);
    expect(twice.statusCode).toBe(409);
  });

  it('rates a direct answer; an unsatisfied citizen leaves it for the visitor and cannot rate again', async () => {
    const ip = '203.0.113.21';
    const number = await submitted({ type: 'consult', content: '办理居住证需要哪些材料？' }, ip);
    const { id } = await t.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await act(c.operator, id, 'answer', { answer: '请携带身份证、租房合同到社区服务中心办理。' });
    const seen = (await pub('/lookup', { number, phone: PHONE }, ip)).json();
    expect(seen).toMatchObject({ state: 'answered', result: { text: '请携带身份证、租房合同到社区服务中心办理。', unitName: null }, rating: { open: true } });

    const rated = await pub('/rate', { number, phone: PHONE, resolved: false, satisfaction: 'unsatisfied', comment: '材料清单不完整' }, ip);
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ state: 'answered', rating: { open: false, given: { resolved: false, satisfaction: 'unsatisfied' } } });
    const again = await pub('/rate', { number, phone: PHONE, resolved: true, satisfaction: 'satisfied' }, ip);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_rated');
  });
});

it('documents the public routes in /docs as needing no session, beside the attachment routes', async () => {
  const doc = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json();
  for (const route of ['/api/public/tickets', '/api/public/tickets/lookup', '/api/public/tickets/rate', '/api/public/tickets/attachments']) expect(doc.paths[route].post.security).toEqual([]);
  for (const route of ['/api/public/catalogue', '/api/public/geo/districts', '/api/public/location']) expect(doc.paths[route].get.security).toEqual([]);
  expect(doc.paths['/api/tickets/{id}/attachments'].post).toBeDefined();
  expect(doc.paths['/api/tickets/{id}/attachments/{attachmentId}'].get).toBeDefined();
});

describe('the catalogue and the map', () => {
  async function pubGet(url: string, ip = '203.0.113.40') {
    const res = await api.app.inject({ method: 'GET', url, remoteAddress: ip });
    bodies.push(res.body);
    return res;
  }

  it('lists the active types and the top-level subjects with their names, without an account', async () => {
    const res = await pubGet('/api/public/catalogue');
    expect(res.statusCode, res.body).toBe(200);
    const { platformName, types, subjects } = res.json();
    expect(platformName).toBe((await t.db.selectFrom('platforms').select('name').executeTakeFirstOrThrow()).name);
    expect(types).toContainEqual({ code: 'complaint', name: '投诉' });
    expect(types.map((x: { code: string }) => x.code)).toEqual(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other']);
    const tops = await t.db.selectFrom('subjects').select(['id', 'name']).where('parent_id', 'is', null).where('active', '=', true).execute();
    expect(subjects.length).toBe(tops.length);
    expect(subjects.length).toBeGreaterThan(5);
    expect(new Set(subjects.map((x: { id: number }) => x.id))).toEqual(new Set(tops.map((x) => x.id)));
    expect(Object.keys(subjects[0]).sort()).toEqual(['id', 'name']);

    // A type the administrator disables disappears from the citizen's choices.
    const admin = await api.login('admin');
    const off = await admin.send('PUT', '/api/catalogue/types/praise', { name: '表扬', nameEn: 'Praise', active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await pubGet('/api/public/catalogue')).json().types.map((x: { code: string }) => x.code)).not.toContain('praise');
    await admin.send('PUT', '/api/catalogue/types/praise', { name: '表扬', nameEn: 'Praise', active: true });
  });

  it('draws the districts and names the place at a point', async () => {
    const res = await pubGet('/api/public/geo/districts');
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    const districts = await t.db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'district').where('boundary', 'is not', null).execute();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { id: number }) => f.id).sort()).toEqual(districts.map((d) => d.id).sort());
    expect(fc.features[0].properties).toMatchObject({ name: expect.any(String), shortName: expect.any(String), code: expect.stringMatching(/^D0\d$/) });
    expect(fc.features[0].geometry.type).toBe('Polygon');

    const community = await t.db.selectFrom('units').select(['name', 'boundary']).where('code', '=', 'D01S01C01').executeTakeFirstOrThrow();
    const names = await t.db.selectFrom('units').select(['code', 'name']).where('code', 'in', ['D01', 'D01S01']).execute();
    const [lng, lat] = insidePoint(community.boundary as unknown as Polygon);
    const place = await pubGet(`/api/public/location?lng=${lng}&lat=${lat}`);
    expect(place.statusCode, place.body).toBe(200);
    expect(place.json()).toEqual({
      district: names.find((n) => n.code === 'D01')!.name, street: names.find((n) => n.code === 'D01S01')!.name, community: community.name,
    });
    // Far outside the city: nothing to name.
    expect((await pubGet('/api/public/location?lng=10&lat=10')).json()).toEqual({ district: null, street: null, community: null });
    const bad = await pubGet('/api/public/location?lng=500&lat=10');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('lng');
  });
});

/** A point well inside a polygon: the first grid point (finest grid first) the polygon holds, away from its edges. */
function insidePoint(polygon: Polygon): Position {
  const [minLng, minLat, maxLng, maxLat] = bbox(polygon);
  for (let n = 4; n <= 64; n *= 2) {
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        const p: Position = [minLng + ((maxLng - minLng) * i) / n, minLat + ((maxLat - minLat) * j) / n];
        const d = Math.min(maxLng - minLng, maxLat - minLat) / (4 * n);
        if ([p, [p[0] + d, p[1]], [p[0] - d, p[1]], [p[0], p[1] + d], [p[0], p[1] - d]].every((q) => pointInPolygon(q as Position, polygon))) return p;
      }
    }
  }
  throw new Error('no inside point found');
}

// A real 1×1 PNG, and a PDF's first bytes (a document, not a photo).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

interface FilePart { filename: string; type: string; bytes: Buffer }

/** A multipart/form-data body as a phone's browser sends it: the fields first, then the photo. */
function form(fields: Record<string, string>, file: FilePart | null): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----minsheng${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function photo(fields: Record<string, string>, file: FilePart | null, ip: string) {
  const { body, headers } = form(fields, file);
  const res = await api.app.inject({ method: 'POST', url: '/api/public/tickets/attachments', payload: body, headers, remoteAddress: ip });
  bodies.push(res.body);
  return res;
}

const png = (filename = '现场照片.png'): FilePart => ({ filename, type: 'image/png', bytes: PNG });

describe('adding a photo', () => {
  it('adds a photo to the citizen\'s own ticket: stored, on the record as the citizen\'s, listed when following', async () => {
    const ip = '203.0.113.50';
    const number = await submitted({}, ip);
    const res = await photo({ number, phone: '139 1234 5678' }, png(), ip);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ fileName: '现场照片.png', contentType: 'image/png', size: PNG.length, createdAt: expect.any(String) });

    const ticket = await t.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    const row = await t.db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ uploaded_by: null, assignment_id: null, content_type: 'image/png', size: PNG.length });
    const event = await t.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).where('type', '=', 'attachment_added').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: null });
    expect(event.data).toMatchObject({ system: 'citizen', attachmentId: row.id, fileName: '现场照片.png' });

    // Staff open the same bytes from the ticket.
    const download = await c.operator.get(`/api/tickets/${ticket.id}/attachments/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const seen = (await pub('/lookup', { number, phone: PHONE }, ip)).json();
    expect(seen.photos).toEqual([{ fileName: '现场照片.png', size: PNG.length, at: expect.any(String) }]);
    // The timeline stays the citizen's: a photo is no step of the handling.
    expect(seen.timeline.map((s: { step: string }) => s.step)).toEqual(['accepted']);
  });

  it('refuses a wrong phone with the look-up\'s 404, counted as a miss, and stores nothing', async () => {
    const ip = '203.0.113.51';
    const number = await submitted({}, ip);
    const before = await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const wrong = await photo({ number, phone: '13900000000' }, png(), ip);
    expect(wrong.statusCode).toBe(404);
    const lookupMiss = await pub('/lookup', { number, phone: '13900000000' }, ip);
    expect(wrong.body).toBe(lookupMiss.body);
    // Fields after the photo: checked after reading it, refused all the same.
    const { body, headers } = form({}, png());
    const tail = Buffer.from(body.toString('latin1').replace(/--(----minsheng[0-9a-f]+)--\r\n$/, (_m, b: string) => `--${b}\r\nContent-Disposition: form-data; name="number"\r\n\r\n${number}\r\n--${b}\r\nContent-Disposition: form-data; name="phone"\r\n\r\n13900000001\r\n--${b}--\r\n`), 'latin1');
    const late = await api.app.inject({ method: 'POST', url: '/api/public/tickets/attachments', payload: tail, headers, remoteAddress: ip });
    bodies.push(late.body);
    expect(late.statusCode).toBe(404);
    // Three misses used the budget (LIMITS.failuresPerHour): the right pair is refused too now.
    expect((await photo({ number, phone: PHONE }, png(), ip)).statusCode).toBe(429);
    const after = await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('takes photos only, whatever the file claims to be', async () => {
    const ip = '203.0.113.52';
    const number = await submitted({}, ip);
    const doc = await photo({ number, phone: PHONE }, { filename: '材料.pdf', type: 'application/pdf', bytes: PDF }, ip);
    expect(doc.statusCode).toBe(415);
    expect(doc.json().error).toMatchObject({ code: 'unsupported_file_type', fields: [{ field: 'file', message: expect.stringContaining('照片') }] });
    const posing = await photo({ number, phone: PHONE }, { filename: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<html><script>alert(1)</script></html>') }, ip);
    expect(posing.statusCode).toBe(415);
    const renamed = await photo({ number, phone: PHONE }, { filename: 'photo.jpg', type: 'image/jpeg', bytes: PNG }, ip);
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error.fields[0].field).toBe('file');
  });

  it('names the missing field', async () => {
    const ip = '203.0.113.53';
    const number = await submitted({}, ip);
    const noNumber = await photo({ phone: PHONE }, png(), ip);
    expect(noNumber.statusCode).toBe(400);
    expect(noNumber.json().error.fields[0].field).toBe('number');
    const noPhone = await photo({ number }, png(), ip);
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().error.fields[0].field).toBe('phone');
    const noFile = await photo({ number, phone: PHONE }, null, ip);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.fields[0].field).toBe('file');
    const extra = await photo({ number, phone: PHONE, assignmentId: '1' }, png(), ip);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.fields[0].field).toBe('assignmentId');
  });

  it('counts against the ticket\'s attachment limit, and takes nothing once the ticket is closed', async () => {
    const ip = '203.0.113.54';
    const number = await submitted({}, ip);
    await putSetting(t.db, 1, 'attachments.maxPerTicket', 2, api.clock.now());
    try {
      expect((await photo({ number, phone: PHONE }, png('1.png'), ip)).statusCode).toBe(201);
      expect((await photo({ number, phone: PHONE }, png('2.png'), ip)).statusCode).toBe(201);
      const third = await photo({ number, phone: PHONE }, png('3.png'), ip);
      expect(third.statusCode).toBe(409);
      expect(third.json().error).toMatchObject({ code: 'too_many_attachments', message: expect.stringContaining('最多 2 个') });
    } finally {
      await putSetting(t.db, 1, 'attachments.maxPerTicket', 20, api.clock.now());
    }
    const { id } = await t.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await act(c.operator, id, 'invalidate', { reason: '重复提交' });
    const closed = await photo({ number, phone: PHONE }, png('4.png'), ip);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({ code: 'ticket_closed', message: expect.stringContaining('无效') });
  });

  it('limits photos per address, a few per submission it may make', async () => {
    const ip = '203.0.113.55';
    const number = await submitted({}, ip);
    const allowed = LIMITS.submitPerHour * 3;
    for (let i = 0; i < allowed; i++) expect((await photo({ number, phone: PHONE }, png(`${i}.png`), ip)).statusCode).toBe(201);
    const over = await photo({ number, phone: PHONE }, png('over.png'), ip);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
  });
});

// Last in the file (tests run in order), so it sees every public answer above.
it('no public answer carries a phone number, the citizen\'s full name or a staff member\'s name', async () => {
  const staff = await t.db.selectFrom('users').select('display_name').where('username', 'in', ['operator1', 'dispatcher1', 'reviewer1', 'visitor1', 'h_d01']).execute();
  const names = staff.map((s) => s.display_name);
  expect(names.length).toBe(5);
  expect(bodies.length).toBeGreaterThan(20);
  for (const body of bodies) {
    expect(body).not.toContain(PHONE);
    expect(body).not.toContain('1234 5678');
    expect(body).not.toContain('李四');
    for (const name of names) expect(body).not.toContain(name);
  }
});
