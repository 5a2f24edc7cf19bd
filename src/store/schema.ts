import type { ColumnType, Generated } from 'kysely';
import type { PackTables } from './pack-schema.ts';
import type { WebhookRefusalTables } from './webhook-refusal-schema.ts';
import type { ReferralTables } from './referral-schema.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb columns are written as JSON text (`::jsonb` casts) so both drivers serialise them alike. */
type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export type WorkspaceKind = 'standard' | 'agency' | 'client';
export type Role = 'owner' | 'admin' | 'editor' | 'viewer';

export interface WorkspacesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: ColumnType<WorkspaceKind, WorkspaceKind | undefined, WorkspaceKind>;
  parent_id: string | null;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string | null;
  email_verified_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  /** Set for a session started by single sign-on: it acts in this workspace only (migration 004). */
  sso_workspace_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuthTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'verify_email' | 'reset_password';
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  workspace_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  workspace_id: string | null;
  actor_type: 'user' | 'api_key' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: NullableJson;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  created_by: string | null;
}

export interface WorkflowsTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  current_version: number;
  active: Generated<boolean>;
  trigger_type: string;
  hook_path: string | null;
  schedule_next_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  workspace_id: string;
  definition: Json;
  source: string | null;
  source_format: string | null;
  created_at: Generated<Date>;
}

/** `quota_exceeded`: held because the workspace used its plan's runs of the period (migration 010). */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'quota_exceeded';

export interface RunsTable {
  id: string;
  workspace_id: string;
  workflow_id: string;
  workflow_version: number;
  status: RunStatus;
  trigger: Json;
  dedupe_key: string | null;
  output: NullableJson;
  error: NullableJson;
  response: NullableJson;
  ready_at: NullableTimestamp;
  wake_at: NullableTimestamp;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: NullableTimestamp;
  claims: Generated<number>;
  lease_expiries: Generated<number>;
  cancel_requested: Generated<boolean>;
  dead_letter: Generated<boolean>;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  updated_at: Generated<Date>;
  /** When a run was held by the run quota (migration 010). */
  held_at: NullableTimestamp;
  /** When the run started counting against the run quota: creation, or release of a held run; null while held. */
  counted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RunStepsTable {
  run_id: string;
  key: string;
  workspace_id: string;
  step_id: string;
  type: string;
  seq: number;
  status: 'succeeded' | 'failed' | 'retrying';
  input: NullableJson;
  output: NullableJson;
  error: NullableJson;
  attempts: number;
  next: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
  /** AI tokens the step reported (migration 010); null when none. */
  tokens: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Secrets (migration 003): sealed values are base64 text, see src/secrets/envelope.ts. */
export interface MasterKeyCheckTable {
  id: number;
  master_key_id: string;
  check_value: string;
  created_at: Generated<Date>;
  rotated_at: NullableTimestamp;
}

export interface WorkspaceKeysTable {
  workspace_id: string;
  wrapped_key: string;
  master_key_id: string;
  created_at: Generated<Date>;
  rotated_at: NullableTimestamp;
}

export interface SecretsTable {
  workspace_id: string;
  name: string;
  ciphertext: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Single sign-on (migration 004): the client secret is the workspace secret `client_secret_name`. */
export interface SsoConnectionsTable {
  workspace_id: string;
  issuer: string;
  client_id: string;
  client_secret_name: string;
  default_role: Exclude<Role, 'owner'>;
  allowed_domains: ColumnType<string[], string[] | undefined, string[]>;
  enabled: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SsoLoginsTable {
  state_hash: string;
  workspace_id: string;
  code_verifier: string | null;
  nonce: string | null;
  redirect_after: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** Data tables (migration 005): see src/tables/. `columns` is the ordered column schema. */
export interface DataTablesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  columns: Json<{ name: string; type: 'text' | 'number' | 'boolean' | 'date' | 'json'; required: boolean; unique: boolean }[]>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DataRowsTable {
  id: Generated<string>;
  workspace_id: string;
  table_id: string;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One entry per value of a `unique` column; its primary key enforces the uniqueness. */
export interface DataRowKeysTable {
  table_id: string;
  column: string;
  value: string;
  row_id: string;
}

/** Usage ledger (migration 006): see src/metering/. `calls` are bigint (read back as text or number). */
export interface UsageBatchesTable {
  batch_id: string;
  calls: ColumnType<string | number, number | undefined, number>;
  flushed_at: Generated<Date>;
}

export interface UsageDailyTable {
  workspace_id: string;
  /** A UTC calendar day, written as 'YYYY-MM-DD'. */
  day: ColumnType<Date | string, string, string>;
  /** The nil UUID for calls made with a session (no API key). */
  api_key_id: string;
  category: string;
  calls: ColumnType<string | number, number, number>;
}

export interface WorkspaceBillingTable {
  workspace_id: string;
  /** A workflow plan id, an API tier id (src/billing/plans-catalog.yaml), or 'trial'. */
  plan_id: ColumnType<string, string | undefined, string>;
  period_start: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: Generated<Date>;
  /** Stripe state (migration 009, src/billing/stripe/). */
  stripe_customer_id: ColumnType<string | null, string | null | undefined, string | null>;
  stripe_subscription_id: ColumnType<string | null, string | null | undefined, string | null>;
  subscription_status: ColumnType<string | null, string | null | undefined, string | null>;
  billing_interval: ColumnType<string | null, string | null | undefined, string | null>;
  trial_end: NullableTimestamp;
  current_period_end: NullableTimestamp;
  integrity_pack: ColumnType<'one_time' | 'monthly' | null, 'one_time' | 'monthly' | null | undefined, 'one_time' | 'monthly' | null>;
  integrity_pack_subscription_id: ColumnType<string | null, string | null | undefined, string | null>;
  first_subscribed_at: NullableTimestamp;
  stripe_synced_at: NullableTimestamp;
}

/** Webhook events already processed (migration 009). */
export interface StripeEventsTable {
  event_id: string;
  type: string;
  workspace_id: string | null;
  processed_at: Generated<Date>;
}

/** Credits ledger in minor units (migration 009); bigint columns read back as text or number. */
export interface BillingCreditsTable {
  id: Generated<string>;
  workspace_id: string;
  amount: ColumnType<string | number, number, number>;
  currency: string;
  source: string;
  created_at: Generated<Date>;
}

/** Metered usage sent to Stripe (migration 009). */
export interface StripeUsageReportsTable {
  identifier: string;
  workspace_id: string;
  period_start: ColumnType<Date, Date | string, Date | string>;
  metric: string;
  quantity: ColumnType<string | number, number, number>;
  cumulative: ColumnType<string | number, number, number>;
  created_at: Generated<Date>;
  reported_at: NullableTimestamp;
}

/** Migration 011: applied pack imports (reporting) and the pack origin of imported workflows. */
export interface PackImportsTable {
  id: Generated<string>;
  workspace_id: string;
  pack_id: string;
  pack_version: string;
  checksum: string;
  source: string;
  variables: Json<Record<string, unknown>>;
  changes: Json<unknown>;
  actor: string;
  imported_at: Generated<Date>;
}

export interface PackWorkflowsTable {
  workspace_id: string;
  pack_id: string;
  pack_workflow_id: string;
  workflow_id: string;
  created_at: Generated<Date>;
  /** The workflow version the last import wrote or found unchanged (migration 013; null before it). */
  imported_version: number | null;
}

/** Usage alerts sent (migration 010): once per (workspace, period, metric, threshold). */
export interface UsageAlertsTable {
  workspace_id: string;
  period_start: ColumnType<Date, Date | string, Date | string>;
  metric: 'calls' | 'runs';
  threshold: number;
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  sent_at: NullableTimestamp;
  recipients: ColumnType<number, number | undefined, number>;
}

/** What purged runs counted for usage, per UTC day and workflow (migration 014, src/metering/retention.ts). */
export interface RunUsagePurgedTable {
  workspace_id: string;
  day: ColumnType<string, string, string>;
  workflow_id: string;
  runs: ColumnType<string, number | undefined, number>;
  run_steps: ColumnType<string, number | undefined, number>;
  steps: ColumnType<string, number | undefined, number>;
  tokens: ColumnType<string, number | undefined, number>;
}

export interface Database extends PackTables, WebhookRefusalTables, ReferralTables {
  pack_imports: PackImportsTable;
  pack_workflows: PackWorkflowsTable;
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  runs: RunsTable;
  run_steps: RunStepsTable;
  run_usage_purged: RunUsagePurgedTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  invitations: InvitationsTable;
  auth_throttle: AuthThrottleTable;
  audit_events: AuditEventsTable;
  master_key_check: MasterKeyCheckTable;
  workspace_keys: WorkspaceKeysTable;
  secrets: SecretsTable;
  sso_connections: SsoConnectionsTable;
  sso_logins: SsoLoginsTable;
  data_tables: DataTablesTable;
  data_rows: DataRowsTable;
  data_row_keys: DataRowKeysTable;
  usage_batches: UsageBatchesTable;
  usage_daily: UsageDailyTable;
  workspace_billing: WorkspaceBillingTable;
  usage_alerts: UsageAlertsTable;
  stripe_events: StripeEventsTable;
  billing_credits: BillingCreditsTable;
  stripe_usage_reports: StripeUsageReportsTable;
}
