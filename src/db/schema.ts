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
  /** H-REPEAT (0007): the ticket's 屡办不成 group, its size, and when the repeat rule last looked at it. */
  repeat_group_id: Generated<number | null>;
  repeat_count: Generated<number>;
  repeat_checked_at: Generated<Date | null>;
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
  /**
   * H-SEARCH (migration 0010): the tsvector the search index reads, written as an SQL expression
   * (src/services/tickets/search-tokens.ts). Never selected (never in `Ticket`): the rows would carry it for nothing.
   */
  search_tokens: ColumnType<never, string | null | undefined, string | null>;
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
  /** H-REPLY (0009): the reply's quality scores in [0,1] and flag codes (src/text/reply-quality.ts), set when it replies. */
  reply_relevance: Generated<number | null>;
  reply_completeness: Generated<number | null>;
  reply_explanation: Generated<number | null>;
  reply_flags: Generated<string[] | null>;
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
/** A classifier trained from the platform's closed tickets (model: gzip'd JSON of src/text/classifier.ts ClassifierModel). */
export interface ClassifierModelsTable {
  id: Generated<number>;
  platform_id: number;
  target: 'subject' | 'type' | 'unit';
  trained_at: Timestamp;
  examples: number;
  labels: number;
  metrics: Json<Record<string, unknown>>;
  model: Buffer;
}

/** A suggestion made at intake or dispatch, beside what the user chose. */
export interface SuggestionOutcomesTable {
  id: Generated<number>;
  platform_id: number;
  ticket_id: number;
  assignment_id: number | null;
  stage: 'intake' | 'dispatch';
  target: 'subject' | 'type' | 'unit';
  source: 'model' | 'catalogue';
  model_id: number | null;
  suggested: string;
  probability: number | null;
  chosen: string;
  accepted: boolean;
  actor_id: number | null;
  at: Timestamp;
}
// ==== issue 5: knowledge base (H-KNOWLEDGE) ====
/** A knowledge article: the working copy its unit edits and the live copy last approved (live_*). */
export interface KnowledgeArticlesTable {
  id: Generated<number>;
  platform_id: number;
  unit_id: number;
  subject_id: number | null;
  kind: string;
  title: string;
  body: string;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  valid_from: DateString | null;
  valid_to: DateString | null;
  status: string;
  reject_reason: string | null;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  live_subject_id: number | null;
  live_kind: string | null;
  live_title: string | null;
  live_body: string | null;
  live_keywords: string[] | null;
  live_valid_from: DateString | null;
  live_valid_to: DateString | null;
  live_at: Timestamp | null;
  live_by: number | null;
  live_revision: Generated<number>;
  /** tsvector, written only through SQL (to_tsvector of the tokenizer's words). */
  search_tokens: ColumnType<string | null, never, never>;
  version: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface KnowledgeAttachmentsTable {
  id: Generated<number>;
  platform_id: number;
  article_id: number;
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

/** A citizen's question on the 智能问答 page and what became of it. */
export interface KnowledgeQuestionsTable {
  id: Generated<number>;
  platform_id: number;
  token: string;
  question: string;
  asked_at: Timestamp;
  answered: boolean;
  top_article_id: number | null;
  hits: number;
  handed_over_at: Timestamp | null;
}
// ==== issue 5: duplicates & repeats (H-REPEAT) ====
/** 屡办不成 group (0007_repeats.sql): the same matter from one caller or about one place, N+ times in D days. */
export interface RepeatGroupsTable {
  id: Generated<number>;
  platform_id: number;
  basis: 'caller' | 'place';
  citizen_id: number | null;
  address: string | null;
  subject_id: number | null;
  title: string;
  ticket_count: number;
  first_at: Timestamp;
  last_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
// ==== issue 5: hotspots & warnings (H-WARN) ====
/** A sensitive-matter rule (0008): keywords and/or subjects, a count in a window, and a level. */
export interface WarningRulesTable {
  id: Generated<number>;
  platform_id: number;
  name: string;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  subject_ids: ColumnType<number[], number[] | undefined, number[]>;
  min_count: number;
  window_hours: number;
  level: number;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  updated_at: Timestamp;
}

/** An early warning 预警 (0008): hotspot, surge or sensitive matter, with its level and status. */
export interface WarningsTable {
  id: Generated<number>;
  platform_id: number;
  key: string;
  kind: 'hotspot' | 'surge' | 'sensitive';
  level: number;
  title: string;
  summary: string;
  facts: Json<Record<string, unknown>>;
  place: string | null;
  district_id: number | null;
  subject_id: number | null;
  rule_id: number | null;
  ticket_count: number;
  first_at: Timestamp;
  last_at: Timestamp;
  status: 'new' | 'acknowledged' | 'following' | 'closed';
  detected_at: Timestamp;
  updated_at: Timestamp;
  feedback_due: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  closed_at: Timestamp | null;
  closed_by: number | null;
  conclusion: string | null;
}

export interface WarningTicketsTable {
  platform_id: number;
  warning_id: number;
  ticket_id: number;
}

export interface WarningRecipientsTable {
  platform_id: number;
  warning_id: number;
  user_id: number;
}

export interface WarningStepsTable {
  id: Generated<number>;
  platform_id: number;
  warning_id: number;
  kind: 'detected' | 'updated' | 'acknowledged' | 'follow_up' | 'closed';
  note: string | null;
  actor_id: number | null;
  at: Timestamp;
}
// ==== issue 5: reply quality (H-REPLY) ====
// ==== issue 5: ticket full-text search (H-SEARCH) ====

// ==== issue 6: figures (stats rollups, call records) ====
export interface TicketTypesTable extends CodeListTable {
  /** The report group (seed 000's 市政管理类 …); null: the type's own name. */
  report_group: string | null;
}

interface StatsDims {
  platform_id: number;
  /** GROUPING() bitmask of the dimensions the row rolls up (0: none; 63: all, the day's total). */
  grain: number;
  day: string;
  district_id: number | null;
  type: string | null;
  channel: string | null;
  urgency: string | null;
  subject_id: number | null;
}

export interface StatsTicketDaysTable extends StatsDims {
  unit_id: number | null;
  received: number; merged: number; invalid: number; direct_answered: number; dispatched: number; closed: number;
  closed_first_time: number; reopened: number; to_visit: number; visited: number; valid_visits: number; contacted: number;
  resolved: number; satisfied: number; basic_satisfied: number; unsatisfied: number; handled: number; handled_closed: number;
  late30_replied: number;
}

export interface StatsAssignmentDaysTable extends StatsDims {
  unit_id: number | null;
  assignments: number; signed: number; signed_on_time: number; replied: number; replied_on_time: number; returned: number; extended: number;
}

export interface StatsRollupStateTable {
  platform_id: number;
  watermark: Timestamp;
  refreshed_at: Timestamp;
  days_refreshed: Generated<number>;
}

export interface CallRecordsTable {
  id: Generated<number>;
  platform_id: number;
  call_id: string;
  offered_at: Timestamp;
  answered_at: Timestamp | null;
  wait_seconds: number;
  talk_seconds: Generated<number>;
  ticket_id: number | null;
}

// ==== issue 6: unit evaluation 考评 (0013_evaluation.sql) ====
export interface EvaluationTemplatesTable {
  id: Generated<number>;
  platform_id: number;
  code: string;
  version: number;
  name: string;
  body: Json<unknown>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface EvaluationUnitsTable {
  platform_id: number;
  template_code: string;
  unit_id: number;
  key_unit: Generated<boolean>;
}

export interface EvaluationPeriodsTable {
  id: Generated<number>;
  platform_id: number;
  template_code: string;
  template_id: number;
  month: DateString;
  state: 'draft' | 'published';
  computed_at: Timestamp;
  computed_by: number | null;
  published_at: Timestamp | null;
  published_by: number | null;
}

export interface EvaluationScoresTable {
  platform_id: number;
  period_id: number;
  unit_id: number;
  key_unit: boolean;
  total: number;
  rank: number;
  indicator_points: number;
  deductions: number;
  bonuses: number;
  indicators: Json<unknown>;
  tallies: Json<unknown>;
  full_mark: boolean;
  black_listed: boolean;
  deposit: Generated<number>;
}

export interface EvaluationItemsTable {
  id: Generated<number>;
  platform_id: number;
  period_id: number;
  unit_id: number;
  kind: string;
  ticket_id: number;
  assignment_id: number | null;
  order_id: number | null;
  at: Timestamp;
  points: number;
}

export interface EvaluationBonusesTable {
  id: Generated<number>;
  platform_id: number;
  template_code: string;
  month: DateString;
  unit_id: number;
  category: string;
  reason: string;
  points: number;
  created_by: number | null;
  created_at: Timestamp;
}

export interface EvaluationAnnualTable {
  platform_id: number;
  template_code: string;
  year: number;
  unit_id: number;
  annual_score: number | null;
  on_site_score: number | null;
  months: Generated<number>;
  monthly_mean: number | null;
  composite: number | null;
  incomplete: Generated<boolean>;
  rank: number | null;
  computed_at: Timestamp | null;
  updated_at: Timestamp;
}

// ==== issue 6: scheduled reports (0012_reports.sql) ====
export interface ReportSchedulesTable {
  id: Generated<number>;
  platform_id: number;
  name: string;
  kind: 'annual' | 'monthly' | 'weekly' | 'units';
  formats: ColumnType<string[], string[], string[]>;
  cadence: 'weekly' | 'monthly' | 'annual';
  day: number;
  month: number | null;
  hour: number;
  parent_unit_id: number | null;
  recipient_user_ids: ColumnType<number[], number[] | undefined, number[]>;
  recipient_roles: ColumnType<string[], string[] | undefined, string[]>;
  recipient_unit_id: number | null;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface ReportDeliveriesTable {
  id: Generated<number>;
  platform_id: number;
  schedule_id: number;
  kind: string;
  period_key: string;
  period_from: DateString;
  period_to: DateString;
  title: string;
  generated_at: Timestamp;
  ms: number;
}

export interface ReportFilesTable {
  platform_id: number;
  delivery_id: number;
  format: 'html' | 'docx' | 'pdf' | 'xlsx';
  content_type: string;
  size: number;
  bytes: Buffer;
  ms: number;
}

export interface ReportRecipientsTable {
  platform_id: number;
  delivery_id: number;
  user_id: number;
  read_at: Timestamp | null;
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
  ticket_types: TicketTypesTable;
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
  classifier_models: ClassifierModelsTable;
  suggestion_outcomes: SuggestionOutcomesTable;
  // ---- H-KNOWLEDGE tables ----
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_attachments: KnowledgeAttachmentsTable;
  knowledge_questions: KnowledgeQuestionsTable;
  // ---- H-REPEAT tables ----
  repeat_groups: RepeatGroupsTable;
  // ---- H-WARN tables ----
  warning_rules: WarningRulesTable;
  warnings: WarningsTable;
  warning_tickets: WarningTicketsTable;
  warning_recipients: WarningRecipientsTable;
  warning_steps: WarningStepsTable;
  // ---- H-REPLY tables ----
  // ---- H-SEARCH tables ----
  // ---- issue 6: figures ----
  stats_ticket_days: StatsTicketDaysTable;
  stats_assignment_days: StatsAssignmentDaysTable;
  stats_rollup_state: StatsRollupStateTable;
  call_records: CallRecordsTable;
  // ---- issue 6: evaluation ----
  evaluation_templates: EvaluationTemplatesTable;
  evaluation_units: EvaluationUnitsTable;
  evaluation_periods: EvaluationPeriodsTable;
  evaluation_scores: EvaluationScoresTable;
  evaluation_items: EvaluationItemsTable;
  evaluation_bonuses: EvaluationBonusesTable;
  evaluation_annual: EvaluationAnnualTable;
  // ---- issue 6: scheduled reports ----
  report_schedules: ReportSchedulesTable;
  report_deliveries: ReportDeliveriesTable;
  report_files: ReportFilesTable;
  report_recipients: ReportRecipientsTable;
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
