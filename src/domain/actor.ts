import type { Role } from './roles.js';

/** The signed-in user as every policy and use case sees them. */
export interface Actor {
  userId: number;
  username: string;
  platformId: number;
  unitId: number;
  /** Materialised path of the user's unit: the root of everything they may see. */
  unitPath: string;
  roles: readonly Role[];
  /** Where the request came from, for the audit log. */
  ip?: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.includes(r));
