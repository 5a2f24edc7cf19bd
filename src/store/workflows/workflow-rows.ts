import type { WorkflowDefinition } from '../../contracts/workflow.ts';

export interface WorkflowSummary {
  id: string;
  workspaceId: string;
  name: string;
  version: number;
  active: boolean;
  triggerType: string;
  hookPath: string | null;
  scheduleNextAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkflowVersion {
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  source: string | null;
  sourceFormat: string | null;
  createdAt: Date;
}

export function summaryFromRow(row: {
  id: string;
  workspace_id: string;
  name: string;
  current_version: number;
  active: boolean;
  trigger_type: string;
  hook_path: string | null;
  schedule_next_at: Date | null;
  created_at: Date;
  updated_at: Date;
}): WorkflowSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    version: row.current_version,
    active: row.active,
    triggerType: row.trigger_type,
    hookPath: row.hook_path,
    scheduleNextAt: row.schedule_next_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The webhook or form path a definition listens on, if any. */
export function hookPathOf(definition: WorkflowDefinition): string | null {
  return definition.trigger.type === 'webhook' || definition.trigger.type === 'form' ? definition.trigger.path : null;
}
