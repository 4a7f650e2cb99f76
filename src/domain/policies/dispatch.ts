// Who may change the dispatch catalogue 派单目录 and record joint-adjudication rulings 联席研判.
// Both are decisions of the hotline office, so they are taken at the platform root: a dispatcher of
// a district's second-level platform re-dispatches inside its district but does not change the
// city's catalogue.
import { hasRole, type Actor } from '../actor.js';

/** The user sits in the platform's root unit (the hotline office), not in a unit below it. */
export const atPlatformRoot = (a: Actor): boolean => /^\/\d+\/$/.test(a.unitPath);

export const canEditDispatchRules = (a: Actor): boolean => atPlatformRoot(a) && hasRole(a, 'admin', 'dispatcher');

/** Rulings are made by the dispatchers and supervisors who convene the adjudication, or an administrator. */
export const canRecordRulings = (a: Actor): boolean => atPlatformRoot(a) && hasRole(a, 'admin', 'dispatcher', 'supervisor');

/** The rulings name units and tickets of every district: the hotline office reads them. */
export const canReadRulings = (a: Actor): boolean => atPlatformRoot(a);
