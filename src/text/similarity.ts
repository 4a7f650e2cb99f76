// How alike two messages and two addresses are, as pure functions over what the tokenizer cut: the
// duplicate finder (services/repeats) scores a few hundred candidates with these, so they stay
// simple counts over small maps rather than a model.

/** Word → count. */
export type Bag = Map<string, number>;

export function bagOf(words: readonly string[]): Bag {
  const bag: Bag = new Map();
  for (const w of words) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

/**
 * Cosine of the two word-count vectors, in [0, 1]. Counts are damped (1 + ln n) so a word repeated
 * in one long message does not drown the others; two empty texts are not alike (0).
 */
export function cosine(a: Bag, b: Bag): number {
  if (a.size === 0 || b.size === 0) return 0;
  const w = (n: number) => 1 + Math.log(n);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [word, n] of a) {
    na += w(n) ** 2;
    const m = b.get(word);
    if (m !== undefined) dot += w(n) * w(m);
  }
  for (const n of b.values()) nb += w(n) ** 2;
  return dot / Math.sqrt(na * nb);
}

/** Shared words over all words (sets), in [0, 1]. */
export function jaccard(a: Bag, b: Bag): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a.keys()) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * An address reduced to what tells places apart: NFKC (full-width digits), no spaces or
 * punctuation, and without a leading province/city and district/county prefix, which a caller
 * says one time and not the next (青澜市青江区滨江路12号 ≈ 滨江路12号).
 */
export function normalizeAddress(address: string): string {
  let s = address.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  s = s.replace(/^[\u4e00-\u9fff]{1,7}?(省|自治区)/u, '');
  s = s.replace(/^[\u4e00-\u9fff]{1,6}?市/u, '');
  const rest = s.replace(/^[\u4e00-\u9fff]{1,6}?(区|县)/u, '');
  // "幸福小区3栋" must keep its 区: strip a district only when a place is left after it.
  return [...rest].length >= 3 ? rest : s;
}

/**
 * Two addresses name the same place: equal once normalised, or one contains the other (a caller
 * adds the building: 滨江路12号 / 滨江路12号3栋), with at least 5 characters in common.
 */
export function samePlace(a: string, b: string): boolean {
  const x = normalizeAddress(a);
  const y = normalizeAddress(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return [...short].length >= 5 && long.includes(short);
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres between two WGS-84 points (haversine). */
export function distanceMetres(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The longitude/latitude half-widths of a box holding every point within `metres` of (lng, lat). */
export function boxAround(lng: number, lat: number, metres: number): { dLng: number; dLat: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos(lat * (Math.PI / 180)));
  return { dLng, dLat };
}
