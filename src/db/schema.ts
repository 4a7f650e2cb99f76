// Kysely table types: the TypeScript face of src/db/migrations. Keep in step with the SQL.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are read as 'YYYY-MM-DD' strings (see connection.ts type parsers). */
type DateString = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface PlatformsTable {
  id: number;
  code: string;
  name: string;
  calendar_version: Generated<number>;
  created_at: CreatedAt;
}

export interface SettingsTable {
  platform_id: number;
  key: string;
  value: Json<unknown>;
  updated_at: UpdatedAt;
}

export interface GeoJsonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

export interface UnitsTable {
  id: Generated<number>;
  platform_id: number;
  parent_id: number | null;
  kind: string;
  code: string;
  name: string;
  short_name: string | null;
  path: string;
  depth: number;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  boundary: Json<GeoJsonGeometry | null> | null;
  address_keywords: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  platform_id: number;
  unit_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  roles: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  platform_id: number;
  at: Timestamp;
  actor_id: number | null;
  actor_unit_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
  ip: string | null;
}

export interface CalendarDaysTable {
  platform_id: number;
  day: DateString;
  kind: string;
  is_working: ColumnType<boolean, never, never>;
  name: string | null;
  source: string;
  updated_at: UpdatedAt;
}

export interface SubjectsTable {
  id: Generated<number>;
  platform_id: number;
  parent_id: number | null;
  code: string;
  name: string;
  level: number;
  path: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  source: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CodeListTable {
  platform_id: number;
  code: string;
  name: string;
  name_en: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface DB {
  platforms: PlatformsTable;
  settings: SettingsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  calendar_days: CalendarDaysTable;
  subjects: SubjectsTable;
  ticket_types: CodeListTable;
  channels: CodeListTable;
  urgency_levels: CodeListTable;
}

export type Unit = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type User = Selectable<UsersTable>;
export type Subject = Selectable<SubjectsTable>;
export type CodeListName = 'ticket_types' | 'channels' | 'urgency_levels';
