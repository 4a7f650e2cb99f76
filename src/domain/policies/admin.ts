// Who may administer what. Scope (which units) is checked in SQL by src/db/scope.ts; these
// predicates decide the kind of action, so routes and the console's `abilities` agree.
import { hasRole, type Actor } from '../actor.js';
import { PLATFORM_ROLES, type Role } from '../roles.js';
import type { UnitKind } from '../units.js';

export const canManageUnits = (a: Actor): boolean => hasRole(a, 'admin', 'unit_admin');
export const canManageUsers = (a: Actor): boolean => hasRole(a, 'admin', 'unit_admin');
export const canEditCatalogue = (a: Actor): boolean => hasRole(a, 'admin');
export const canEditCalendar = (a: Actor): boolean => hasRole(a, 'admin');

/**
 * A unit administrator runs the units below their own; only a platform administrator may change
 * the unit they sit in (or the root).
 */
export const canManageUnit = (a: Actor, unitPath: string): boolean =>
  hasRole(a, 'admin') ? unitPath.startsWith(a.unitPath) : hasRole(a, 'unit_admin') && unitPath.startsWith(a.unitPath) && unitPath !== a.unitPath;

/** Roles an actor may hand out: a unit administrator cannot create platform staff or administrators. */
export const grantableRoles = (a: Actor): readonly Role[] =>
  hasRole(a, 'admin')
    ? ['operator', 'dispatcher', 'handler', 'unit_admin', 'reviewer', 'visitor', 'supervisor', 'leader', 'grid_worker', 'admin']
    : hasRole(a, 'unit_admin') ? ['handler', 'unit_admin', 'leader', 'grid_worker'] : [];

/** Hotline-office roles belong in a platform unit (the city, or a district's second-level platform). */
export const roleFitsUnit = (role: Role, kind: UnitKind): boolean =>
  role === 'admin' ? kind === 'platform'
    : PLATFORM_ROLES.includes(role) ? ['platform', 'district', 'committee'].includes(kind)
      : role === 'grid_worker' ? ['grid', 'community', 'street'].includes(kind) : true;
