import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb columns are written as JSON text (`::jsonb` casts) so both drivers serialise them alike. */
type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

export interface WorkspacesTable {
  id: Generated<string>;
  slug: string;
  name: string;
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

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

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
}

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  runs: RunsTable;
  run_steps: RunStepsTable;
}
