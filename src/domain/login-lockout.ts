// Lock-out after repeated failed log-ins: pure rules, the service stores the state.
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export interface LockoutState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export const isLocked = (state: LockoutState, now: Date): boolean =>
  state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();

/** Seconds until the lock lifts (0 when not locked). */
export const lockRemainingSeconds = (state: LockoutState, now: Date): number =>
  isLocked(state, now) ? Math.ceil((state.lockedUntil!.getTime() - now.getTime()) / 1000) : 0;

/** State after one more failed attempt. A lock that has run out starts the count afresh. */
export function afterFailure(state: LockoutState, now: Date, policy: LockoutPolicy): LockoutState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedLogins = (expired ? 0 : state.failedLogins) + 1;
  const lockedUntil = failedLogins >= policy.maxFailures
    ? new Date(now.getTime() + policy.lockMinutes * 60_000)
    : expired ? null : state.lockedUntil;
  return { failedLogins, lockedUntil };
}

export const afterSuccess = (): LockoutState => ({ failedLogins: 0, lockedUntil: null });
