// Where a ticket is: an address or a point resolved to district / street / community / grid.
import type { Db } from '../db/connection.js';

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

export async function resolveLocation(_db: Db, _platformId: number, _input: LocationInput): Promise<ResolvedArea> {
  // First version: no resolution yet (the dispatch-catalogue work replaces this).
  return { districtId: null, streetId: null, communityId: null, gridId: null, method: 'none' };
}
