// GET /api/stats, /api/stats/tickets and /api/stats/export over a demo history: the drill-down lists
// as many tickets as the cell counts, the Excel file holds the same table, a district's leader is
// kept to the district, and bad queries get a 400 naming the field.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { rebuildRollups } from '../../src/services/stats/rollup.js';
import type { StatsResult } from '../../src/services/stats/types.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const PERIOD = 'from=2026-01-01&to=2026-11-20';
let t: TestDatabase;
let api: TestApp;
let leader: Session;

beforeAll(async () => {
  t = await testDatabase();
  await seedHistory(t.db, testVault, { count: 500, seed: 5, now: NOW, via: 'bulk', sweep: sweepDeadlines });
  await rebuildRollups(t.db, 1, NOW);
  api = await testApp(t.db);
  api.clock.set(NOW);
  leader = await api.login('leader1');
}, 120_000);

describe('GET /api/stats', () => {
  it('groups by district with changes, and the drill-down lists exactly the tickets of a cell', async () => {
    const res = await leader.get(`/api/stats?${PERIOD}&by=district&figures=received,closed,closureRate&compare=true`);
    expect(res.statusCode).toBe(200);
    const r = res.json<StatsResult>();
    expect(r.rows.length).toBeGreaterThan(2);
    expect(r.lastYear).toEqual({ from: '2025-01-01', to: '2025-11-20' });
    expect(r.rows.reduce((s, x) => s + x.figures.received!.value!, 0)).toBe(r.total.figures.received!.value);
    const cell = r.rows[0]!;
    const drill = await leader.get(`/api/stats/tickets?${PERIOD}&by=district&keys=${cell.keys[0]!.key}&figure=closed&limit=200`);
    expect(drill.statusCode).toBe(200);
    const page = drill.json<{ total: number; items: { id: number; state: string }[] }>();
    expect(page.total).toBe(cell.figures.closed!.value);
    expect(page.items.every((i) => i.state === 'closed' || i.state === 'archived')).toBe(true);
    // Paging: the second page continues the first.
    const second = await leader.get(`/api/stats/tickets?${PERIOD}&by=district&keys=${cell.keys[0]!.key}&figure=closed&limit=5&offset=5`);
    expect(second.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual(page.items.slice(5, 10).map((i) => i.id));
    // The unnamed group (tickets without a district): no key, or an empty one.
    const unnamed = r.rows.find((x) => x.keys[0]!.key === '')?.figures.received!.value ?? 0;
    for (const url of [`/api/stats/tickets?${PERIOD}&by=district`, `/api/stats/tickets?${PERIOD}&by=district&keys=`]) {
      expect((await leader.get(url)).json<{ total: number }>().total).toBe(unnamed);
    }
  });

  it('exports the same table to Excel', async () => {
    const json = (await leader.get(`/api/stats?${PERIOD}&by=channel&figures=received,satisfactionRate`)).json<StatsResult>();
    const res = await leader.get(`/api/stats/export?${PERIOD}&by=channel&figures=received,satisfactionRate`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const flat = values.map((v) => v.map((c) => (c && typeof c === 'object' && 'result' in c ? (c as { result: unknown }).result : c)));
    const first = json.rows[0]!;
    expect(flat.some((v) => v[0] === first.keys[0]!.label && v[1] === first.figures.received!.value)).toBe(true);
    expect(flat.some((v) => v[0] === '合计' && v[1] === json.total.figures.received!.value)).toBe(true);
  });

  it("keeps a district's leader to the district", async () => {
    const user = await t.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select(['users.username', 'units.id'])
      .where('units.kind', '=', 'district').where((eb) => eb(eb.val('leader'), '=', eb.fn.any('users.roles'))).executeTakeFirstOrThrow();
    const district = await api.login(user.username);
    const r = (await district.get(`/api/stats?${PERIOD}&by=district&figures=received`)).json<StatsResult>();
    const city = (await leader.get(`/api/stats?${PERIOD}&by=district&figures=received`)).json<StatsResult>();
    const own = city.rows.find((x) => x.keys[0]!.key === String(user.id))!;
    expect(r.rows.find((x) => x.keys[0]!.key === String(user.id))!.figures.received!.value).toBe(own.figures.received!.value);
    expect(r.total.figures.received!.value).toBeLessThan(city.total.figures.received!.value!);
    // Another district's cell drills into nothing.
    const other = city.rows.find((x) => x.keys[0]!.key !== String(user.id) && x.keys[0]!.key !== '')!;
    const drill = (await district.get(`/api/stats/tickets?${PERIOD}&by=district&keys=${other.keys[0]!.key}`)).json<{ total: number }>();
    expect(drill.total).toBe(0);
  });

  it('groups types by the report group an administrator sets (seed 000: 批评投诉类 …)', async () => {
    const admin = await api.login('admin');
    for (const code of ['complaint', 'report']) {
      const types = (await admin.get('/api/catalogue/types')).json<{ items: { code: string; name: string; nameEn: string }[] }>().items;
      const type = types.find((x) => x.code === code)!;
      const put = await admin.send('PUT', `/api/catalogue/types/${code}`, { name: type.name, nameEn: type.nameEn, reportGroup: '批评投诉类' });
      expect(put.statusCode).toBe(200);
      expect(put.json<{ reportGroup: string }>().reportGroup).toBe('批评投诉类');
    }
    const byType = (await leader.get(`/api/stats?${PERIOD}&by=type&figures=received`)).json<StatsResult>();
    const byGroup = (await leader.get(`/api/stats?${PERIOD}&by=typeGroup&figures=received`)).json<StatsResult>();
    const of = (r: StatsResult, key: string) => r.rows.find((x) => x.keys[0]!.key === key)?.figures.received!.value ?? 0;
    expect(of(byGroup, '批评投诉类')).toBe(of(byType, 'complaint') + of(byType, 'report'));
    expect(of(byGroup, '批评投诉类')).toBeGreaterThan(0);
    // Other types keep their own names as groups.
    expect(of(byGroup, '咨询')).toBe(of(byType, 'consult'));
    const filtered = (await leader.get(`/api/stats?${PERIOD}&typeGroup=批评投诉类&figures=received`)).json<StatsResult>();
    expect(filtered.total.figures.received!.value).toBe(of(byGroup, '批评投诉类'));
  });

  it('refuses bad queries naming the field, strangers and handlers', async () => {
    const bad = await leader.get('/api/stats?from=2026-13-01&to=2026-11-20');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { fields: { field: string }[] } }>().error.fields.map((f) => f.field)).toContain('from');
    const dim = await leader.get(`/api/stats?${PERIOD}&by=planet`);
    expect(dim.statusCode).toBe(400);
    expect(dim.body).toContain('by');
    const fig = await leader.get(`/api/stats/tickets?${PERIOD}&by=district&keys=1&figure=closureRate`);
    expect(fig.statusCode).toBe(400);
    expect((await api.app.inject({ method: 'GET', url: `/api/stats?${PERIOD}` })).statusCode).toBe(401);
    const handlerName = await t.db.selectFrom('users').select('username').where((eb) => eb(eb.val('handler'), '=', eb.fn.any('roles')))
      .where((eb) => eb.not(eb(eb.val('leader'), '=', eb.fn.any('roles')))).executeTakeFirstOrThrow();
    const handler = await api.login(handlerName.username);
    expect((await handler.get(`/api/stats?${PERIOD}`)).statusCode).toBe(403);
  });
});
