import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Session, type TestApp } from '../support/app.js';
import { sharedPath } from '../support/shared.js';

const TAXONOMY = sharedPath('data/teddy2020/taxonomy.csv');

let api: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ api, session: admin } = await signedIn());
});

type Node = { id: number; name: string; level: number; code: string; active: boolean; children: Node[] };
const find = (nodes: Node[], name: string): Node | undefined => nodes.find((n) => n.name === name);
const count = (nodes: Node[]): number => nodes.reduce((s, n) => s + 1 + count(n.children), 0);

describe('subject catalogue', () => {
  it('starts with the default three-level tree, with the city-management subjects', async () => {
    const res = await admin.get('/api/catalogue/subjects');
    expect(res.statusCode).toBe(200);
    const tree: Node[] = res.json().tree;
    expect(tree.length).toBeGreaterThanOrEqual(12);
    const city = find(tree, '城市管理')!;
    const market = find(city.children, '市容环境')!;
    expect(market.level).toBe(2);
    expect(find(market.children, '暴露垃圾')).toMatchObject({ level: 3 });
    expect(market.code).toMatch(/^\d{2}\.\d{2}$/);
    for (const name of ['私搭乱建', '非法小广告', '机动车乱停放', '无照经营游商', '施工废弃料', '垃圾满溢']) {
      expect(JSON.stringify(tree)).toContain(`"name":"${name}"`);
    }
  });

  it('imports the real 15/118/517 taxonomy cleanly, and a second import changes nothing', async () => {
    const csv = readFileSync(TAXONOMY, 'utf8');
    const before = count((await admin.get('/api/catalogue/subjects')).json().tree);
    const first = await admin.send('POST', '/api/catalogue/subjects/import', csv, { 'content-type': 'text/csv' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().rows).toBe(517);
    expect(first.json().rejected).toEqual([]);
    const tree: Node[] = (await admin.get('/api/catalogue/subjects')).json().tree;
    const after = count(tree);
    expect(after - before).toBe(first.json().created);
    // Every row of the file is now a path in the tree.
    for (const line of csv.trim().split('\n').slice(1)) {
      const [a, b, c] = line.split(',').map((s) => s.trim());
      expect(find(find(find(tree, a!)!.children, b!)!.children, c!), line).toBeDefined();
    }
    // All 15 top-level classes exist, merged with the defaults where names agree.
    const tops = new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect(tops.size).toBe(15);
    for (const top of tops) expect(find(tree, top!)).toBeDefined();
    const again = await admin.send('POST', '/api/catalogue/subjects/import', csv, { 'content-type': 'text/csv' });
    expect(again.json()).toMatchObject({ rows: 517, created: 0, existing: 517, rejected: [] });
    expect(count((await admin.get('/api/catalogue/subjects')).json().tree)).toBe(after);
  });

  it('reports bad rows by line and keeps the good ones', async () => {
    const csv = ['一级分类,二级分类,三级分类', '测试大类,测试中类,测试小类', ',缺一级,某', '测试大类,,跳级', `测试大类,${'长'.repeat(61)},x`, '测试大类,测试中类,第二小类'].join('\n');
    const res = await admin.send('POST', '/api/catalogue/subjects/import', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected.map((r: { row: number }) => r.row)).toEqual([3, 4, 5]);
    expect(res.json().rejected[0]).toMatchObject({ field: '一级分类', message: expect.stringMatching(/[\u4e00-\u9fff]/), message_en: expect.stringMatching(/level 1/) });
    expect(res.json().rejected[1].field).toBe('二级分类');
    expect(res.json().created).toBe(4);
    const tree: Node[] = (await admin.get('/api/catalogue/subjects')).json().tree;
    expect(find(find(tree, '测试大类')!.children, '测试中类')!.children.map((n) => n.name)).toEqual(['测试小类', '第二小类']);
  });

  it('a CSV without the first-level column is refused whole', async () => {
    const res = await admin.send('POST', '/api/catalogue/subjects/import', 'a,b\n1,2', { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('file');
  });

  it('adds, renames and disables a subject; disabling reaches the subtree', async () => {
    const parent = await admin.send('POST', '/api/catalogue/subjects', { name: '新大类' });
    expect(parent.statusCode).toBe(200);
    expect(parent.json()).toMatchObject({ level: 1, parentId: null });
    const child = await admin.send('POST', '/api/catalogue/subjects', { parentId: parent.json().id, name: '新小类' });
    expect(child.json()).toMatchObject({ level: 2, code: `${parent.json().code}.01` });
    expect((await admin.send('PATCH', `/api/catalogue/subjects/${child.json().id}`, { name: '改名小类' })).json().name).toBe('改名小类');
    await admin.send('PATCH', `/api/catalogue/subjects/${parent.json().id}`, { active: false });
    const tree: Node[] = (await admin.get('/api/catalogue/subjects')).json().tree;
    expect(find(find(tree, '新大类')!.children, '改名小类')!.active).toBe(false);
    const dup = await admin.send('POST', '/api/catalogue/subjects', { name: '新大类' });
    expect(dup.statusCode).toBe(400);
  });
});

describe('code lists', () => {
  it('holds the integration codes for types, channels and urgencies', async () => {
    const codes = async (list: string) => (await admin.get(`/api/catalogue/${list}`)).json().items.map((i: { code: string }) => i.code);
    expect(await codes('types')).toEqual(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other']);
    expect(await codes('channels')).toEqual(['phone', 'grid', 'province', 'web', 'wechat', 'weibo', 'email', 'app', 'sms', 'leader', 'visit', 'department', 'open311']);
    expect(await codes('urgencies')).toEqual(['normal', 'urgent', 'critical']);
    expect((await admin.get('/api/catalogue/urgencies')).json().items.map((i: { name: string }) => i.name)).toEqual(['一般', '紧急', '特急']);
  });

  it('an administrator renames and adds codes; others may not', async () => {
    const res = await admin.send('PUT', '/api/catalogue/channels/wechat', { name: '微信公众号', nameEn: 'WeChat official account' });
    expect(res.json()).toMatchObject({ code: 'wechat', name: '微信公众号', active: true });
    const added = await admin.send('PUT', '/api/catalogue/channels/douyin', { name: '抖音', nameEn: 'Douyin', sortOrder: 200 });
    expect(added.json()).toMatchObject({ code: 'douyin', sortOrder: 200 });
    const op = await api.login('operator1');
    expect((await op.send('PUT', '/api/catalogue/channels/web', { name: '改', nameEn: 'x' })).statusCode).toBe(403);
    expect((await admin.get('/api/catalogue/colours')).statusCode).toBe(400);
  });
});
