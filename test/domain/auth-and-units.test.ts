import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { AppError } from '../../src/domain/errors.js';
import { afterFailure, afterSuccess, isLocked, lockRemainingSeconds, type LockoutState } from '../../src/domain/login-lockout.js';
import { canManageUnit, grantableRoles, roleFitsUnit } from '../../src/domain/policies/admin.js';
import { buildTree } from '../../src/domain/tree.js';
import { assertChildKind, childPath, UNIT_KINDS, type UnitKind } from '../../src/domain/units.js';
import { planDemoCity } from '../../src/services/demo/city-plan.js';

const policy = { maxFailures: 5, lockMinutes: 15 };
const t0 = new Date('2026-11-20T02:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('log-in lock-out', () => {
  it('locks on the fifth consecutive failure, for the configured minutes', () => {
    let s = afterSuccess();
    for (let i = 1; i <= 4; i++) {
      s = afterFailure(s, at(i), policy);
      expect(s.failedLogins).toBe(i);
      expect(isLocked(s, at(i))).toBe(false);
    }
    s = afterFailure(s, at(5), policy);
    expect(isLocked(s, at(5))).toBe(true);
    expect(lockRemainingSeconds(s, at(5))).toBe(15 * 60);
    expect(isLocked(s, at(19.99))).toBe(true);
    expect(isLocked(s, at(20))).toBe(false);
  });

  it('a failure after the lock ran out starts counting afresh', () => {
    let s: LockoutState = { failedLogins: 5, lockedUntil: at(0) };
    s = afterFailure(s, at(1), policy);
    expect(s).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it('honours another policy', () => {
    const s = afterFailure({ failedLogins: 2, lockedUntil: null }, t0, { maxFailures: 3, lockMinutes: 60 });
    expect(lockRemainingSeconds(s, t0)).toBe(3600);
  });
});

describe('unit tree rules', () => {
  const allowed: [UnitKind, UnitKind][] = [
    ['platform', 'district'], ['platform', 'street'], ['platform', 'department'], ['platform', 'enterprise'], ['platform', 'committee'],
    ['district', 'street'], ['district', 'department'], ['district', 'enterprise'], ['street', 'community'], ['street', 'department'],
    ['community', 'grid'], ['department', 'department'], ['enterprise', 'enterprise'],
    ['committee', 'street'], ['committee', 'community'], ['committee', 'department'],
  ];
  it.each(UNIT_KINDS.flatMap((p) => UNIT_KINDS.map((c) => [p, c] as [UnitKind, UnitKind])))('%s ⊃ %s', (parent, child) => {
    const ok = allowed.some(([p, c]) => p === parent && c === child);
    if (ok) expect(() => assertChildKind(parent, child)).not.toThrow();
    else {
      expect(() => assertChildKind(parent, child)).toThrow(AppError);
      try { assertChildKind(parent, child); } catch (e) { expect((e as AppError).fields?.[0]?.field).toBe('kind'); }
    }
  });

  it('the demo city obeys the rules', () => {
    const plan = planDemoCity();
    const kind = new Map(plan.units.map((u) => [u.key, u.kind]));
    for (const u of plan.units) if (u.parentKey !== null) { const parentKind = kind.get(u.parentKey)!; expect(() => assertChildKind(parentKind, u.kind), u.key).not.toThrow(); }
    for (const user of plan.users) for (const role of user.roles) expect(roleFitsUnit(role, kind.get(user.unitKey)!), `${user.username} ${role}`).toBe(true);
  });

  it('materialised paths and trees', () => {
    expect(childPath(null, 1)).toBe('/1/');
    expect(childPath('/1/5/', 23)).toBe('/1/5/23/');
    const tree = buildTree([{ id: 1, parentId: null }, { id: 2, parentId: 1 }, { id: 3, parentId: 2 }, { id: 4, parentId: 1 }]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children.map((c) => c.id)).toEqual([2, 4]);
    expect(tree[0]!.children[0]!.children[0]!.id).toBe(3);
  });
});

describe('administration policies', () => {
  const actor = (roles: Actor['roles'], unitPath = '/1/2/'): Actor => ({ userId: 1, username: 'x', platformId: 1, unitId: 2, unitPath, roles });
  it('a unit administrator manages below their unit, not the unit itself nor outside', () => {
    const ua = actor(['unit_admin']);
    expect(canManageUnit(ua, '/1/2/7/')).toBe(true);
    expect(canManageUnit(ua, '/1/2/')).toBe(false);
    expect(canManageUnit(ua, '/1/3/')).toBe(false);
    expect(canManageUnit(ua, '/1/')).toBe(false);
    expect(canManageUnit(actor(['handler']), '/1/2/7/')).toBe(false);
    expect(canManageUnit(actor(['admin'], '/1/'), '/1/')).toBe(true);
  });
  it('roles a unit administrator may grant, and where roles fit', () => {
    expect(grantableRoles(actor(['unit_admin']))).not.toContain('admin');
    expect(grantableRoles(actor(['unit_admin']))).not.toContain('dispatcher');
    expect(grantableRoles(actor(['handler']))).toEqual([]);
    expect(roleFitsUnit('admin', 'district')).toBe(false);
    expect(roleFitsUnit('dispatcher', 'district')).toBe(true);
    expect(roleFitsUnit('operator', 'department')).toBe(false);
    expect(roleFitsUnit('grid_worker', 'grid')).toBe(true);
    expect(roleFitsUnit('grid_worker', 'department')).toBe(false);
  });
});
