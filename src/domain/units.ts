// The unit tree of DOMAIN.md §3: kinds, labels, and which kind may sit under which.
import { fieldError } from './errors.js';

export const UNIT_KINDS = ['platform', 'district', 'street', 'community', 'grid', 'department', 'enterprise', 'committee'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  platform: '平台',
  district: '区县',
  street: '街道乡镇',
  community: '社区村',
  grid: '网格',
  department: '部门',
  enterprise: '国企公用事业',
  committee: '管委会',
};

// Children each kind may have. Departments appear under districts (a district's own bureaus) and
// under departments (交警支队 under 公安局); committees run streets and communities of their own.
export const CHILD_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  // A county's hotline (seed 003) has its towns 乡镇 and streets 街道 directly below it.
  platform: ['district', 'street', 'department', 'enterprise', 'committee'],
  district: ['street', 'department', 'enterprise'],
  street: ['community', 'department'],
  community: ['grid'],
  grid: [],
  department: ['department'],
  enterprise: ['enterprise'],
  committee: ['street', 'community', 'department'],
};

export function assertChildKind(parentKind: UnitKind, childKind: UnitKind): void {
  if (!CHILD_KINDS[parentKind].includes(childKind)) {
    throw fieldError('kind', `“${UNIT_KIND_LABELS[parentKind]}”下不能设立“${UNIT_KIND_LABELS[childKind]}”`, `a ${childKind} cannot be placed under a ${parentKind}`);
  }
}

/** Materialised path of a unit: its ancestors' ids and its own, '/1/5/23/'. */
export const childPath = (parentPath: string | null, id: number): string => `${parentPath ?? '/'}${id}/`;

export const isInSubtree = (path: string, rootPath: string): boolean => path.startsWith(rootPath);
