import type { WorkflowStore } from './workflow-store.ts';

export type HookRoute = Awaited<ReturnType<WorkflowStore['findByHookPath']>>;

/**
 * Webhook path → workflow, cached for `ttlMs` so a busy hook costs no lookup query. Changes made through
 * this process clear it at once; changes made by other processes show within `ttlMs`.
 */
export class HookRouteCache {
  readonly #workflows: WorkflowStore;
  readonly #ttlMs: number;
  readonly #max: number;
  #entries = new Map<string, { route: Promise<HookRoute>; expiresAt: number }>();

  constructor(workflows: WorkflowStore, ttlMs: number, max = 10_000) {
    this.#workflows = workflows;
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  find(workspaceSlug: string, path: string): Promise<HookRoute> {
    const key = `${workspaceSlug}\u0000${path}`;
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.route;
    const route = this.#workflows.findByHookPath(workspaceSlug, path);
    route.catch(() => this.#entries.delete(key));
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(key, { route, expiresAt: now + this.#ttlMs });
    return route;
  }

  clear(): void {
    this.#entries.clear();
  }
}
