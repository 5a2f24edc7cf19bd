import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/*
 * Usage counted by runs the retention purger deleted (migration 014, src/metering/retention.ts): added
 * to the counts read from `runs` and `run_steps`, so usage answers are the same before and after a purge.
 * Days are UTC dates; periods and history windows start at 00:00 UTC, so whole days add up exactly.
 */

export interface WorkflowUsageRow {
  workflow_id: string;
  name: string;
  runs: number;
  steps: number;
}

/** Purged runs, steps and tokens per UTC day from `fromDay` (inclusive). */
export async function purgedByDay(db: Kysely<Database>, workspaceId: string, fromDay: string): Promise<Map<string, { runs: number; steps: number; tokens: number }>> {
  const rows = await db
    .selectFrom('run_usage_purged')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      sql<string>`sum(runs)::text`.as('runs'),
      sql<string>`sum(steps)::text`.as('steps'),
      sql<string>`sum(tokens)::text`.as('tokens'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', fromDay)
    .groupBy('day')
    .execute();
  return new Map(rows.map((r) => [r.day, { runs: Number(r.runs), steps: Number(r.steps), tokens: Number(r.tokens) }]));
}

/** Purged tokens per workflow from `fromDay` (by the day their steps finished). */
export async function purgedTokensByWorkflow(db: Kysely<Database>, workspaceId: string, fromDay: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('run_usage_purged')
    .select(['workflow_id', sql<string>`sum(tokens)::text`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '>=', fromDay)
    .groupBy('workflow_id')
    .having(sql`sum(tokens)`, '>', 0)
    .execute();
  return new Map(rows.map((r) => [r.workflow_id, Number(r.n)]));
}

/**
 * Adds purged runs (counted from `fromDay`) and their steps to the per-day maps and the per-workflow
 * rows read from the run records; answers the workflows ordered as before: most runs first, then id.
 */
export async function addPurgedUsage(
  db: Kysely<Database>,
  workspaceId: string,
  fromDay: string,
  byDay: { runs: Map<string, number>; steps: Map<string, number> },
  live: { workflow_id: string; name: string; runs: string | number; steps: string | number }[],
): Promise<WorkflowUsageRow[]> {
  const [days, purged] = await Promise.all([
    purgedByDay(db, workspaceId, fromDay),
    db
      .selectFrom('run_usage_purged')
      .innerJoin('workflows', 'workflows.id', 'run_usage_purged.workflow_id')
      .select(['run_usage_purged.workflow_id', 'workflows.name', sql<string>`sum(run_usage_purged.runs)::text`.as('runs'), sql<string>`sum(run_usage_purged.run_steps)::text`.as('steps')])
      .where('run_usage_purged.workspace_id', '=', workspaceId)
      .where('run_usage_purged.day', '>=', fromDay)
      .groupBy(['run_usage_purged.workflow_id', 'workflows.name'])
      .having(sql`sum(run_usage_purged.runs)`, '>', 0)
      .execute(),
  ]);
  for (const [day, d] of days) {
    if (d.runs) byDay.runs.set(day, (byDay.runs.get(day) ?? 0) + d.runs);
    if (d.steps) byDay.steps.set(day, (byDay.steps.get(day) ?? 0) + d.steps);
  }
  const merged = new Map<string, WorkflowUsageRow>(live.map((r) => [r.workflow_id, { workflow_id: r.workflow_id, name: r.name, runs: Number(r.runs), steps: Number(r.steps) }]));
  for (const p of purged) {
    const row = merged.get(p.workflow_id) ?? { workflow_id: p.workflow_id, name: p.name, runs: 0, steps: 0 };
    row.runs += Number(p.runs);
    row.steps += Number(p.steps);
    merged.set(p.workflow_id, row);
  }
  return [...merged.values()].sort((a, b) => b.runs - a.runs || (a.workflow_id < b.workflow_id ? -1 : a.workflow_id > b.workflow_id ? 1 : 0));
}
