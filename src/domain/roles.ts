// Roles of DOMAIN.md §2. A user holds one or more; what each may do is decided by the policies.
export const ROLES = [
  'operator', 'dispatcher', 'handler', 'unit_admin', 'reviewer',
  'visitor', 'supervisor', 'leader', 'grid_worker', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  operator: '话务员',
  dispatcher: '派单员',
  handler: '承办人',
  unit_admin: '单位联络员',
  reviewer: '审核员',
  visitor: '回访员',
  supervisor: '督办员',
  leader: '领导',
  grid_worker: '网格员',
  admin: '系统管理员',
};

/** Roles that only make sense at a hotline platform unit (the root or a second-level platform). */
export const PLATFORM_ROLES: readonly Role[] = ['operator', 'dispatcher', 'reviewer', 'visitor', 'admin'];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
