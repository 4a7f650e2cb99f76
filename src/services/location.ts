// Where a ticket is: an address or a point resolved to district / street / community / grid.
//
// By point: the active units of those kinds whose GeoJSON boundary holds it, each level consistent
// with the one above. By address: the units' address keywords and names found in the text, the
// longest occurrence winning where two overlap, and of the units found the one most confirmed by
// its found ancestors, then the deepest. Either way the ancestors of the deepest unit fill the
// levels above it (a community implies its street and district).
//
// The parsed polygons, their boxes and the keyword index are cached in memory per platform and
// database, and rebuilt when the units change: each call asks one cheap aggregate of the units
// table (count, newest updated_at, and the sum of the rows' xmin, which changes on every write even
// when a test clock stands still).
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import { bbox, inBBox, pointInPolygon, type BBox, type Polygon, type Position } from '../domain/geo.js';
import { AREA_LEVELS, type AreaLevel } from '../domain/routing.js';

export interface LocationInput {
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
}

export interface ResolvedArea {
  districtId: number | null;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  /** How it was found: by the point inside unit boundaries, by address keywords, or not at all. */
  method: 'point' | 'address' | 'none';
}

export interface AreaUnitBrief {
  id: number;
  code: string;
  name: string;
}

export interface AreaUnitNames {
  district: AreaUnitBrief | null;
  street: AreaUnitBrief | null;
  community: AreaUnitBrief | null;
  grid: AreaUnitBrief | null;
}

interface AreaUnit extends AreaUnitBrief {
  kind: AreaLevel;
  path: string;
  /** Ids along the path, root first: the ancestors to fill from. */
  pathIds: number[];
  shapes: { polygon: Polygon; box: BBox }[];
}

interface KeywordEntry {
  word: string;
  unitIds: number[];
}

interface AreaIndex {
  units: Map<number, AreaUnit>;
  /** Units with a boundary, per level. */
  shaped: Record<AreaLevel, AreaUnit[]>;
  /** Keywords by their first two characters, so a look-up at each position of the address is a map hit. */
  keywords: Map<string, KeywordEntry[]>;
}

const LEVEL_RANK: Record<AreaLevel, number> = { district: 0, street: 1, community: 2, grid: 3 };
const MIN_KEYWORD = 2; // one character (区, 路) would match everywhere

const cache = new Map<string, { version: string; index: Promise<AreaIndex> }>();
const MAX_CACHED = 32;

/** Text as compared: full-width digits and letters folded (NFKC), no spaces. */
const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** The polygons of a stored boundary; malformed ones are skipped rather than failing every look-up. */
function polygonsOf(geometry: unknown): Polygon[] {
  if (!geometry || typeof geometry !== 'object') return [];
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const rings = (value: unknown): Polygon | null =>
    Array.isArray(value) && value.length > 0 && value.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition))
      ? { type: 'Polygon', coordinates: value as Position[][] } : null;
  if (type === 'Polygon') return [rings(coordinates)].filter((p): p is Polygon => p !== null);
  if (type === 'MultiPolygon' && Array.isArray(coordinates)) return coordinates.map(rings).filter((p): p is Polygon => p !== null);
  return [];
}

async function buildIndex(db: Db, platformId: number): Promise<AreaIndex> {
  const rows = await db.selectFrom('units')
    .select(['id', 'kind', 'code', 'name', 'short_name', 'path', 'boundary', 'address_keywords'])
    .where('platform_id', '=', platformId).where('active', '=', true)
    .where('kind', 'in', [...AREA_LEVELS])
    .orderBy('depth').orderBy('sort_order').orderBy('id')
    .execute();
  const units = new Map<number, AreaUnit>();
  const shaped: Record<AreaLevel, AreaUnit[]> = { district: [], street: [], community: [], grid: [] };
  const words = new Map<string, Set<number>>();
  for (const r of rows) {
    const unit: AreaUnit = {
      id: r.id, code: r.code, name: r.name, kind: r.kind as AreaLevel, path: r.path,
      pathIds: r.path.split('/').filter(Boolean).map(Number),
      shapes: polygonsOf(r.boundary).map((polygon) => ({ polygon, box: bbox(polygon) })),
    };
    units.set(unit.id, unit);
    if (unit.shapes.length > 0) shaped[unit.kind].push(unit);
    // A grid's own name (第1网格) repeats in every community and names no place: keywords only.
    const names = unit.kind === 'grid' ? [] : [r.name, r.short_name];
    for (const raw of [...r.address_keywords, ...names]) {
      if (!raw) continue;
      const word = normalise(raw);
      if (word.length < MIN_KEYWORD) continue;
      let ids = words.get(word);
      if (!ids) words.set(word, (ids = new Set()));
      ids.add(unit.id);
    }
  }
  const keywords = new Map<string, KeywordEntry[]>();
  for (const [word, ids] of words) {
    const key = word.slice(0, MIN_KEYWORD);
    const list = keywords.get(key) ?? [];
    list.push({ word, unitIds: [...ids] });
    keywords.set(key, list);
  }
  return { units, shaped, keywords };
}

async function areaIndex(db: Db, platformId: number): Promise<AreaIndex> {
  // The database name is in the key: tests clone one template into many databases whose units
  // (and xmin values) are identical, and one process talks to all of them.
  const v = await db.selectFrom('units')
    .select([
      sql<string>`current_database()`.as('db'),
      sql<string>`count(*)::text`.as('n'),
      sql<string>`coalesce(max(updated_at)::text, '')`.as('at'),
      sql<string>`coalesce(sum(xmin::text::bigint), 0)::text`.as('x'),
    ])
    .where('platform_id', '=', platformId)
    .executeTakeFirstOrThrow();
  const key = `${v.db}:${platformId}`;
  const version = `${v.n}:${v.at}:${v.x}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.index;
  const index = buildIndex(db, platformId);
  cache.set(key, { version, index });
  index.catch(() => { if (cache.get(key)?.index === index) cache.delete(key); });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return index;
}

const empty = (): Record<AreaLevel, AreaUnit | null> => ({ district: null, street: null, community: null, grid: null });

/** Levels above the deepest found unit, from its path (it may have been found without them). */
function fillAncestors(index: AreaIndex, found: Record<AreaLevel, AreaUnit | null>): Record<AreaLevel, AreaUnit | null> {
  const deepest = [...AREA_LEVELS].reverse().map((l) => found[l]).find((u) => u !== null);
  if (!deepest) return found;
  const out = { ...found };
  for (const id of deepest.pathIds) {
    const unit = index.units.get(id);
    if (unit && (out[unit.kind] === null || !deepest.path.startsWith(out[unit.kind]!.path))) out[unit.kind] = unit;
  }
  return out;
}

function byPoint(index: AreaIndex, point: Position): Record<AreaLevel, AreaUnit | null> {
  const found = empty();
  let above: AreaUnit | null = null;
  for (const level of AREA_LEVELS) {
    // Top down, each level inside the one found above it: where neighbours' edges disagree by a hair,
    // the point stays in one branch of the tree.
    const hit = index.shaped[level].find((u) => (above === null || u.path.startsWith(above.path))
      && u.shapes.some((s) => inBBox(point, s.box) && pointInPolygon(point, s.polygon)));
    if (hit) found[level] = above = hit;
  }
  return fillAncestors(index, found);
}

function byAddress(index: AreaIndex, address: string): Record<AreaLevel, AreaUnit | null> {
  const text = normalise(address);
  const hits: { start: number; end: number; unitIds: number[] }[] = [];
  for (let i = 0; i + MIN_KEYWORD <= text.length; i++) {
    for (const entry of index.keywords.get(text.slice(i, i + MIN_KEYWORD)) ?? []) {
      if (text.startsWith(entry.word, i)) hits.push({ start: i, end: i + entry.word.length, unitIds: entry.unitIds });
    }
  }
  // Longest match: a keyword inside a longer one found at the same place is not a separate mention
  // (桃园 inside 桃园花园).
  const kept = hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  const length = new Map<number, number>();
  for (const h of kept) for (const id of h.unitIds) length.set(id, Math.max(length.get(id) ?? 0, h.end - h.start));
  const mentioned = new Set(length.keys());
  const candidates = [...mentioned].map((id) => index.units.get(id)!).map((unit) => ({
    unit,
    // Ancestors also named in the address: 北塘区人民路 picks the 人民路 in 北塘区.
    support: unit.pathIds.filter((id) => id !== unit.id && mentioned.has(id)).length,
    depth: LEVEL_RANK[unit.kind],
    length: length.get(unit.id)!,
  }));
  candidates.sort((a, b) => b.support - a.support || b.depth - a.depth || b.length - a.length || a.unit.id - b.unit.id);
  // A keyword two units share, with nothing else to tell them apart, decides nothing: skip the tie.
  const same = (a: (typeof candidates)[number], b: (typeof candidates)[number]) => a.support === b.support && a.depth === b.depth && a.length === b.length;
  const best = candidates.find((c) => !candidates.some((o) => o.unit.id !== c.unit.id && same(o, c)));
  const found = empty();
  if (best) found[best.unit.kind] = best.unit;
  return fillAncestors(index, found);
}

const anyFound = (f: Record<AreaLevel, AreaUnit | null>): boolean => AREA_LEVELS.some((l) => f[l] !== null);
const deepestOf = (f: Record<AreaLevel, AreaUnit | null>): AreaUnit | null => [...AREA_LEVELS].reverse().map((l) => f[l]).find((u) => u !== null) ?? null;

const toArea = (f: Record<AreaLevel, AreaUnit | null>, method: ResolvedArea['method']): ResolvedArea => ({
  districtId: f.district?.id ?? null, streetId: f.street?.id ?? null, communityId: f.community?.id ?? null, gridId: f.grid?.id ?? null,
  method: anyFound(f) ? method : 'none',
});

export async function resolveLocation(db: Db, platformId: number, input: LocationInput): Promise<ResolvedArea> {
  const index = await areaIndex(db, platformId);
  const { lng, lat } = input;
  const address = input.address?.trim() ?? '';
  const hasPoint = typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat)
    && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
  if (hasPoint) {
    const fromPoint = byPoint(index, [lng, lat]);
    if (anyFound(fromPoint)) {
      // Real cities often draw streets but not yet grids: an address naming a place inside what the
      // point found may add the levels the map lacks. It never moves the point's answer elsewhere.
      const top = deepestOf(fromPoint)!;
      if (address && top.kind !== 'grid') {
        const fromAddress = byAddress(index, address);
        const refined = deepestOf(fromAddress);
        if (refined && LEVEL_RANK[refined.kind] > LEVEL_RANK[top.kind] && refined.path.startsWith(top.path)) return toArea(fromAddress, 'point');
      }
      return toArea(fromPoint, 'point');
    }
  }
  if (address) return toArea(byAddress(index, address), 'address');
  return toArea(empty(), 'none');
}

/** Codes and names of a resolved area's units, for screens (from the same cache). */
export async function describeArea(db: Db, platformId: number, area: Omit<ResolvedArea, 'method'>): Promise<AreaUnitNames> {
  const index = await areaIndex(db, platformId);
  const brief = (id: number | null): AreaUnitBrief | null => {
    const unit = id === null ? undefined : index.units.get(id);
    return unit ? { id: unit.id, code: unit.code, name: unit.name } : null;
  };
  return { district: brief(area.districtId), street: brief(area.streetId), community: brief(area.communityId), grid: brief(area.gridId) };
}
