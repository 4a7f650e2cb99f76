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

export interface CitizensTable {
  id: Generated<number>;
  platform_id: number;
  name: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_mask: string | null;
  id_enc: string | null;
  id_hash: string | null;
  company: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TicketCountersTable {
  platform_id: number;
  day: DateString;
  last: number;
}

export interface SlaPoliciesTable {
  id: Generated<number>;
  platform_id: number;
  name: string;
  priority: Generated<number>;
  match_type: string | null;
  match_urgency: string | null;
  match_subject_id: number | null;
  sign_minutes: number;
  sign_clock: Generated<boolean>;
  reply_minutes: number;
  reply_clock: Generated<boolean>;
  review_minutes: Generated<number>;
  visit_minutes: Generated<number>;
  return_window_minutes: Generated<number>;
  extension_max_minutes: Generated<number>;
  extension_max_count: Generated<number>;
  /** numeric: pg returns it as a string. */
  warn_share: ColumnType<string, string | number | undefined, string | number>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TicketsTable {
  id: Generated<number>;
  platform_id: number;
  number: string;
  channel: string;
  type: string;
  urgency: Generated<string>;
  subject_id: number | null;
  title: string;
  content: string;
  citizen_id: number | null;
  citizen_name: string | null;
  confidential: Generated<boolean>;
  address: string | null;
  lng: number | null;
  lat: number | null;
  district_id: number | null;
  street_id: number | null;
  community_id: number | null;
  grid_id: number | null;
  call_id: string | null;
  state: string;
  version: Generated<number>;
  suspended_from: string | null;
  suspended_at: Timestamp | null;
  sla_policy_id: number | null;
  calendar_version: Generated<number>;
  due_at: Timestamp | null;
  due_warn_at: Timestamp | null;
  sla_level: Generated<number>;
  review_deadline: Timestamp | null;
  visit_deadline: Timestamp | null;
  overdue: Generated<boolean>;
  supervised: Generated<boolean>;
  repeat: Generated<boolean>;
  hot: Generated<boolean>;
  merged_into_id: number | null;
  split_from_id: number | null;
  source_unit_id: number | null;
  knowledge_article_id: number | null;
  answer: string | null;
  first_time: Generated<boolean>;
  sendback_count: Generated<number>;
  reopen_count: Generated<number>;
  return_count: Generated<number>;
  urge_count: Generated<number>;
  supervision_count: Generated<number>;
  visit_attempts: Generated<number>;
  contacted: boolean | null;
  resolved: boolean | null;
  satisfaction: string | null;
  close_reason: string | null;
  close_note: string | null;
  invalid_reason: string | null;
  accepted_at: Timestamp;
  answered_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  replied_at: Timestamp | null;
  approved_at: Timestamp | null;
  visited_at: Timestamp | null;
  closed_at: Timestamp | null;
  archived_at: Timestamp | null;
  created_by: number | null;
  idempotency_key: string | null;
  idempotency_hash: string | null;
  updated_at: Timestamp;
}

export interface AssignmentsTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number;
  unit_id: number;
  parent_assignment_id: number | null;
  role: 'primary' | 'assisting';
  state: string;
  pending: string | null;
  pending_data: Json<Record<string, unknown> | null> | null;
  dispatched_at: Timestamp;
  dispatched_by: number | null;
  dispatch_rule_id: number | null;
  sign_minutes: number;
  sign_clock: boolean;
  reply_minutes: number;
  reply_clock: boolean;
  return_window_minutes: number;
  extension_minutes: Generated<number>;
  extension_count: Generated<number>;
  sign_deadline: Timestamp;
  reply_deadline: Timestamp;
  return_deadline: Timestamp;
  sign_warn_at: Timestamp;
  reply_warn_at: Timestamp;
  sign_level: Generated<number>;
  reply_level: Generated<number>;
  signed_at: Timestamp | null;
  signed_by: number | null;
  replied_at: Timestamp | null;
  replied_by: number | null;
  reply_result: string | null;
  reply_measures: string | null;
  reply_basis: string | null;
  contacted: boolean | null;
  on_time: boolean | null;
  signed_on_time: boolean | null;
  return_requested: Generated<boolean>;
  urge_count: Generated<number>;
  sendback_count: Generated<number>;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface TicketEventsTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number;
  assignment_id: number | null;
  at: Timestamp;
  type: string;
  actor_id: number | null;
  actor_unit_id: number | null;
  from_state: string | null;
  to_state: string | null;
  data: Json<Record<string, unknown>>;
}

export interface AttachmentsTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number;
  assignment_id: number | null;
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface DispatchRulesTable {
  id: Generated<number>;
  platform_id: number;
  subject_id: number;
  area_unit_id: number | null;
  primary_unit_id: number | null;
  primary_area_level: string | null;
  assisting_unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  sla_policy_id: number | null;
  priority: Generated<number>;
  note: string | null;
  source: Generated<string>;
  ruling_id: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdjudicationsTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number | null;
  subject_id: number;
  area_unit_id: number | null;
  primary_unit_id: number;
  assisting_unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  participants: string | null;
  reasoning: string;
  rule_id: number | null;
  decided_by: number | null;
  decided_at: Timestamp;
}

export interface SupervisionOrdersTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number;
  unit_id: number;
  level: string;
  state: string;
  reason: string;
  deadline: Timestamp;
  opened_by: number | null;
  opened_at: Timestamp;
  answer: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  result: string | null;
  closed_by: number | null;
  closed_at: Timestamp | null;
}

/** 督办通报 (0003_console.sql): published, never edited. */
export interface SupervisionNoticesTable {
  id: Generated<number>;
  platform_id: number;
  title: string;
  body: string;
  period_from: DateString;
  period_to: DateString;
  published_by: number | null;
  published_unit_id: number | null;
  published_at: Timestamp;
}

/** The units a notice names. */
export interface SupervisionNoticeUnitsTable {
  platform_id: number;
  notice_id: number;
  unit_id: number;
}

/** Words an administrator adds to the segmentation dictionary (issue 5). */
export interface TextWordsTable {
  platform_id: number;
  word: string;
  note: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

// Issue 5 table types: each part adds its interfaces just above its own marker line below.
// ==== issue 5: classifier & suggestions (H-SUGGEST) ====
// ==== issue 5: knowledge base (H-KNOWLEDGE) ====
// ==== issue 5: duplicates & repeats (H-REPEAT) ====
// ==== issue 5: hotspots & warnings (H-WARN) ====
// ==== issue 5: reply quality (H-REPLY) ====
// ==== issue 5: ticket full-text search (H-SEARCH) ====

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
  citizens: CitizensTable;
  ticket_counters: TicketCountersTable;
  sla_policies: SlaPoliciesTable;
  tickets: TicketsTable;
  assignments: AssignmentsTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  dispatch_rules: DispatchRulesTable;
  adjudications: AdjudicationsTable;
  supervision_orders: SupervisionOrdersTable;
  supervision_notices: SupervisionNoticesTable;
  supervision_notice_units: SupervisionNoticeUnitsTable;
  text_words: TextWordsTable;
  // ---- H-SUGGEST tables ----
  // ---- H-KNOWLEDGE tables ----
  // ---- H-REPEAT tables ----
  // ---- H-WARN tables ----
  // ---- H-REPLY tables ----
  // ---- H-SEARCH tables ----
}

export type Unit = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type User = Selectable<UsersTable>;
export type Subject = Selectable<SubjectsTable>;
export type CodeListName = 'ticket_types' | 'channels' | 'urgency_levels';
export type Ticket = Selectable<TicketsTable>;
export type Assignment = Selectable<AssignmentsTable>;
export type TicketEvent = Selectable<TicketEventsTable>;
export type SlaPolicy = Selectable<SlaPoliciesTable>;
export type DispatchRule = Selectable<DispatchRulesTable>;
