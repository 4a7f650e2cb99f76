// The dispatch catalogue 派单目录 through the API: the demo rules, proposals by subject and place,
// who may edit, validation (fields named in Chinese and English, 66号文), CSV import and export,
// and joint-adjudication rulings that become rules and win the proposal.
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { centroid } from '../../src/domain/geo.js';
import { planDemoCity, type PlannedUnit } from '../../src/services/demo/city-plan.js';
import { planDemoDispatch } from '../../src/services/demo/dispatch-plan.js';
import { signedIn, type Session, type TestApp } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let dispatcher: Session;
let supervisor: Session;
let handler: Session;

const plan = planDemoCity();
const unitIds = new Map<string, number>();
const subjectIds = new Map<string, number>();
const subjectCodes = new Map<string, string>();

beforeAll(async () => {
  ({ t, api, session: admin } = await signedIn());
  [dispatcher, supervisor, handler] = await Promise.all([api.login('dispatcher1'), api.login('supervisor1'), api.login('h_d01')]);
  for (const u of await t.db.selectFrom('units').select(['id', 'code']).execute()) unitIds.set(u.code, u.id);
  const subjects = await t.db.selectFrom('subjects').select(['id', 'parent_id', 'name', 'code']).orderBy('level').execute();
  const pathOf = new Map<number, string>();
  for (const s of subjects) {
    const path = s.parent_id === null ? s.name : `${pathOf.get(s.parent_id)}/${s.name}`;
    pathOf.set(s.id, path);
    subjectIds.set(path, s.id);
    subjectCodes.set(path, s.code);
  }
});

const unit = (code: string): number => unitIds.get(code)!;
const subject = (path: string): number => subjectIds.get(path)!;
const byKey = new Map(plan.units.map((u) => [u.key, u]));
/** A point inside the first grid of a district (its centroid), with the grid's street. */
const placeIn = (districtKey: string): { lng: number; lat: number; streetId: number; grid: PlannedUnit } => {
  const grid = plan.units.find((u) => u.kind === 'grid' && u.key.startsWith(`${districtKey}-`))!;
  const street = byKey.get(byKey.get(grid.parentKey!)!.parentKey!)!;
  const [lng, lat] = centroid(grid.boundary!);
  return { lng, lat, streetId: unit(street.code), grid };
};
const propose = async (s: Session, subjectPath: string, where: { lng?: number; lat?: number; address?: string }) => {
  const q = new URLSearchParams({ subjectId: String(subject(subjectPath)) });
  for (const [k, v] of Object.entries(where)) if (v !== undefined) q.set(k, String(v));
  const res = await s.get(`/api/dispatch/propose?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { area: { streetId: number | null; districtId: number | null; method: string }; proposal: null | { primaryUnitId: number; assistingUnitIds: number[]; slaPolicyId: number | null; ruleId: number | null; reason: string; primaryUnit: { name: string } } };
};
const fieldOf = (res: LightMyRequestResponse, field: string) => {
  expect(res.statusCode, res.body).toBe(400);
  const f = res.json().error.fields.find((x: { field: string }) => x.field === field);
  expect(f, `${field} in ${res.body}`).toBeDefined();
  expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  expect(f.message_en).toMatch(/[A-Za-z]/);
  return f as { field: string; message: string; message_en: string };
};
const csvPost = (s: Session, body: string) => s.send('POST', '/api/dispatch-rules/import', body, { 'content-type': 'text/csv' });

describe('the demo catalogue', () => {
  it('is seeded and listed with names, filtered by subject, unit and source', async () => {
    const all = (await admin.get('/api/dispatch-rules?source=demo&pageSize=200')).json();
    expect(all.total).toBe(planDemoDispatch(plan).length);
    const appearance = all.items.find((r: { subject: { path: string }; areaUnit: unknown }) => r.subject.path === '城市管理 / 市容环境' && r.areaUnit === null);
    expect(appearance).toMatchObject({ primaryUnit: null, primaryAreaLevel: 'street', assistingUnits: [{ code: 'DEPT_URBAN', name: '市城市管理局' }], source: 'demo', active: true });

    const city = (await admin.get(`/api/dispatch-rules?subject=${subject('城市管理')}&pageSize=200`)).json();
    expect(city.items.length).toBeGreaterThan(5);
    expect(city.items.every((r: { subject: { path: string } }) => r.subject.path.startsWith('城市管理'))).toBe(true);

    const urban = (await handler.get(`/api/dispatch-rules?unit=${unit('DEPT_URBAN')}&pageSize=200`)).json();
    const paths = urban.items.map((r: { subject: { path: string } }) => r.subject.path);
    expect(paths).toContain('城市管理'); // primary
    expect(paths).toContain('城市管理 / 市容环境'); // assisting
    expect((await admin.get('/api/dispatch-rules?subject=99999999')).statusCode).toBe(404);
  });

  it('proposes the street where the ticket is for city appearance, the company for water, the district police for noise', async () => {
    const p1 = placeIn('d01');
    const garbage = await propose(dispatcher, '城市管理/市容环境/暴露垃圾', p1);
    expect(garbage.area).toMatchObject({ streetId: p1.streetId, method: 'point' });
    expect(garbage.proposal).toMatchObject({ primaryUnitId: p1.streetId, assistingUnitIds: [unit('DEPT_URBAN')] });
    expect(garbage.proposal!.reason).toMatch(/^派单目录：市容环境 → 属地街道（.+）$/);

    const water = await propose(dispatcher, '公用事业/供水/停水', { address: p1.grid.addressKeywords[0] });
    const policy = await t.db.selectFrom('sla_policies').select('id').where('name', '=', '水电气热·供水').executeTakeFirstOrThrow();
    expect(water.proposal).toMatchObject({ primaryUnitId: unit('ENT_WATER'), slaPolicyId: policy.id, primaryUnit: { name: '市自来水公司' } });

    const p3 = placeIn('d03');
    expect((await propose(dispatcher, '城市管理/噪音/社会生活噪音', p3)).proposal?.primaryUnitId).toBe(unit('DEPT_POLICE_D03'));
    expect((await propose(dispatcher, '城市管理/噪音/施工噪音', p3)).proposal?.primaryUnitId).toBe(unit('DEPT_ECO'));
    // Nowhere known: the street rule cannot resolve and falls through to 城市管理 → 城管局.
    expect((await propose(dispatcher, '城市管理/市容环境/暴露垃圾', { address: '某地' })).proposal?.primaryUnitId).toBe(unit('DEPT_URBAN'));
    expect((await propose(dispatcher, '其他/其他', p3)).proposal).toBeNull();
  });
});

describe('editing the catalogue', () => {
  it('refuses units, handlers and supervisors; admins and dispatchers may', async () => {
    const body = { subjectId: subject('城市管理/市容环境/道路不洁'), primaryUnitId: unit('DEPT_URBAN_SANITATION') };
    for (const s of [handler, supervisor, await api.login('ua_d01')]) {
      const res = await s.send('POST', '/api/dispatch-rules', body);
      expect(res.statusCode, res.body).toBe(403);
    }
    const created = await dispatcher.send('POST', '/api/dispatch-rules', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ subject: { name: '道路不洁', path: '城市管理 / 市容环境 / 道路不洁' }, primaryUnit: { code: 'DEPT_URBAN_SANITATION' }, priority: 100, source: 'admin' });
    const id = created.json().id;
    expect((await handler.send('PATCH', `/api/dispatch-rules/${id}`, { active: false })).statusCode).toBe(403);
    expect((await admin.send('PATCH', `/api/dispatch-rules/${id}`, { note: '环卫处负责道路保洁' })).json().note).toBe('环卫处负责道路保洁');
  });

  it('answers a bad field with 400 naming it in Chinese and English', async () => {
    const base = { subjectId: subject('城市管理/市容环境/道路不洁'), primaryUnitId: unit('DEPT_URBAN') };
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, priority: 'x' }), 'priority');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { subjectId: base.subjectId, primaryAreaLevel: 'city' }), 'primaryAreaLevel');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, colour: 'red' }), 'body');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { primaryUnitId: base.primaryUnitId }), 'subjectId');
    expect(fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, primaryUnitId: 99999999 }), 'primaryUnitId').message).toContain('不存在');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, subjectId: 99999999 }), 'subjectId');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, assistingUnitIds: [99999999] }), 'assistingUnitIds');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, slaPolicyId: 99999999 }), 'slaPolicyId');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, primaryAreaLevel: 'street' }), 'primaryUnitId'); // both
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { subjectId: base.subjectId }), 'primaryUnitId'); // neither
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, areaUnitId: unit('DEPT_POLICE') }), 'areaUnitId'); // not a place
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, primaryUnitId: unit('D01S01') }), 'areaUnitId'); // a street for the whole city
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, assistingUnitIds: [base.primaryUnitId] }), 'assistingUnitIds');
    // A disabled unit may not be named.
    await t.db.updateTable('units').set({ active: false }).where('code', '=', 'DEPT_SPORTS').execute();
    expect(fieldOf(await admin.send('POST', '/api/dispatch-rules', { ...base, primaryUnitId: unit('DEPT_SPORTS') }), 'primaryUnitId').message).toContain('已停用');
    await t.db.updateTable('units').set({ active: true }).where('code', '=', 'DEPT_SPORTS').execute();
  });

  it('66号文: a function department’s matter is not pushed down to the streets of an area', async () => {
    // 道路交通 is the traffic police's (a department) in the demo catalogue.
    const res = await admin.send('POST', '/api/dispatch-rules', { subjectId: subject('交通运输/道路交通/交通拥堵'), areaUnitId: unit('D01'), primaryAreaLevel: 'street' });
    expect(fieldOf(res, 'primaryAreaLevel').message).toContain('66号文');
    fieldOf(await admin.send('POST', '/api/dispatch-rules', { subjectId: subject('交通运输/道路交通'), areaUnitId: unit('D01S01'), primaryUnitId: unit('D01S01') }), 'primaryUnitId');
    // The street may assist, and the district platform may be primary.
    const ok = await admin.send('POST', '/api/dispatch-rules', {
      subjectId: subject('交通运输/道路交通/交通拥堵'), areaUnitId: unit('D01'), primaryUnitId: unit('DEPT_POLICE_TRAFFIC'), assistingUnitIds: [unit('D01S01')],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // 市容环境 is already the street's by the catalogue: an area rule to the community is fine.
    const community = await admin.send('POST', '/api/dispatch-rules', { subjectId: subject('城市管理/市容环境/沿街晾挂'), areaUnitId: unit('D02'), primaryAreaLevel: 'community' });
    expect(community.statusCode, community.body).toBe(200);
  });

  it('one active rule per subject, area and priority (409); a different priority is another rule', async () => {
    const body = { subjectId: subject('城市管理/市容环境/非法小广告'), areaUnitId: unit('D05'), primaryUnitId: unit('D05_URBAN') };
    expect((await admin.send('POST', '/api/dispatch-rules', body)).statusCode).toBe(200);
    const dup = await admin.send('POST', '/api/dispatch-rules', { ...body, primaryUnitId: unit('DEPT_URBAN') });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'duplicate_rule', message: expect.stringContaining('优先级') });
    expect((await admin.send('POST', '/api/dispatch-rules', { ...body, primaryUnitId: unit('DEPT_URBAN'), priority: 200 })).statusCode).toBe(200);
  });

  it('specificity: an area rule beats the city-wide one, a deeper subject beats an area rule on its parent; disabling falls back', async () => {
    const inD04 = placeIn('d04');
    const inD06 = placeIn('d06');
    const areaRule = await admin.send('POST', '/api/dispatch-rules', { subjectId: subject('城市管理/市容环境'), areaUnitId: unit('D04'), primaryUnitId: unit('D04_URBAN') });
    expect(areaRule.statusCode, areaRule.body).toBe(200);
    const ruleId = areaRule.json().id;
    const exposed = await propose(dispatcher, '城市管理/市容环境/暴露垃圾', inD04);
    expect(exposed.proposal).toMatchObject({ primaryUnitId: unit('D04_URBAN'), ruleId });
    expect(exposed.proposal!.reason).toContain('（');
    // Elsewhere, the street.
    expect((await propose(dispatcher, '城市管理/市容环境/暴露垃圾', inD06)).proposal?.primaryUnitId).toBe(inD06.streetId);
    // 垃圾满溢 has its own city-wide rule (环卫处): the deeper subject wins over D04's rule on 市容环境.
    expect((await propose(dispatcher, '城市管理/市容环境/垃圾满溢', inD04)).proposal?.primaryUnitId).toBe(unit('DEPT_URBAN_SANITATION'));

    // Switching the target to a level clears the fixed unit; disabling falls back to the street.
    const toDistrict = await dispatcher.send('PATCH', `/api/dispatch-rules/${ruleId}`, { primaryAreaLevel: 'district' });
    expect(toDistrict.json()).toMatchObject({ primaryUnit: null, primaryAreaLevel: 'district' });
    expect((await propose(dispatcher, '城市管理/市容环境/暴露垃圾', inD04)).proposal?.primaryUnitId).toBe(unit('D04'));
    expect((await dispatcher.send('PATCH', `/api/dispatch-rules/${ruleId}`, { active: false })).json().active).toBe(false);
    expect((await propose(dispatcher, '城市管理/市容环境/暴露垃圾', inD04)).proposal?.primaryUnitId).toBe(inD04.streetId);
    expect((await dispatcher.send('PATCH', '/api/dispatch-rules/99999999', { active: false })).statusCode).toBe(404);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_type', '=', 'dispatch_rule').where('target_id', '=', String(ruleId)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['dispatch_rule.create', 'dispatch_rule.update', 'dispatch_rule.update']);
    expect(audit[2]!.details).toMatchObject({ active: false, before: { active: true } });
  });

  it('a disabled target unit makes its rule fall through', async () => {
    const inD07 = placeIn('d07');
    expect((await propose(dispatcher, '公安司法/治安管理/社会治安', inD07)).proposal?.primaryUnitId).toBe(unit('DEPT_POLICE_D07'));
    await t.db.updateTable('units').set({ active: false }).where('code', '=', 'DEPT_POLICE_D07').execute();
    expect((await propose(dispatcher, '公安司法/治安管理/社会治安', inD07)).proposal?.primaryUnitId).toBe(unit('DEPT_POLICE'));
    await t.db.updateTable('units').set({ active: true }).where('code', '=', 'DEPT_POLICE_D07').execute();
  });
});

describe('CSV import and export', () => {
  const header = '诉求分类编码,区域单位编码,主办单位编码,属地层级,协办单位编码,时限策略,优先级,备注';

  it('keeps the good rows, reports each bad one by line and column, and repeats safely', async () => {
    const code = (path: string) => subjectCodes.get(path)!;
    const file = [
      header,
      `${code('公用事业/供水/水费')},,ENT_WATER,,DEPT_FINANCE;DEPT_MARKET,水电气热·供水,100,水费争议`, // 2 good
      `99.99.99,,ENT_WATER,,,,,`, // 3 unknown subject
      `${code('公用事业/供水/水压水质')},,NOPE,,,,,`, // 4 unknown unit
      `${code('公用事业/供水/水压水质')},,,城堡,,,,`, // 5 unknown level
      `${code('交通运输/道路交通/交通信号')},D02,,街道乡镇,,,,`, // 6 66号文
      `${code('公用事业/供水/水压水质')},,,,,,,`, // 7 no target
      `${code('公用事业/供电/电费')},,ENT_POWER,,,没有的策略,,`, // 8 unknown policy
      `${code('城乡建设/物业管理/物业服务')},D03,,街道,DEPT_HOUSING_PROPERTY,,50,`, // 9 good: in D03 the street, not the community
      `${code('城乡建设/物业管理/物业服务')},D03,D03_HOUSING,,,,50,`, // 10 same place as line 9
      `${code('公用事业/燃气/停气')},,ENT_GAS,,,,x,`, // 11 bad priority
    ].join('\n');
    const res = await csvPost(admin, file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rows: 10, created: 2, updated: 0, existing: 0 });
    expect(body.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [3, '诉求分类编码'], [4, '主办单位编码'], [5, '属地层级'], [6, '属地层级'], [7, '主办单位编码'], [8, '时限策略'], [10, '优先级'], [11, '优先级'],
    ]);
    expect(body.rejected.find((r: { row: number }) => r.row === 6).message).toContain('66号文');
    const property = await propose(dispatcher, '城乡建设/物业管理/物业服务', placeIn('d03'));
    expect(property.proposal).toMatchObject({ primaryUnitId: placeIn('d03').streetId, assistingUnitIds: [unit('DEPT_HOUSING_PROPERTY')] });
    expect(body.rejected.every((r: { message: string; message_en: string }) => /[\u4e00-\u9fff]/.test(r.message) && /[A-Za-z]/.test(r.message_en))).toBe(true);

    const water = await propose(dispatcher, '公用事业/供水/水费', {});
    expect(water.proposal).toMatchObject({ primaryUnitId: unit('ENT_WATER'), assistingUnitIds: [unit('DEPT_FINANCE'), unit('DEPT_MARKET')] });
    const imported = (await admin.get('/api/dispatch-rules?source=import')).json();
    expect(imported.total).toBe(2);

    const again = await csvPost(admin, file);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, existing: 2 });
    expect(again.json().rejected).toHaveLength(8);

    // A changed row at the same place updates that rule.
    const changed = await csvPost(admin, [header, `${code('公用事业/供水/水费')},,ENT_WATER,,DEPT_FINANCE,水电气热·供水,100,只需财政局协办`].join('\n'));
    expect(changed.json()).toMatchObject({ created: 0, updated: 1, existing: 0, rejected: [] });
    expect((await propose(dispatcher, '公用事业/供水/水费', {})).proposal?.assistingUnitIds).toEqual([unit('DEPT_FINANCE')]);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'dispatch_rule.import').execute()).toHaveLength(3);
  });

  it('refuses a file without the needed columns, and users who may not edit', async () => {
    const bad = await csvPost(admin, 'a,b\n1,2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('file');
    expect((await csvPost(handler, `${header}\n`)).statusCode).toBe(403);
  });

  it('exports every rule with names beside the codes, and the file imports back unchanged', async () => {
    const res = await handler.get('/api/dispatch-rules/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: string[][] = parse(res.body.slice(1));
    expect(rows[0]).toEqual(['诉求分类编码', '诉求分类', '区域单位编码', '区域单位', '主办单位编码', '主办单位', '属地层级', '协办单位编码', '协办单位', '时限策略', '优先级', '备注', '状态', '来源']);
    expect(rows).toContainEqual(expect.arrayContaining([subjectCodes.get('城市管理/市容环境'), '城市管理 / 市容环境', '街道乡镇', 'DEPT_URBAN', '市城市管理局', '启用', '演示']));
    const total = (await admin.get('/api/dispatch-rules?pageSize=1')).json().total;
    expect(rows.length - 1).toBe(total);
    const before = await t.db.selectFrom('dispatch_rules').selectAll().orderBy('id').execute();
    const back = await csvPost(admin, res.body);
    expect(back.json()).toEqual({ rows: total, created: 0, updated: 0, existing: total, rejected: [] });
    expect(await t.db.selectFrom('dispatch_rules').selectAll().orderBy('id').execute()).toEqual(before);
  });
});

describe('joint adjudication 联席研判', () => {
  const manhole = '城市管理/市政设施/井盖缺失破损';

  it('records a ruling that becomes a rule and then wins the proposal; a later ruling supersedes it', async () => {
    const inD05 = placeIn('d05');
    expect((await propose(dispatcher, manhole, inD05)).proposal?.primaryUnitId).toBe(unit('DEPT_URBAN'));
    const res = await supervisor.send('POST', '/api/adjudications', {
      subjectId: subject(manhole), areaUnitId: unit('D05'), primaryUnitId: unit('ENT_DRAINAGE'), assistingUnitIds: [unit('D05_URBAN')],
      participants: '市城管局、市排水公司、芦川县城管局', reasoning: '雨污水井盖产权属排水公司，由其主办；县城管局配合现场处置。', makeRule: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const ruling = res.json();
    expect(ruling).toMatchObject({ subject: { name: '井盖缺失破损' }, areaUnit: { code: 'D05' }, primaryUnit: { code: 'ENT_DRAINAGE' }, assistingUnits: [{ code: 'D05_URBAN' }], decidedBy: { name: '督办员一' } });
    expect(ruling.ruleId).toEqual(expect.any(Number));
    const rules = (await admin.get('/api/dispatch-rules?source=adjudication')).json().items;
    expect(rules).toEqual([expect.objectContaining({ id: ruling.ruleId, rulingId: ruling.id, priority: 10, active: true })]);
    const proposal = await propose(dispatcher, manhole, inD05);
    expect(proposal.proposal).toMatchObject({ primaryUnitId: unit('ENT_DRAINAGE'), assistingUnitIds: [unit('D05_URBAN')], ruleId: ruling.ruleId });
    // Outside the area the catalogue stands.
    expect((await propose(dispatcher, manhole, placeIn('d06'))).proposal?.primaryUnitId).toBe(unit('DEPT_URBAN'));

    const later = await dispatcher.send('POST', '/api/adjudications', {
      subjectId: subject(manhole), areaUnitId: unit('D05'), primaryUnitId: unit('D05_URBAN'), reasoning: '复议：由县城管局主办。', makeRule: true,
    });
    expect(later.statusCode, later.body).toBe(200);
    const all = (await admin.get('/api/dispatch-rules?source=adjudication')).json().items;
    expect(all.map((r: { id: number; active: boolean }) => [r.id, r.active])).toEqual([[ruling.ruleId, false], [later.json().ruleId, true]]);
    expect((await propose(dispatcher, manhole, inD05)).proposal?.primaryUnitId).toBe(unit('D05_URBAN'));

    const list = (await dispatcher.get('/api/adjudications')).json();
    expect(list.total).toBe(2);
    expect(list.items[0].id).toBe(later.json().id); // newest first
    const audited = await t.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', 'in', ['adjudication.create', 'dispatch_rule.create']).execute();
    expect(audited.filter((a) => a.action === 'adjudication.create').map((a) => a.target_id)).toEqual([String(ruling.id), String(later.json().id)]);
    expect(audited.find((a) => a.target_id === String(later.json().ruleId) && a.action === 'dispatch_rule.create')?.details)
      .toMatchObject({ source: 'adjudication', rulingId: later.json().id, superseded: [ruling.ruleId] });
  });

  it('a ruling alone is a record; made a rule it is checked like one (66号文)', async () => {
    const pushDown = {
      subjectId: subject('交通运输/道路交通/交通设施'), areaUnitId: unit('D01S01'), primaryUnitId: unit('D01S01'), reasoning: '路口护栏由街道管理。',
    };
    const refused = await admin.send('POST', '/api/adjudications', { ...pushDown, makeRule: true });
    expect(fieldOf(refused, 'primaryUnitId').message).toContain('66号文');
    const recorded = await admin.send('POST', '/api/adjudications', pushDown);
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json().ruleId).toBeNull();
  });

  it('refuses units and bad references', async () => {
    const body = { subjectId: subject(manhole), primaryUnitId: unit('ENT_DRAINAGE'), reasoning: '测试' };
    expect((await handler.send('POST', '/api/adjudications', body)).statusCode).toBe(403);
    expect((await handler.get('/api/adjudications')).statusCode).toBe(403);
    fieldOf(await admin.send('POST', '/api/adjudications', { ...body, ticketId: 99999999 }), 'ticketId');
    fieldOf(await admin.send('POST', '/api/adjudications', { ...body, primaryUnitId: 99999999 }), 'primaryUnitId');
    fieldOf(await admin.send('POST', '/api/adjudications', { ...body, reasoning: ' ' }), 'reasoning');
    fieldOf(await admin.send('POST', '/api/adjudications', { primaryUnitId: unit('ENT_DRAINAGE'), reasoning: '无分类' }), 'subjectId');
  });
});

describe('location look-up', () => {
  it('resolves an address or a point with unit names, for anyone signed in', async () => {
    const p = placeIn('d02');
    const byAddress = (await handler.get(`/api/location/resolve?address=${encodeURIComponent(p.grid.addressKeywords[0]!)}`)).json();
    expect(byAddress).toMatchObject({ method: 'address', streetId: p.streetId, grid: { code: p.grid.code, name: p.grid.name }, district: { code: 'D02' } });
    const byPoint = (await handler.get(`/api/location/resolve?lng=${p.lng}&lat=${p.lat}`)).json();
    expect(byPoint).toMatchObject({ method: 'point', grid: { code: p.grid.code } });
    fieldOf(await handler.get('/api/location/resolve?lng=118.9'), 'lat');
    fieldOf(await handler.get('/api/location/resolve?lng=500&lat=32'), 'lng');
    expect((await api.app.inject({ method: 'GET', url: '/api/location/resolve?address=x' })).statusCode).toBe(401);
  });
});

describe('round trip after rulings and edits', () => {
  it('the export, with disabled and superseded rules in it, still imports back unchanged', async () => {
    const res = await admin.get('/api/dispatch-rules/export');
    const rows: string[][] = parse(res.body.slice(1));
    expect(rows.some((r) => r[12] === '停用')).toBe(true);
    expect(rows.some((r) => r[13] === '联席研判')).toBe(true);
    const before = await t.db.selectFrom('dispatch_rules').selectAll().orderBy('id').execute();
    const back = await csvPost(admin, res.body);
    expect(back.json()).toMatchObject({ created: 0, updated: 0, existing: rows.length - 1, rejected: [] });
    expect(await t.db.selectFrom('dispatch_rules').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
