// Bulk imports of units and users: good rows saved, each bad row reported by line, scope enforced.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Session, type TestApp } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, api, session: admin } = await signedIn());
});

const csv = (...lines: string[]) => lines.join('\n');
const post = (s: Session, url: string, body: string) => s.send('POST', url, body, { 'content-type': 'text/csv' });

describe('unit import', () => {
  it('creates new units (children before or after their parents), skips existing codes, reports bad rows', async () => {
    const res = await post(admin, '/api/units/import', csv(
      '单位编码,单位名称,简称,类型,上级编码',
      'D01S01X1,新港社区,,社区村,D01S01X', // parent comes two lines later
      'D01,青江区,,区县,C', // exists
      'D01S01X,新港街道,新港,街道乡镇,D01',
      'BAD CODE,坏编码,,部门,C',
      'D01S01X2,网格直属,,网格,D01', // a grid under a district
      'D01S01X3,无名上级,,社区村,NOPE',
      'D01S01X4,,,社区村,D01S01X',
      'D01S01X5,怪类型,,城堡,D01',
      'D01S01X6,新港社区,,社区村,D01S01X', // same name as line 2 under the same parent
    ));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rows: 9, created: 2, existing: 1 });
    expect(body.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [5, '单位编码'], [6, '类型'], [7, '上级编码'], [8, '单位名称'], [9, '类型'], [10, '单位名称'],
    ]);
    const street = await t.db.selectFrom('units').selectAll().where('code', '=', 'D01S01X').executeTakeFirstOrThrow();
    const community = await t.db.selectFrom('units').selectAll().where('code', '=', 'D01S01X1').executeTakeFirstOrThrow();
    const d1 = await t.db.selectFrom('units').selectAll().where('code', '=', 'D01').executeTakeFirstOrThrow();
    expect(street).toMatchObject({ parent_id: d1.id, kind: 'street', short_name: '新港', path: `${d1.path}${street.id}/`, depth: d1.depth + 1 });
    expect(community).toMatchObject({ parent_id: street.id, kind: 'community', path: `${street.path}${community.id}/`, depth: d1.depth + 2 });
  });

  it('a district administrator cannot import under another district; the export imports back as all existing', async () => {
    const ua = await api.login('ua_d01');
    const res = await post(ua, '/api/units/import', csv('单位编码,单位名称,简称,类型,上级编码', 'D02S01Y,越界街道,,街道乡镇,D02', 'D01S09Y,本区街道,,street,D01'));
    expect(res.json().created).toBe(1);
    expect(res.json().rejected).toEqual([expect.objectContaining({ row: 2, field: '上级编码' })]);
    expect(await t.db.selectFrom('units').select('id').where('code', '=', 'D02S01Y').executeTakeFirst()).toBeUndefined();
    const exported = (await ua.get('/api/units/export')).body;
    const again = await post(ua, '/api/units/import', exported);
    expect(again.json()).toMatchObject({ created: 0, rejected: [] });
    expect(again.json().existing).toBe(again.json().rows);
    expect((await post(await api.login('h_d01'), '/api/units/import', exported)).statusCode).toBe(403);
  });

  it('reports the lines a person sees in the file: blank lines, cells over several lines, rows of bare commas', async () => {
    const ua = await api.login('ua_d01');
    const res = await post(ua, '/api/units/import', [
      '单位编码,单位名称,简称,类型,上级编码', // line 1
      '', // 2
      'D01S91,"两行\n的名字",,街道乡镇,D01', // 3-4: a quoted cell over two lines
      ',,,,', // 5: Excel's leftovers
      'D02,借用编码,,街道乡镇,D01', // 6: another district's code
      'D01S92,,,街道乡镇,D01', // 7: no name
    ].join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, created: 1, existing: 0 });
    expect(res.json().rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([[6, '单位编码'], [7, '单位名称']]);
    expect(res.json().rejected[0].message).toContain('管辖范围外');
    const headerOnly = await post(ua, '/api/units/import', '单位编码,单位名称,简称,类型,上级编码\n');
    expect(headerOnly.json()).toMatchObject({ rows: 0, created: 0, rejected: [] });
  });

  it('refuses a file without the needed columns', async () => {
    const res = await post(admin, '/api/units/import', 'a,b\n1,2');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('file');
  });
});

describe('user import', () => {
  it('creates the good rows, who can then log in, and reports each bad row', async () => {
    const before = await t.db.selectFrom('users').select('id').execute();
    const res = await post(admin, '/api/users/import', csv(
      '用户名,姓名,单位编码,角色,初始密码',
      'imp_one,导入一,D01,承办人,Passw0rd1',
      'imp_two,导入二,D01S01,handler、unit_admin,Passw0rd2',
      'Bad Name,坏名,D01,承办人,Passw0rd3',
      'operator1,重名,D01,承办人,Passw0rd4',
      'imp_three,导入三,NOPE,承办人,Passw0rd5',
      'imp_four,导入四,D01,皇帝,Passw0rd6',
      'imp_five,导入五,D01,承办人,short',
      'imp_one,又一个,D01,承办人,Passw0rd7',
      'imp_six,导入六,D01,系统管理员,Passw0rd8',
    ));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 9, created: 2 });
    expect(res.json().rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [4, '用户名'], [5, '用户名'], [6, '单位编码'], [7, '角色'], [8, '初始密码'], [9, '用户名'], [10, '角色'],
    ]);
    expect((await t.db.selectFrom('users').select('id').execute()).length).toBe(before.length + 2);
    const two = await api.login('imp_two', 'Passw0rd2');
    expect(two.user.roles).toEqual(['handler', 'unit_admin']);
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'user.import').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ rows: 9, created: 2, rejected: 7 });
  });

  it('a district administrator imports only into their own subtree, and only unit roles', async () => {
    const ua = await api.login('ua_d01');
    const res = await post(ua, '/api/users/import', csv(
      'username,displayName,unitCode,roles,password',
      'imp_d1,本区新人,D01S01,handler,Passw0rd1',
      'imp_d2,外区新人,D02,handler,Passw0rd1',
      'imp_d3,本区派单,D01,dispatcher,Passw0rd1',
    ));
    expect(res.json().created).toBe(1);
    expect(res.json().rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([[3, 'unitCode'], [4, 'roles']]);
  });
});
