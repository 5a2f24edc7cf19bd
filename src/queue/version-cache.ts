import type { Kysely } from 'kysely';
import type { WorkflowDefinition } from '../contracts/workflow.ts';
import type { Database } from '../store/schema.ts';

/**
 * Workflow versions are immutable, so a definition loaded once is good forever. Bounded so a deployment
 * with many workflows does not grow without limit.
 */
export class VersionCache {
  readonly #db: Kysely<Database>;
  readonly #max: number;
  readonly #entries = new Map<string, Promise<WorkflowDefinition>>();

  constructor(db: Kysely<Database>, max = 2_000) {
    this.#db = db;
    this.#max = max;
  }

  get(workspaceId: string, workflowId: string, version: number): Promise<WorkflowDefinition> {
    const key = `${workflowId}:${version}`;
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const loading = this.#db
      .selectFrom('workflow_versions')
      .select('definition')
      .where('workflow_id', '=', workflowId)
      .where('workspace_id', '=', workspaceId)
      .where('version', '=', version)
      .executeTakeFirstOrThrow()
      .then((row) => row.definition as WorkflowDefinition);
    loading.catch(() => this.#entries.delete(key));
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, loading);
    return loading;
  }
}
