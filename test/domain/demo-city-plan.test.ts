import { describe, expect, it } from 'vitest';
import {
  bbox, centroid, inBBox, pointInPolygon, polygonArea, ringProblems, ringSignedArea,
  type BBox, type Polygon, type Position,
} from '../../src/domain/geo.js';
import { assertChildKind, type UnitKind } from '../../src/domain/units.js';
import { DEMO_CITY_DEFAULT_SEED, planDemoCity, type CityPlan, type PlannedUnit, type Role } from '../../src/services/demo/city-plan.js';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon =>
  ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

describe('geo', () => {
  const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 4, 4).coordinates[0]!, [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]] };

  it.each<[string, Position, Polygon, boolean]>([
    ['inside a square', [1, 1], square(0, 0, 2, 2), true],
    ['outside a square', [3, 1], square(0, 0, 2, 2), false],
    ['left of a square, level with a vertex', [-1, 2], square(0, 0, 2, 2), false],
    ['in the ring of a polygon with a hole', [0.5, 2], withHole, true],
    ['in the hole', [2, 2], withHole, false],
    ['inside a concave L', [0.5, 1.5], { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] }, true],
    ['in the notch of a concave L', [1.5, 1.5], { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] }, false],
  ])('pointInPolygon: %s', (_, point, polygon, expected) => {
    expect(pointInPolygon(point, polygon)).toBe(expected);
  });

  it('computes signed area, area and centroid', () => {
    expect(ringSignedArea(square(0, 0, 2, 3).coordinates[0]!)).toBe(6);
    expect(ringSignedArea([...square(0, 0, 2, 3).coordinates[0]!].reverse())).toBe(-6);
    expect(polygonArea(withHole)).toBe(12);
    expect(centroid(square(2, 4, 4, 8))).toEqual([3, 6]);
    const triangle: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [0, 3], [0, 0]]] };
    expect(centroid(triangle)[0]).toBeCloseTo(1, 12);
    expect(centroid(triangle)[1]).toBeCloseTo(1, 12);
    expect(centroid(withHole)).toEqual([2, 2]);
    expect(bbox(triangle)).toEqual([0, 0, 3, 3]);
  });

  it('finds ring problems', () => {
    expect(ringProblems(square(0, 0, 1, 1).coordinates[0]!)).toEqual([]);
    expect(ringProblems([[0, 0], [1, 0], [1, 1], [0, 1]])).toContain('ring is not closed');
    expect(ringProblems([[0, 0], [1, 0], [0, 0]])).toContain('a ring needs at least four positions');
    expect(ringProblems([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]).some((p) => p.includes('intersect'))).toBe(true);
    expect(ringProblems([[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]]).some((p) => p.includes('repeated'))).toBe(true);
  });
});

// ── The demo city ─────────────────────────────────────────────────────────────────────────────

const plan = planDemoCity();

const byKind = (p: CityPlan, kind: UnitKind): PlannedUnit[] => p.units.filter((u) => u.kind === kind);
const childrenOf = (p: CityPlan, key: string, kind?: UnitKind): PlannedUnit[] =>
  p.units.filter((u) => u.parentKey === key && (kind === undefined || u.kind === kind));

function structureProblems(p: CityPlan): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => { if (!ok) problems.push(message); };
  check(byKind(p, 'platform').length === 1, 'one platform');
  const districts = byKind(p, 'district');
  check(districts.length === 7, `7 districts, got ${districts.length}`);
  check(districts.some((d) => d.name.endsWith('区')) && districts.some((d) => d.name.endsWith('县')), 'both 区 and 县');
  for (const district of districts) {
    const streets = childrenOf(p, district.key, 'street');
    check(streets.length >= 3 && streets.length <= 5, `${district.name}: ${streets.length} streets`);
    check(childrenOf(p, district.key, 'department').length >= 2, `${district.name}: own bureaus`);
    for (const street of streets) {
      check(/(街道|镇|乡)$/.test(street.name), `street name ${street.name}`);
      const communities = childrenOf(p, street.key, 'community');
      check(communities.length >= 2 && communities.length <= 4, `${street.name}: ${communities.length} communities`);
      for (const community of communities) {
        check(/(社区|村)$/.test(community.name), `community name ${community.name}`);
        check(childrenOf(p, community.key, 'grid').length === 2, `${community.name}: 2 grids`);
      }
    }
  }
  return problems;
}

describe('planDemoCity: shape', () => {
  it('has a few hundred units with the expected mix of kinds', () => {
    expect(plan.name).toBe('青澜市');
    expect(plan.units.length).toBeGreaterThanOrEqual(80);
    expect(structureProblems(plan)).toEqual([]);
    const topDepartments = childrenOf(plan, 'city', 'department');
    expect(topDepartments.length).toBeGreaterThanOrEqual(22);
    const shortNames = topDepartments.map((d) => d.shortName);
    for (const expected of ['公安局', '城管局', '住建局', '生态环境局', '交通运输局', '市场监管局', '人社局', '教育局', '卫健委', '民政局',
      '自然资源和规划局', '水务局', '应急管理局', '文旅局', '农业农村局', '商务局', '发改委', '财政局', '税务局', '医保局', '信访局', '数据局']) {
      expect(shortNames).toContain(expected);
    }
    const enterprises = byKind(plan, 'enterprise').map((e) => e.name).join(' ');
    for (const word of ['自来水', '供电', '燃气', '热力', '公交', '移动', '联通', '电信']) expect(enterprises).toContain(word);
    const committees = byKind(plan, 'committee');
    expect(committees.length).toBeGreaterThanOrEqual(2);
    expect(committees.length).toBeLessThanOrEqual(3);
    expect(committees.every((c) => c.shortName.endsWith('管委会'))).toBe(true);
  });

  it('has second-level units under departments and districts', () => {
    const names = childrenOf(plan, 'dept-police').map((u) => u.name);
    expect(names).toContain('交通警察支队');
    expect(childrenOf(plan, 'dept-police').length).toBeGreaterThanOrEqual(1 + 7);
    for (const district of byKind(plan, 'district')) {
      expect(childrenOf(plan, district.key, 'department').map((u) => u.shortName)).toContain(`${district.name}城管局`);
    }
  });

  it('forms a tree rooted at the platform, parents listed before children, kinds allowed', () => {
    const seen = new Map<string, PlannedUnit>();
    for (const unit of plan.units) {
      expect(seen.has(unit.key), unit.key).toBe(false);
      if (unit.parentKey === null) {
        expect(unit.kind).toBe('platform');
        expect(unit.key).toBe('city');
      } else {
        const parent = seen.get(unit.parentKey);
        expect(parent, `${unit.key} → ${unit.parentKey}`).toBeDefined();
        expect(() => assertChildKind(parent!.kind, unit.kind)).not.toThrow();
      }
      seen.set(unit.key, unit);
    }
  });

  it('has unique keys, codes, sibling names and full paths within column limits', () => {
    const units = plan.units;
    const byKey = new Map(units.map((u) => [u.key, u]));
    const fullPath = (u: PlannedUnit): string => (u.parentKey ? `${fullPath(byKey.get(u.parentKey)!)}/` : '') + u.name;
    expect(new Set(units.map((u) => u.key)).size).toBe(units.length);
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    expect(new Set(units.map(fullPath)).size).toBe(units.length);
    expect(new Set(units.map((u) => `${u.parentKey}|${u.name}`)).size).toBe(units.length);
    for (const u of units) {
      expect(u.key).toMatch(/^[a-z0-9-]+$/);
      expect(u.code).toMatch(/^[A-Z0-9_]{1,32}$/);
      expect(u.name.length).toBeGreaterThan(0);
      expect(u.name.length).toBeLessThanOrEqual(100);
      expect(u.shortName.length).toBeGreaterThan(0);
      expect(u.shortName.length).toBeLessThanOrEqual(50);
    }
  });

  it('gives places address keywords no other unit shares or contains', () => {
    const byKey = new Map(plan.units.map((u) => [u.key, u]));
    const ancestors = (u: PlannedUnit): Set<string> => {
      const keys = new Set<string>();
      for (let p = u.parentKey; p; p = byKey.get(p)?.parentKey ?? null) keys.add(p);
      return keys;
    };
    for (const u of plan.units) {
      if (['district', 'street', 'community', 'grid', 'committee'].includes(u.kind)) expect(u.addressKeywords.length, u.key).toBeGreaterThan(0);
    }
    const owners = plan.units.flatMap((u) => u.addressKeywords.map((word) => ({ word, unit: u })));
    expect(new Set(owners.map((o) => o.word)).size).toBe(owners.length);
    for (const a of owners) {
      const mine = ancestors(a.unit);
      const clash = owners.find((b) => b.unit !== a.unit && !mine.has(b.unit.key) && a.word.includes(b.word));
      expect(clash, `${a.word} (${a.unit.key}) contains ${clash?.word} (${clash?.unit.key})`).toBeUndefined();
    }
  });
});

describe('planDemoCity: users', () => {
  const users = plan.users;
  const find = (username: string) => users.find((u) => u.username === username);

  it('has unique, well-formed usernames on existing units', () => {
    const keys = new Set(plan.units.map((u) => u.key));
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    for (const u of users) {
      expect(u.username).toMatch(/^[a-z0-9_]{2,32}$/);
      expect(u.displayName.length).toBeGreaterThan(0);
      expect(u.displayName.length).toBeLessThanOrEqual(50);
      expect(keys.has(u.unitKey), u.username).toBe(true);
      expect(u.roles.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['admin', 'admin'], ['operator1', 'operator'], ['operator2', 'operator'], ['dispatcher1', 'dispatcher'],
    ['reviewer1', 'reviewer'], ['visitor1', 'visitor'], ['supervisor1', 'supervisor'], ['leader1', 'leader'],
  ])('has %s (%s) at the city platform', (username, role) => {
    expect(find(username)).toMatchObject({ unitKey: 'city', roles: [role] });
  });

  it('staffs every unit: handlers everywhere, unit admins, grid workers, district leaders', () => {
    const holders = (unitKey: string, role: Role) => users.filter((u) => u.unitKey === unitKey && u.roles.includes(role));
    for (const unit of plan.units) {
      if (unit.kind === 'platform') continue;
      expect(holders(unit.key, 'handler').length, unit.key).toBeGreaterThanOrEqual(1);
      if (unit.kind === 'district' || unit.kind === 'department') expect(holders(unit.key, 'unit_admin').length, unit.key).toBeGreaterThanOrEqual(1);
      if (unit.kind === 'grid') expect(holders(unit.key, 'grid_worker').length, unit.key).toBeGreaterThanOrEqual(1);
      if (unit.kind === 'district') expect(holders(unit.key, 'leader').length, unit.key).toBeGreaterThanOrEqual(1);
    }
    expect(find('h_d01s02')).toMatchObject({ unitKey: 'd01-s02', roles: ['handler'] });
    expect(find('h_d01s02')!.displayName).toBe(`${plan.units.find((u) => u.key === 'd01-s02')!.name}承办人`);
    expect(find('ua_d01')).toMatchObject({ unitKey: 'd01', roles: ['unit_admin'] });
    expect(find('leader_d01')).toMatchObject({ unitKey: 'd01', roles: ['leader'] });
    expect(find('gw_d01s01c01g1')).toMatchObject({ unitKey: 'd01-s01-c01-g1', roles: ['grid_worker'] });
    expect(find('ua_dept_police')).toMatchObject({ unitKey: 'dept-police', roles: ['unit_admin'] });
  });
});

// ── Geometry ──────────────────────────────────────────────────────────────────────────────────

const TILED: UnitKind[] = ['district', 'street', 'community', 'grid'];

function geometryProblems(p: CityPlan): string[] {
  const problems: string[] = [];
  const city = p.units.find((u) => u.kind === 'platform')!.boundary;
  if (!city) return ['the city has no boundary'];
  const cityBox = bbox(city);
  for (const u of p.units) {
    const shouldHave = u.kind === 'platform' || u.kind === 'committee' || TILED.includes(u.kind);
    if (!u.boundary) {
      if (shouldHave) problems.push(`${u.key}: no boundary`);
      continue;
    }
    if (!shouldHave) problems.push(`${u.key}: unexpected boundary`);
    const ring = u.boundary.coordinates[0]!;
    problems.push(...ringProblems(ring).map((m) => `${u.key}: ${m}`));
    if (!(ringSignedArea(ring) > 0)) problems.push(`${u.key}: not counter-clockwise`);
    if (!ring.every((pt) => inBBox(pt, cityBox))) problems.push(`${u.key}: outside the city`);
  }
  // Exact tiling: children's areas add up to their parent's.
  for (const parent of p.units.filter((u) => u.kind === 'platform' || (TILED.includes(u.kind) && u.kind !== 'grid'))) {
    const kids = p.units.filter((u) => u.parentKey === parent.key && TILED.includes(u.kind));
    const sum = kids.reduce((s, k) => s + polygonArea(k.boundary!), 0);
    const area = polygonArea(parent.boundary!);
    if (Math.abs(sum - area) > area * 1e-9) problems.push(`${parent.key}: children cover ${sum / area} of it`);
  }
  return problems;
}

interface Indexed { unit: PlannedUnit; box: BBox }

/** Sample points: each must sit in exactly one district, one street of it, one community of that, one grid of that. */
function tilingProblems(p: CityPlan, samples: number, seed: number): string[] {
  const index = (kind: UnitKind): Indexed[] => byKind(p, kind).map((unit) => ({ unit, box: bbox(unit.boundary!) }));
  const levels = TILED.map(index);
  const city = p.units.find((u) => u.kind === 'platform')!.boundary!;
  const [minX, minY, maxX, maxY] = bbox(city);
  let state = seed;
  const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const problems: string[] = [];
  for (let i = 0; i < samples && problems.length < 10; i++) {
    const point: Position = [minX + random() * (maxX - minX), minY + random() * (maxY - minY)];
    if (!pointInPolygon(point, city)) continue;
    let parentKey: string | null = 'city';
    for (const [depth, level] of levels.entries()) {
      const hits = level.filter(({ unit, box }) => inBBox(point, box) && pointInPolygon(point, unit.boundary!));
      if (hits.length !== 1 || hits[0]!.unit.parentKey !== parentKey) {
        problems.push(`${point.join(',')}: ${TILED[depth]} ${hits.map((h) => h.unit.key).join('+') || 'none'} under ${parentKey}`);
        break;
      }
      parentKey = hits[0]!.unit.key;
    }
  }
  return problems;
}

describe('planDemoCity: geometry', () => {
  it('puts the city, 60 × 40 km, around (118.9, 32.0)', () => {
    const [minX, minY, maxX, maxY] = bbox(plan.units[0]!.boundary!);
    expect((minX + maxX) / 2).toBeCloseTo(118.9, 3);
    expect((minY + maxY) / 2).toBeCloseTo(32.0, 3);
    expect((maxX - minX) * 111.32 * Math.cos((32 * Math.PI) / 180)).toBeCloseTo(60, 1);
    expect((maxY - minY) * 111.32).toBeCloseTo(40, 1);
  });

  it('draws valid, counter-clockwise rings that tile each parent exactly', () => {
    expect(geometryProblems(plan)).toEqual([]);
  });

  it('places every sampled point in exactly one district, street, community and grid', () => {
    expect(tilingProblems(plan, 2000, 42)).toEqual([]);
  });

  it('has district polygons that do not overlap', () => {
    // With the areas adding up to the city's (above), no overlap means: no edge of one crosses an
    // edge of another, and no district's interior point lies in another district.
    const side = (a: Position, b: Position, c: Position) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
    const cross = (a: Position, b: Position, c: Position, d: Position) =>
      side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
    const edges = (polygon: Polygon) => polygon.coordinates[0]!.slice(1).map((p, i): [Position, Position] => [polygon.coordinates[0]![i]!, p]);
    const districts = byKind(plan, 'district');
    for (const [i, a] of districts.entries()) {
      for (const b of districts.slice(i + 1)) {
        expect(pointInPolygon(centroid(a.boundary!), b.boundary!), `${a.key} in ${b.key}`).toBe(false);
        expect(pointInPolygon(centroid(b.boundary!), a.boundary!), `${b.key} in ${a.key}`).toBe(false);
        const crossing = edges(a.boundary!).some(([p, q]) => edges(b.boundary!).some(([r, s]) => cross(p, q, r, s)));
        expect(crossing, `${a.key} × ${b.key}`).toBe(false);
      }
    }
  });

  it('has each grid’s centroid inside the grid (usable as a demo ticket location)', () => {
    for (const grid of byKind(plan, 'grid')) expect(pointInPolygon(centroid(grid.boundary!), grid.boundary!), grid.key).toBe(true);
  });

  it('gives committees zones inside the city that overlap districts', () => {
    const city = plan.units[0]!.boundary!;
    for (const committee of byKind(plan, 'committee')) {
      const c = centroid(committee.boundary!);
      expect(pointInPolygon(c, city)).toBe(true);
      expect(byKind(plan, 'district').filter((d) => pointInPolygon(c, d.boundary!))).toHaveLength(1);
    }
  });
});

describe('planDemoCity: determinism', () => {
  it('gives the same plan for the same seed', () => {
    expect(planDemoCity()).toEqual(plan);
    expect(planDemoCity({ seed: DEMO_CITY_DEFAULT_SEED })).toEqual(plan);
    expect(planDemoCity({ seed: 7 })).toEqual(planDemoCity({ seed: 7 }));
  });

  it('gives a different city for another seed', () => {
    const other = planDemoCity({ seed: 7 });
    expect(other.units.map((u) => u.name)).not.toEqual(plan.units.map((u) => u.name));
    expect(other.units[1]!.boundary).not.toEqual(plan.units[1]!.boundary);
  });

  it.each([1, 2, 3, 7, 2024, 0xffffffff])('keeps every invariant with seed %i', (seed) => {
    const other = planDemoCity({ seed });
    expect(structureProblems(other)).toEqual([]);
    expect(geometryProblems(other)).toEqual([]);
    expect(tilingProblems(other, 300, seed)).toEqual([]);
    expect(new Set(other.users.map((u) => u.username)).size).toBe(other.users.length);
    expect(new Set(other.units.map((u) => u.code)).size).toBe(other.units.length);
  });
});
