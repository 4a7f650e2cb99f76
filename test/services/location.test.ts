// Location resolution on the demo city: a point to the unit of each level whose boundary holds it,
// an address to the unit its keywords name, ancestors filled from the tree, the cache following edits.
import { beforeAll, describe, expect, it } from 'vitest';
import { centroid, type Polygon, type Position } from '../../src/domain/geo.js';
import { planDemoCity, type PlannedUnit } from '../../src/services/demo/city-plan.js';
import { describeArea, resolveLocation } from '../../src/services/location.js';
import { DEFAULT_PLATFORM_ID } from '../../src/services/platform.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
const plan = planDemoCity();
const byKey = new Map(plan.units.map((u) => [u.key, u]));
const idOfCode = new Map<string, number>();

beforeAll(async () => {
  t = await testDatabase();
  for (const u of await t.db.selectFrom('units').select(['id', 'code']).execute()) idOfCode.set(u.code, u.id);
});

const id = (key: string): number => idOfCode.get(byKey.get(key)!.code)!;
const grids = plan.units.filter((u) => u.kind === 'grid');
/** The grid, its community, street and district (the plan's keys nest: d01-s02-c03-g1). */
const lineage = (grid: PlannedUnit) => {
  const community = byKey.get(grid.parentKey!)!;
  const street = byKey.get(community.parentKey!)!;
  const district = byKey.get(street.parentKey!)!;
  return { gridId: id(grid.key), communityId: id(community.key), streetId: id(street.key), districtId: id(district.key) };
};
const resolve = (input: { address?: string; lng?: number; lat?: number }) => resolveLocation(t.db, DEFAULT_PLATFORM_ID, input);

describe('resolveLocation by point', () => {
  it('puts each grid’s centroid in that grid, its community, street and district', async () => {
    // Every seventh grid: some sixty points spread over all seven districts.
    const sample = grids.filter((_, i) => i % 7 === 0);
    expect(new Set(sample.map((g) => g.key.slice(0, 3))).size).toBe(7);
    for (const grid of sample) {
      const [lng, lat] = centroid(grid.boundary!);
      expect(await resolve({ lng, lat }), grid.key).toEqual({ ...lineage(grid), method: 'point' });
    }
  });

  it('prefers the point to the address, and falls back to the address when the point is outside the city', async () => {
    const [a, b] = [grids[0]!, grids[grids.length - 1]!];
    const [lng, lat] = centroid(a.boundary!);
    expect(await resolve({ lng, lat, address: b.addressKeywords[0] })).toEqual({ ...lineage(a), method: 'point' });
    expect(await resolve({ lng: 100, lat: 20, address: `青澜市${b.addressKeywords[0]}3栋` })).toEqual({ ...lineage(b), method: 'address' });
    expect(await resolve({ lng: 100, lat: 20 })).toEqual({ districtId: null, streetId: null, communityId: null, gridId: null, method: 'none' });
  });
});

describe('resolveLocation by address', () => {
  const street = plan.units.find((u) => u.kind === 'street')!;
  const district = byKey.get(street.parentKey!)!;
  const community = plan.units.find((u) => u.kind === 'community' && u.parentKey === street.key)!;

  it.each<[string, () => string, () => Partial<Record<'districtId' | 'streetId' | 'communityId' | 'gridId', number | null>>]>([
    ['a district name', () => `${district.name}某处`, () => ({ districtId: id(district.key), streetId: null, communityId: null, gridId: null })],
    ['a street name', () => `${district.name}${street.name}`, () => ({ districtId: id(district.key), streetId: id(street.key), communityId: null, gridId: null })],
    ['a road of the street', () => `${street.addressKeywords[1]}18号门口`, () => ({ districtId: id(district.key), streetId: id(street.key), communityId: null })],
    ['a community, without its street', () => `${community.name}活动中心`, () => ({ districtId: id(district.key), streetId: id(street.key), communityId: id(community.key), gridId: null })],
    ['an estate of a grid', () => {
      const grid = grids.find((g) => g.parentKey === community.key)!;
      return `${grid.addressKeywords[0]}5栋2单元`;
    }, () => lineage(grids.find((g) => g.parentKey === community.key)!)],
    ['spaces, a full-width one too', () => `${district.name} ${street.name.slice(0, 1)}\u3000${street.name.slice(1)}`, () => ({ streetId: id(street.key) })],
  ])('%s', async (_, address, expected) => {
    expect(await resolve({ address: address() })).toMatchObject({ ...expected(), method: 'address' });
  });

  it('resolves nothing from an address that names no place', async () => {
    expect(await resolve({ address: '不知道在哪里' })).toEqual({ districtId: null, streetId: null, communityId: null, gridId: null, method: 'none' });
    expect(await resolve({})).toMatchObject({ method: 'none' });
  });

  it('a keyword two units share is settled by the district the address names, and left alone otherwise', async () => {
    const a = plan.units.find((u) => u.kind === 'street' && u.parentKey === 'd02')!;
    const b = plan.units.find((u) => u.kind === 'street' && u.parentKey === 'd03')!;
    const shared = '人民路';
    for (const s of [a, b]) await t.db.updateTable('units').set({ address_keywords: [...s.addressKeywords, shared] }).where('id', '=', id(s.key)).execute();
    expect(await resolve({ address: `${byKey.get('d02')!.name}${shared}1号` })).toMatchObject({ districtId: id('d02'), streetId: id(a.key), method: 'address' });
    expect(await resolve({ address: `${byKey.get('d03')!.name}${shared}1号` })).toMatchObject({ districtId: id('d03'), streetId: id(b.key), method: 'address' });
    expect(await resolve({ address: `${shared}1号` })).toMatchObject({ streetId: null, method: 'none' });
  });
});

describe('the cache follows edits', () => {
  it('a new keyword, a disabled grid and a grid without a boundary are seen at once', async () => {
    const grid = grids[10]!;
    const [lng, lat] = centroid(grid.boundary!);
    expect(await resolve({ address: '澜光大厦' })).toMatchObject({ method: 'none' });
    await t.db.updateTable('units').set({ address_keywords: [...grid.addressKeywords, '澜光大厦'] }).where('id', '=', id(grid.key)).execute();
    expect(await resolve({ address: '澜光大厦' })).toMatchObject({ gridId: id(grid.key), method: 'address' });

    // Disabled: the point stops at the community.
    await t.db.updateTable('units').set({ active: false }).where('id', '=', id(grid.key)).execute();
    expect(await resolve({ lng, lat })).toEqual({ ...lineage(grid), gridId: null, method: 'point' });
    await t.db.updateTable('units').set({ active: true }).where('id', '=', id(grid.key)).execute();

    // No boundaries for the community's grids: the point finds the community, the address inside it adds the grid.
    const community = byKey.get(grid.parentKey!)!;
    const siblings = grids.filter((g) => g.parentKey === community.key);
    await t.db.updateTable('units').set({ boundary: null }).where('id', 'in', siblings.map((g) => id(g.key))).execute();
    expect(await resolve({ lng, lat })).toEqual({ ...lineage(grid), gridId: null, method: 'point' });
    expect(await resolve({ lng, lat, address: '澜光大厦' })).toEqual({ ...lineage(grid), method: 'point' });
    // An address elsewhere does not move the point.
    const elsewhere = grids.find((g) => !g.key.startsWith(community.key))!;
    expect(await resolve({ lng, lat, address: elsewhere.addressKeywords[0] })).toEqual({ ...lineage(grid), gridId: null, method: 'point' });
    await t.db.updateTable('units').set({ boundary: JSON.stringify(grid.boundary) }).where('id', '=', id(grid.key)).execute();
    expect(await resolve({ lng, lat })).toEqual({ ...lineage(grid), method: 'point' });
  });

  it('reads MultiPolygon boundaries', async () => {
    const grid = grids[20]!;
    const far: Polygon = { type: 'Polygon', coordinates: [[[100, 20], [100.1, 20], [100.1, 20.1], [100, 20.1], [100, 20]]] };
    await t.db.updateTable('units').set({ boundary: JSON.stringify({ type: 'MultiPolygon', coordinates: [far.coordinates, grid.boundary!.coordinates] }) })
      .where('id', '=', id(grid.key)).execute();
    const inside: Position = centroid(grid.boundary!);
    expect(await resolve({ lng: inside[0], lat: inside[1] })).toMatchObject({ gridId: id(grid.key) });
  });

  it('names the units of an area', async () => {
    const grid = grids[3]!;
    const area = lineage(grid);
    const names = await describeArea(t.db, DEFAULT_PLATFORM_ID, area);
    expect(names.grid).toEqual({ id: area.gridId, code: grid.code, name: grid.name });
    expect(names.district?.code).toMatch(/^D0\d$/);
  });
});
