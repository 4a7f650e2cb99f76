// Bulk creation of users from a spreadsheet: onboarding a unit's staff in one go. Each row is
// checked like a single creation (scope, roles, password rule); good rows are saved, bad ones reported.
import type { Actor } from '../domain/actor.js';
import { AppError, conflict, fieldError, forbidden } from '../domain/errors.js';
import { canManageUsers } from '../domain/policies/admin.js';
import { isRole, ROLE_LABELS, type Role } from '../domain/roles.js';
import type { Db } from '../db/connection.js';
import { unitsInScope } from '../db/scope.js';
import { audit } from './audit.js';
import { hashPassword } from './auth.js';
import { findColumn, readCsv, type RowError } from './csv-import.js';
import { checkPassword } from '../domain/password.js';
import { checkManage, checkRoles } from './users.js';

export interface UserImportResult {
  rows: number;
  created: number;
  rejected: RowError[];
}

const USERNAME = /^[a-z0-9_.-]{2,32}$/;
// argon2 runs about 80 hashes a second on 2 cores: 2,000 rows is ~25 s, inside any proxy timeout.
const MAX_ROWS = 2000;

/** Roles as codes or Chinese labels, separated by 、 , ; | or spaces. */
function parseRoles(text: string): Role[] | string {
  const roles: Role[] = [];
  for (const part of text.split(/[、,，;；|\s]+/).filter(Boolean)) {
    const role = isRole(part) ? part : (Object.entries(ROLE_LABELS).find(([, label]) => label === part)?.[0] as Role | undefined);
    if (!role) return part;
    roles.push(role);
  }
  return roles;
}

export async function importUsersCsv(db: Db, actor: Actor, text: string, now: Date): Promise<UserImportResult> {
  if (!canManageUsers(actor)) throw forbidden('导入用户');
  const { header, records, lines } = readCsv(text);
  if (records.length > MAX_ROWS) throw fieldError('file', `一次最多导入 ${MAX_ROWS} 行`, `at most ${MAX_ROWS} rows at a time`);
  const col = {
    username: findColumn(header, '用户名', 'username'), displayName: findColumn(header, '姓名', 'displayName'),
    unitCode: findColumn(header, '单位编码', 'unitCode'), roles: findColumn(header, '角色', 'roles'), password: findColumn(header, '初始密码', '密码', 'password'),
  };
  const missing = (Object.keys(col) as (keyof typeof col)[]).filter((k) => !col[k]);
  if (missing.length) throw fieldError('file', `缺少列：${missing.join('、')}（应有 用户名,姓名,单位编码,角色,初始密码）`, `missing columns: ${missing.join(', ')}`);

  const result: UserImportResult = { rows: records.length, created: 0, rejected: [] };
  const reject = (line: number, field: string, message: string, message_en: string) => result.rejected.push({ row: line, field, message, message_en });
  // Everything a row may refer to, fetched once: the units in scope and the names already taken.
  const units = new Map((await db.selectFrom('units').select(['id', 'parent_id', 'path', 'kind', 'name', 'platform_id', 'code'])
    .where(unitsInScope(actor)).execute()).map((u) => [u.code, u]));
  const usernames = records.map((r) => (r[col.username!] ?? '').trim().toLowerCase());
  const taken = new Set(usernames.length === 0 ? [] : (await db.selectFrom('users').select('username').where('username', 'in', usernames).execute()).map((r) => r.username));

  const good: { line: number; username: string; displayName: string; unitId: number; roles: Role[]; password: string }[] = [];
  const inFile = new Set<string>();
  for (const [i, r] of records.entries()) {
    const line = lines[i]!;
    const username = usernames[i]!;
    const displayName = (r[col.displayName!] ?? '').trim();
    const unitCode = (r[col.unitCode!] ?? '').trim();
    const password = r[col.password!] ?? '';
    if (!USERNAME.test(username)) { reject(line, col.username!, '用户名须为 2–32 位小写字母、数字、下划线、点或横线', 'user name: 2–32 lowercase letters, digits, _ . -'); continue; }
    if (taken.has(username) || inFile.has(username)) { reject(line, col.username!, `用户名“${username}”已被使用`, `user name "${username}" is already taken`); continue; }
    if (!displayName || displayName.length > 50) { reject(line, col.displayName!, '姓名不能为空且不超过 50 字', 'display name: 1–50 characters'); continue; }
    const unit = units.get(unitCode);
    if (!unit) { reject(line, col.unitCode!, `单位编码“${unitCode}”不存在或不在您的管辖范围内`, `unit code "${unitCode}" is unknown or outside your scope`); continue; }
    const roles = parseRoles(r[col.roles!] ?? '');
    if (typeof roles === 'string' || roles.length === 0) { reject(line, col.roles!, `角色无效：${typeof roles === 'string' ? roles : '（空）'}`, 'unknown or missing role'); continue; }
    try {
      checkManage(actor, unit);
      checkRoles(actor, roles, unit);
      checkPassword(password);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const field = e.fields?.[0]?.field;
      reject(line, field === 'roles' ? col.roles! : field === 'password' ? col.password! : col.unitCode!, e.fields?.[0]?.message ?? e.message, e.fields?.[0]?.message_en ?? e.messageEn);
      continue;
    }
    inFile.add(username);
    good.push({ line, username, displayName, unitId: unit.id, roles: [...new Set(roles)], password });
  }

  // argon2 runs on libuv's thread pool: hashing the batch concurrently uses every core.
  const hashes = await Promise.all(good.map((g) => hashPassword(g.password)));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < good.length; i += 500) {
      await tx.insertInto('users').values(good.slice(i, i + 500).map((g, k) => ({
        platform_id: actor.platformId, unit_id: g.unitId, username: g.username, display_name: g.displayName, password_hash: hashes[i + k]!,
        roles: g.roles, password_changed_at: now, created_at: now, updated_at: now,
      }))).execute();
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'user.import', details: { rows: result.rows, created: good.length, rejected: result.rejected.length }, at: now });
  }).catch((e: unknown) => {
    // Someone took one of the names while the passwords were hashing: nothing was saved, try again.
    if ((e as { code?: string }).code === '23505') throw conflict('导入期间有用户名被占用，未保存任何行，请重新导入', 'a user name was taken during the import; nothing was saved, import again', 'duplicate');
    throw e;
  });
  result.created = good.length;
  return result;
}
