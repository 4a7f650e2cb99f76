// Planar geometry on GeoJSON polygons in [lng, lat]: enough for unit boundaries and location
// routing inside one city, where treating degrees as a flat plane is accurate to well under a metre
// for "which polygon holds this point". Pure: no I/O.

export type Position = [number, number];
/** A linear ring: closed (first position equals last), at least four positions. */
export type Ring = Position[];
/** GeoJSON Polygon geometry: outer ring counter-clockwise, holes (if any) clockwise (RFC 7946 §3.1.6). */
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** Even-odd ray casting against one ring; works whether or not the ring repeats its first position. */
export function pointInRing(point: Position, ring: readonly Position[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. Points exactly on an edge may go either way. */
export function pointInPolygon(point: Position, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer || !pointInRing(point, outer)) return false;
  return !holes.some((hole) => pointInRing(point, hole));
}

/** Shoelace area in square degrees: positive when the ring runs counter-clockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    twice += xj * yi - xi * yj;
  }
  return twice / 2;
}

/** Area of the outer ring less its holes, in square degrees. */
export function polygonArea(polygon: Polygon): number {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer) return 0;
  return Math.abs(ringSignedArea(outer)) - holes.reduce((sum, hole) => sum + Math.abs(ringSignedArea(hole)), 0);
}

/**
 * Area-weighted centroid (centre of mass) of the polygon, holes subtracted. It lies inside convex
 * and near-convex shapes; for a strongly concave one it may fall outside.
 */
export function centroid(polygon: Polygon): Position {
  let area = 0;
  let sx = 0;
  let sy = 0;
  polygon.coordinates.forEach((ring, index) => {
    const signed = ringSignedArea(ring);
    if (signed === 0) return;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      const cross = xj * yi - xi * yj;
      cx += (xj + xi) * cross;
      cy += (yj + yi) * cross;
    }
    // (cx, cy) / (6·signed) is the ring's own centroid whatever its orientation; weight it by the
    // ring's unsigned area, negatively for holes.
    const weight = (index === 0 ? 1 : -1) * Math.abs(signed);
    sx += (cx / (6 * signed)) * weight;
    sy += (cy / (6 * signed)) * weight;
    area += weight;
  });
  if (area === 0) {
    const first = polygon.coordinates[0]?.[0];
    if (!first) throw new Error('centroid of an empty polygon');
    return [first[0], first[1]];
  }
  return [sx / area, sy / area];
}

export function bbox(polygon: Polygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon.coordinates[0] ?? []) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export const inBBox = (point: Position, box: BBox): boolean =>
  point[0] >= box[0] && point[0] <= box[2] && point[1] >= box[1] && point[1] <= box[3];

const orientation = (a: Position, b: Position, c: Position): number =>
  Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

const onSegment = (a: Position, b: Position, p: Position): boolean =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

/** Whether closed segments ab and cd share at least one point (touching counts). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d))
    || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/**
 * Problems that make a ring invalid as a GeoJSON linear ring: not closed, too short, non-finite
 * positions, repeated consecutive positions, spikes, self-intersections. Empty when the ring is
 * simple. O(n²): meant for validation on save and for tests, not for hot paths.
 */
export function ringProblems(ring: readonly Position[]): string[] {
  const problems: string[] = [];
  if (ring.length < 4) problems.push('a ring needs at least four positions');
  if (ring.some((p) => p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) problems.push('non-finite position');
  if (problems.length > 0) return problems;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) problems.push('ring is not closed');
  const n = ring.length - 1; // number of edges
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    if (a[0] === b[0] && a[1] === b[1]) problems.push(`repeated position at ${i + 1}`);
  }
  if (problems.length > 0) return problems;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    for (let j = i + 1; j < n; j++) {
      const c = ring[j]!;
      const d = ring[j + 1]!;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        // Neighbouring edges share a vertex; they are bad only if they fold back over each other.
        const [shared, p, q] = j === i + 1 ? [b, a, d] : [a, b, c];
        const cross = (p[0] - shared[0]) * (q[1] - shared[1]) - (p[1] - shared[1]) * (q[0] - shared[0]);
        const dot = (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]);
        if (cross === 0 && dot > 0) problems.push(`spike at edges ${i} and ${j}`);
      } else if (segmentsIntersect(a, b, c, d)) {
        problems.push(`edges ${i} and ${j} intersect`);
      }
    }
  }
  return problems;
}
