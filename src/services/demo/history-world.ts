// What the demo history is planned against: the platform's calendar, policies, subjects, units,
// users and dispatch catalogue as plain values (the loader reads them from the database), and an
// index over them for the planner. Pure: nothing here reads a clock or a table.
import type { WorkCalendar } from '../../domain/calendar/index.js';
import { bbox, inBBox, pointInPolygon, type BBox, type Polygon, type Position } from '../../domain/geo.js';
import type { Role } from '../../domain/roles.js';
import type { RoutingRule } from '../../domain/routing.js';
import type { SlaPolicyValue } from '../../domain/sla/policy.js';
import type { Rng } from './rng.js';

export interface WorldUnit {
  id: number;
  parentId: number | null;
  kind: string;
  code: string;
  name: string;
  path: string;
  /** GeoJSON Polygon or MultiPolygon, as stored. */
  boundary: { type: string; coordinates: unknown } | null;
  addressKeywords: readonly string[];
}

export interface WorldUser {
  id: number;
  username: string;
  unitId: number;
  roles: readonly Role[];
}

export interface WorldSubject {
  id: number;
  parentId: number | null;
  name: string;
  level: number;
  path: string;
}

export interface HistoryWorld {
  platformId: number;
  calendar: WorkCalendar;
  calendarVersion: number;
  policies: readonly SlaPolicyValue[];
  subjects: readonly WorldSubject[];
  units: readonly WorldUnit[];
  users: readonly WorldUser[];
  /** The catalogue rules that may apply to each subject (loadRoutingRules per subject), by subject id. */
  rules: ReadonlyMap<number, readonly RoutingRule[]>;
  /** Settings the use cases read: tickets.returnLimit, tickets.reopenLimit. */
  returnLimit: number;
  reopenLimit: number;
}

// ── Seeded randomness ─────────────────────────────────────────────────────────────────────────

export { createRng, type Rng } from './rng.js';

/** A 32-bit hash of two integers: one stream per ticket, so batch sizes never change a ticket. */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ── The index ─────────────────────────────────────────────────────────────────────────────────

const UNIT_ROLES: readonly Role[] = ['handler', 'unit_admin', 'grid_worker'];

export interface GridSpot {
  grid: WorldUnit;
  community: WorldUnit;
  street: WorldUnit;
  district: WorldUnit;
  /** A development zone whose boundary holds the grid's centre (管委会 run areas across districts). */
  committee: WorldUnit | null;
  shapes: { polygon: Polygon; box: BBox }[];
  /** Relative number of tickets: town centres call more than villages. */
  weight: number;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function polygonsOf(boundary: WorldUnit['boundary']): Polygon[] {
  if (!boundary) return [];
  if (boundary.type === 'Polygon') return [{ type: 'Polygon', coordinates: boundary.coordinates as Position[][] }];
  if (boundary.type === 'MultiPolygon') return (boundary.coordinates as Position[][][]).map((c) => ({ type: 'Polygon', coordinates: c }));
  return [];
}

export class WorldIndex {
  readonly unitById = new Map<number, WorldUnit>();
  readonly unitByCode = new Map<string, WorldUnit>();
  readonly children = new Map<number, WorldUnit[]>();
  readonly root: WorldUnit;
  /** One acting user per unit (its handler, else another unit role), for sign / reply / requests. */
  readonly handlerOf = new Map<number, WorldUser>();
  readonly gridWorkerOf = new Map<number, WorldUser>();
  readonly staff = new Map<Role, WorldUser[]>();
  readonly subjectById = new Map<number, WorldSubject>();
  /** Names from the top of the tree down, per subject. */
  readonly subjectNames = new Map<number, string[]>();
  readonly leaves: WorldSubject[];
  readonly spots: GridSpot[];
  readonly spotWeights: number[];
  readonly spotByGrid: Map<number, GridSpot>;

  constructor(readonly world: HistoryWorld) {
    for (const u of world.units) {
      this.unitById.set(u.id, u);
      this.unitByCode.set(u.code, u);
      if (u.parentId !== null) {
        const list = this.children.get(u.parentId) ?? [];
        list.push(u);
        this.children.set(u.parentId, list);
      }
    }
    const root = world.units.find((u) => u.parentId === null && u.kind === 'platform') ?? world.units.find((u) => u.parentId === null);
    if (!root) throw new Error('the platform has no root unit');
    this.root = root;
    for (const user of world.users) {
      if (user.unitId === root.id) {
        for (const r of user.roles) {
          const list = this.staff.get(r) ?? [];
          list.push(user);
          this.staff.set(r, list);
        }
        continue;
      }
      if (user.roles.includes('grid_worker') && !this.gridWorkerOf.has(user.unitId)) this.gridWorkerOf.set(user.unitId, user);
      const current = this.handlerOf.get(user.unitId);
      if (user.roles.includes('handler') ? !current?.roles.includes('handler') : !current && user.roles.some((r) => UNIT_ROLES.includes(r))) {
        this.handlerOf.set(user.unitId, user);
      }
    }
    for (const s of world.subjects) this.subjectById.set(s.id, s);
    for (const s of world.subjects) {
      const names: string[] = [];
      for (let cur: WorldSubject | undefined = s; cur; cur = cur.parentId === null ? undefined : this.subjectById.get(cur.parentId)) names.unshift(cur.name);
      this.subjectNames.set(s.id, names);
    }
    const parents = new Set(world.subjects.map((s) => s.parentId).filter((p): p is number => p !== null));
    this.leaves = world.subjects.filter((s) => !parents.has(s.id));
    this.spots = this.buildSpots();
    this.spotWeights = this.spots.map((s) => s.weight);
    this.spotByGrid = new Map(this.spots.map((s) => [s.grid.id, s]));
  }

  private buildSpots(): GridSpot[] {
    const committees = this.world.units.filter((u) => u.kind === 'committee').map((u) => ({ unit: u, shapes: polygonsOf(u.boundary) }));
    const spots: GridSpot[] = [];
    const urban = new Set(this.world.units.filter((u) => u.kind === 'district').slice(0, 2).map((u) => u.id));
    for (const grid of this.world.units) {
      if (grid.kind !== 'grid') continue;
      const community = this.parentOf(grid);
      const street = community && this.parentOf(community);
      const district = street && this.parentOf(street);
      if (!community || !street || !district || community.kind !== 'community' || street.kind !== 'street' || district.kind !== 'district') continue;
      const shapes = polygonsOf(grid.boundary).map((polygon) => ({ polygon, box: bbox(polygon) }));
      if (shapes.length === 0) continue;
      const [minX, minY, maxX, maxY] = shapes[0]!.box;
      const centre: Position = [(minX + maxX) / 2, (minY + maxY) / 2];
      const committee = committees.find((c) => c.shapes.some((p) => pointInPolygon(centre, p)))?.unit ?? null;
      // Town communities (社区) call three times as often as villages (村); the two old-town
      // districts listed first twice as often as the rest (seed 000: the central district takes
      // 38.8% of the city's tickets).
      const weight = (community.name.endsWith('社区') ? 3 : 1) * (urban.has(district.id) ? 2 : 1);
      spots.push({ grid, community, street, district, committee, shapes, weight });
    }
    return spots;
  }

  parentOf(u: WorldUnit): WorldUnit | undefined {
    return u.parentId === null ? undefined : this.unitById.get(u.parentId);
  }

  childrenOf(u: WorldUnit): WorldUnit[] {
    return this.children.get(u.id) ?? [];
  }

  staffer(role: Role, rng: Rng): WorldUser {
    const list = this.staff.get(role);
    if (!list?.length) throw new Error(`the platform has no ${role} at its root unit: the demo history needs one`);
    return rng.pick(list);
  }

  hasStaff(role: Role): boolean {
    return (this.staff.get(role)?.length ?? 0) > 0;
  }

  /** A point strictly inside the grid (rejection sampling in its box), rounded to 6 decimals (~0.1 m). */
  pointIn(spot: GridSpot, rng: Rng): Position {
    for (let tries = 0; tries < 200; tries++) {
      const shape = spot.shapes[rng.int(0, spot.shapes.length - 1)]!;
      const [minX, minY, maxX, maxY] = shape.box;
      const p: Position = [round6(minX + rng.next() * (maxX - minX)), round6(minY + rng.next() * (maxY - minY))];
      if (inBBox(p, shape.box) && pointInPolygon(p, shape.polygon)) return p;
    }
    throw new Error(`no point found inside grid ${spot.grid.code}`);
  }
}
