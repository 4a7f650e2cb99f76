// Log-in, sessions and lock-out. Sessions live in PostgreSQL (the app stays stateless); the
// cookie carries a random token and the table only its hash.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../domain/actor.js';
import { AppError, fieldError } from '../domain/errors.js';
import { afterFailure, afterSuccess, DEFAULT_LOCKOUT, isLocked, lockRemainingSeconds, type LockoutPolicy } from '../domain/login-lockout.js';
import { checkPassword } from '../domain/password.js';
import { isRole, type Role } from '../domain/roles.js';
import type { Db } from '../db/connection.js';
import { DEFAULT_PLATFORM_ID } from '../domain/platform.js';
import { audit } from './audit.js';
import { getSetting } from './settings.js';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitKind: string;
  roles: Role[];
  active: boolean;
  locked: boolean;
  lastLoginAt: string | null;
}

export interface SessionInfo {
  actor: Actor;
  user: UserView;
  csrfToken: string;
}

export const hashPassword = (password: string): Promise<string> => hash(password);

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

// Verifying against a throw-away hash when the user does not exist keeps the answer time the
// same, so timing does not reveal which user names exist.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash(randomBytes(16).toString('hex')));

const invalidCredentials = () => new AppError(401, 'invalid_credentials', '用户名或密码错误', 'Wrong user name or password');

const locked = (seconds: number) => new AppError(423, 'account_locked',
  `登录失败次数过多，账号已锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试或联系管理员解锁`,
  `Too many failed log-ins: the account is locked for ${Math.ceil(seconds / 60)} more minutes, or until an administrator unlocks it`,
  undefined, { retryAfter: seconds });

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  unit_id: number;
  unit_name: string;
  unit_kind: string;
  unit_path: string;
  platform_id: number;
  roles: string[];
  active: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
}

export function toUserView(row: Omit<UserRow, 'unit_path' | 'platform_id'>, now: Date): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitKind: row.unit_kind,
    roles: row.roles.filter(isRole),
    active: row.active,
    locked: row.locked_until !== null && row.locked_until.getTime() > now.getTime(),
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
  };
}

const toActor = (row: UserRow): Actor => ({
  userId: row.id,
  username: row.username,
  platformId: row.platform_id,
  unitId: row.unit_id,
  unitPath: row.unit_path,
  roles: row.roles.filter(isRole),
});

const userColumns = [
  'users.id', 'users.username', 'users.display_name', 'users.unit_id', 'units.name as unit_name', 'units.kind as unit_kind',
  'units.path as unit_path', 'users.platform_id', 'users.roles', 'users.active', 'users.locked_until', 'users.last_login_at',
] as const;

export interface LoginInput {
  username: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

export interface LoginResult extends SessionInfo {
  token: string;
  expiresAt: Date;
}

/** One use case, one transaction: the attempt, the lock-out state and the audit row commit together. */
export async function login(db: Db, input: LoginInput, now: Date, sessionHours: number): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const found = await db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
      .select([...userColumns, 'users.password_hash', 'users.failed_logins'])
      .where('users.username', '=', username)
      .forUpdate('users')
      .executeTakeFirst();
    if (!user || !user.active) {
      await verify(await dummy(), input.password).catch(() => false);
      // Unknown names are logged too: guessing at made-up accounts must show in the audit log.
      if (user) await audit(tx, { platformId: user.platform_id, action: 'auth.login_refused', targetType: 'user', targetId: user.id, details: { username, reason: 'inactive' }, ip: input.ip, at: now });
      else await audit(tx, { platformId: DEFAULT_PLATFORM_ID, action: 'auth.login_failed', details: { username: username.slice(0, 64), reason: 'unknown_user' }, ip: input.ip, at: now });
      return { error: invalidCredentials() };
    }
    const state = { failedLogins: user.failed_logins, lockedUntil: user.locked_until };
    if (isLocked(state, now)) {
      await audit(tx, { platformId: user.platform_id, action: 'auth.login_refused', targetType: 'user', targetId: user.id, details: { username, reason: 'locked' }, ip: input.ip, at: now });
      return { error: locked(lockRemainingSeconds(state, now)) };
    }
    const policy = await getSetting<LockoutPolicy>(tx, user.platform_id, 'auth.lockout', DEFAULT_LOCKOUT);
    if (!(await verify(user.password_hash, input.password).catch(() => false))) {
      const next = afterFailure(state, now, policy);
      await tx.updateTable('users').set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil }).where('id', '=', user.id).execute();
      await audit(tx, { platformId: user.platform_id, action: 'auth.login_failed', targetType: 'user', targetId: user.id, details: { username, failedLogins: next.failedLogins, locked: isLocked(next, now) }, ip: input.ip, at: now });
      return { error: isLocked(next, now) ? locked(lockRemainingSeconds(next, now)) : invalidCredentials() };
    }
    const ok = afterSuccess();
    await tx.updateTable('users').set({ failed_logins: ok.failedLogins, locked_until: ok.lockedUntil, last_login_at: now }).where('id', '=', user.id).execute();
    // Sessions that ran out are dropped here rather than by a sweeper: a user's log-in is when they stop mattering.
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
    await tx.insertInto('sessions').values({
      token_hash: tokenHash(token), user_id: user.id, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt,
      ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 300) ?? null,
    }).execute();
    const row = { ...user, locked_until: null, last_login_at: now };
    await audit(tx, { platformId: user.platform_id, actor: toActor(row), action: 'auth.login', targetType: 'user', targetId: user.id, details: { username }, ip: input.ip, at: now });
    return { result: { token, csrfToken, expiresAt, actor: toActor(row), user: toUserView(row, now) } };
  });
  if ('error' in found) throw found.error;
  return found.result;
}

/** The session behind a cookie token, or null when absent, expired or the user was disabled. */
export async function resolveSession(db: Db, token: string, now: Date): Promise<SessionInfo | null> {
  const row = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([...userColumns, 'sessions.csrf_token', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash(token))
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  // Touch at most once a minute: a busy console must not write a row per request.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash(token)).execute();
  }
  return { actor: toActor(row), user: toUserView(row, now), csrfToken: row.csrf_token };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Ends every session of a user (disabled, password reset). */
export async function endSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * A user changes their own password: the current one must be right (a stolen session alone cannot
 * take over the account), and every other session of theirs ends.
 */
export async function changeOwnPassword(db: Db, actor: Actor, currentPassword: string, newPassword: string, keepToken: string, now: Date): Promise<void> {
  checkPassword(newPassword, 'newPassword');
  if (newPassword === currentPassword) throw fieldError('newPassword', '新密码不能与当前密码相同', 'the new password must differ from the current one');
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verify(row.password_hash, currentPassword).catch(() => false))) {
    throw fieldError('currentPassword', '当前密码不正确', 'the current password is wrong');
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', actor.userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', actor.userId).where('token_hash', '<>', tokenHash(keepToken)).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'auth.password_change', targetType: 'user', targetId: actor.userId, at: now });
  });
}
