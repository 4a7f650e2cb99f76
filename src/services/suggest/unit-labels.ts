// What the unit model learns. A function department or enterprise is a label of its own (which
// department handles matters like this is in the text). A territorial unit is not: which street
// handled a pothole depends on where the pothole is, not on how it was described, and hundreds of
// streets with a handful of tickets each would teach the model nothing. So a ticket handled by a
// district, street, community or grid is labelled by that LEVEL ('area:street'), as the dispatch
// catalogue's 属地 rules are, and a suggestion of a level becomes the ticket's own unit there.
import { AREA_LEVEL_LABELS, AREA_LEVELS, type AreaLevel } from '../../domain/routing.js';

export const AREA_PREFIX = 'area:';

export interface AreaIds {
  districtId: number | null;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

const isLevel = (kind: string): kind is AreaLevel => (AREA_LEVELS as readonly string[]).includes(kind);

/** The training label of the unit that handled a ticket. */
export function unitLabel(unitId: number, kind: string): string {
  return isLevel(kind) ? `${AREA_PREFIX}${kind}` : String(unitId);
}

export interface ResolvedUnitLabel {
  unitId: number;
  /** The level, when the label was one (for the reason shown). */
  level: AreaLevel | null;
}

/** A predicted label as a unit: a unit id as it is, a level as the ticket's unit at that level (null when the place is not known that far). */
export function resolveUnitLabel(label: string, area: AreaIds): ResolvedUnitLabel | null {
  if (!label.startsWith(AREA_PREFIX)) return { unitId: Number(label), level: null };
  const level = label.slice(AREA_PREFIX.length);
  if (!isLevel(level)) return null;
  const id = { district: area.districtId, street: area.streetId, community: area.communityId, grid: area.gridId }[level];
  return id === null ? null : { unitId: id, level };
}

export const levelName = (level: AreaLevel): string => AREA_LEVEL_LABELS[level];
