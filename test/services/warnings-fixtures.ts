// Fixtures for the warning tests: tickets written straight into the test database with the accepted
// time, district and subject a test needs (intake would stamp the clock's time on each), and the
// demo users as actors.
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import type { Db } from '../../src/db/connection.js';

let seq = 0;

export interface TicketSpec {
  title: string;
  content?: string;
  at: Date;
  districtId: number | null;
  subjectId?: number | null;
}

export async function insertTickets(db: Db, specs: readonly TicketSpec[]): Promise<number[]> {
  if (specs.length === 0) return [];
  const rows = await db.insertInto('tickets').values(specs.map((s) => ({
    platform_id: 1, number: `W${Date.now() % 1_000_000}${String(++seq).padStart(5, '0')}`, channel: 'phone', type: 'complaint',
    title: s.title, content: s.content ?? s.title, state: 'accepted', district_id: s.districtId, subject_id: s.subjectId ?? null,
    accepted_at: s.at, updated_at: s.at,
  }))).returning('id').execute();
  return rows.map((r) => Number(r.id));
}

export async function unitId(db: Db, code: string): Promise<number> {
  return Number((await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
}

export async function actor(db: Db, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.platform_id', 'users.unit_id', 'units.path', 'users.roles']).where('users.username', '=', username).executeTakeFirstOrThrow();
  return { userId: Number(u.id), username: u.username, platformId: u.platform_id, unitId: Number(u.unit_id), unitPath: u.path, roles: u.roles as Role[] };
}

export async function userId(db: Db, username: string): Promise<number> {
  return Number((await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
}

/** Varied matters, so tickets of one subject do not look like one hotspot to the clustering. */
export const VARIED = [
  '小区垃圾清运不及时', '人行道地砖松动', '公交站牌损坏', '路灯夜间不亮', '绿化带缺少养护', '井盖破损存在隐患', '楼道堆放杂物',
  '共享单车占用盲道', '广告牌松动', '窨井冒水', '树枝遮挡信号灯', '消防通道被占', '宠物粪便无人清理', '流浪狗伤人', '公厕无人保洁',
  '健身器材损坏', '围挡破损', '道路标线模糊', '积水路段排水慢', '小广告乱贴',
];

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
