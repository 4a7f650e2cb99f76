// Shapes of the console API (docs/api.md) and the Chinese labels the console shows for codes.
// Role and unit-kind names come from GET /api/meta; the maps below are the fallback while it loads.

export type Id = number | string;

// One source for codes and their names: the server's pure domain modules.
export { ROLES, ROLE_LABELS, type Role } from '../../src/domain/roles';
export { CHILD_KINDS, UNIT_KINDS, UNIT_KIND_LABELS, type UnitKind } from '../../src/domain/units';
import type { Role } from '../../src/domain/roles';
import type { UnitKind } from '../../src/domain/units';

export interface User {
  id: Id;
  username: string;
  displayName: string;
  unitId: Id;
  unitName: string;
  roles: Role[];
  active: boolean;
  locked: boolean;
  lastLoginAt: string | null;
}

export interface Unit {
  id: Id;
  parentId: Id | null;
  kind: UnitKind;
  code: string | null;
  name: string;
  shortName: string | null;
  sortOrder: number;
  active: boolean;
  depth: number;
}

export interface UnitNode extends Unit {
  children?: UnitNode[];
}

export interface Subject {
  id: Id;
  parentId: Id | null;
  code: string | null;
  name: string;
  level: number;
  sortOrder: number;
  active: boolean;
}

export interface SubjectNode extends Subject {
  children?: SubjectNode[];
}

export interface Code {
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
  active: boolean;
  /** Types only: 报表分组 (市政管理类 …). */
  reportGroup?: string | null;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  isWorking: boolean;
  name: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Meta {
  roles: { code: Role; name: string }[];
  unitKinds: { code: UnitKind; name: string }[];
}

export const UNIT_KIND_COLORS: Record<UnitKind, string> = {
  platform: 'red',
  district: 'blue',
  street: 'cyan',
  community: 'green',
  grid: 'lime',
  department: 'purple',
  enterprise: 'orange',
  committee: 'gold',
};

export const DAY_KINDS: { code: DayKind; name: string; color: string; text: string }[] = [
  { code: 'workday', name: '工作日', color: '#ffffff', text: '#262626' },
  { code: 'weekend', name: '休息日', color: '#f0f0f0', text: '#8c8c8c' },
  { code: 'holiday', name: '节假日', color: '#ffccc7', text: '#a8071a' },
  { code: 'makeup', name: '调休上班', color: '#bae0ff', text: '#003eb3' },
];

export const DAY_KIND_LABELS = Object.fromEntries(DAY_KINDS.map((k) => [k.code, k.name])) as Record<DayKind, string>;

export const CODE_LISTS = [
  { list: 'types', name: '诉求类型' },
  { list: 'channels', name: '来源渠道' },
  { list: 'urgencies', name: '紧急程度' },
] as const;

export type CodeList = (typeof CODE_LISTS)[number]['list'];

export function labelFrom<T extends string>(pairs: { code: T; name: string }[] | undefined, fallback: Record<T, string>, code: T): string {
  return pairs?.find((p) => p.code === code)?.name ?? fallback[code] ?? code;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, whatever the browser's time zone. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** One row of GET /api/audit. */
export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  actorUnitName: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_refused': '登录被拒',
  'auth.password_change': '修改本人密码',
  'auth.logout': '退出登录',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.import': '导入单位',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password_reset': '重置密码',
  'user.unlock': '解锁',
  'user.import': '导入用户',
  'subject.create': '新增分类',
  'subject.update': '修改分类',
  'subject.import': '导入分类',
  'calendar.set_day': '修改日历',
  'calendar.import': '导入日历',
  'dispatch_rule.create': '新增派单规则',
  'dispatch_rule.update': '修改派单规则',
  'dispatch_rule.import': '导入派单目录',
  'adjudication.create': '记录联席研判',
  'sla_policy.create': '新增时限策略',
  'sla_policy.update': '修改时限策略',
  'setting.update': '修改平台设置',
  'platform.bootstrap': '平台初始化',
  'demo.seed': '生成演示数据',
};

/** The action's Chinese name; `code.<list>.put` is 修改字典; unknown codes show as they are. */
export function auditActionLabel(action: string): string {
  if (AUDIT_ACTION_LABELS[action]) return AUDIT_ACTION_LABELS[action];
  if (/^code\.[a-z_]+\.put$/.test(action)) return '修改字典';
  return action;
}

/** The filter's categories: each one action prefix (the API filters by one prefix). */
export const AUDIT_CATEGORIES: { prefix: string; name: string; color: string }[] = [
  { prefix: 'auth.', name: '登录', color: 'green' },
  { prefix: 'unit.', name: '单位', color: 'blue' },
  { prefix: 'user.', name: '用户', color: 'geekblue' },
  { prefix: 'subject.', name: '诉求分类', color: 'purple' },
  { prefix: 'code.', name: '字典', color: 'magenta' },
  { prefix: 'calendar.', name: '日历', color: 'cyan' },
  { prefix: 'dispatch_rule.', name: '派单目录', color: 'orange' },
  { prefix: 'adjudication.', name: '联席研判', color: 'gold' },
  { prefix: 'sla_policy.', name: '时限策略', color: 'lime' },
  { prefix: 'setting.', name: '平台设置', color: 'red' },
];

export function auditActionColor(action: string): string {
  if (action === 'auth.login_failed') return 'red';
  if (action === 'auth.login_refused') return 'volcano';
  return AUDIT_CATEGORIES.find((c) => action.startsWith(c.prefix))?.color ?? 'default';
}
