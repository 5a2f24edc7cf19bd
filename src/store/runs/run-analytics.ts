import { sql, type Kysely } from 'kysely';
import type { Database, RunStatus } from '../schema.ts';

/** The windows the dashboard offers, in UTC days ending today. */
export const ANALYTICS_WINDOWS = [7, 30, 90] as const;
export type AnalyticsWindow = (typeof ANALYTICS_WINDOWS)[number];

const DAY_MS = 86_400_000;
/** Finished runs: the ones a success rate and a duration are taken over (as on the workflows page). */
const FINISHED: RunStatus[] = ['succeeded', 'failed', 'cancelled'];
const TOP_FAILING = 5;

export interface RunAnalytics {
  from: string;
  to: string;
  days: { day: string; total: number; by_status: Record<string, number>; success_rate: number | null; duration_ms: { p50: number | null; p95: number | null } }[];
  totals: { runs: number; finished: number; succeeded: number; failed: number; cancelled: number };
  success_rate: number | null;
  duration_ms: { p50: number | null; p95: number | null };
  top_failing: { workflow_id: string; name: string; deleted: boolean; failures: number }[];
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Runs of one workspace created in the last `days` UTC days (today included), aggregated by the
 * database: counts per day and status, success rate and run-duration percentiles (per day and over the window) and the workflows that
 * failed most. Every query is a range scan of `runs_list (workspace_id, created_at desc, id desc)`;
 * no run is read into the process.
 */
export async function runAnalytics(db: Kysely<Database>, workspaceId: string, days: AnalyticsWindow, now = new Date()): Promise<RunAnalytics> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = windowStart(days, now);
  const queries = analyticsQueries(workspaceId, from);
  const [perDay, durations, summary, failing] = await Promise.all([
    queries.perDay.execute(db), queries.durationsPerDay.execute(db), queries.summary.execute(db), queries.topFailing.execute(db),
  ]);

  // Every day of the window appears, with zeros, so a chart's x axis is the window itself.
  const byDay = new Map<string, Record<string, number>>();
  for (let t = from.getTime(); t <= today; t += DAY_MS) byDay.set(utcDay(new Date(t)), {});
  for (const row of perDay.rows) {
    const counts = byDay.get(row.day);
    if (counts) counts[row.status] = Number(row.runs);
  }
  const ms = (value: number | string | null) => (value === null ? null : Math.round(Number(value)));
  const durationOf = new Map(durations.rows.map((row) => [row.day, { p50: ms(row.p50), p95: ms(row.p95) }]));
  const rateOf = (c: Record<string, number>) => {
    const done = (c.succeeded ?? 0) + (c.failed ?? 0) + (c.cancelled ?? 0);
    return done === 0 ? null : (c.succeeded ?? 0) / done;
  };
  const s = summary.rows[0];
  const finished = Number(s.succeeded) + Number(s.failed) + Number(s.cancelled);
  return {
    from: utcDay(from),
    to: utcDay(new Date(today)),
    days: [...byDay].map(([day, by_status]) => ({
      day,
      total: Object.values(by_status).reduce((sum, n) => sum + n, 0),
      by_status,
      success_rate: rateOf(by_status),
      duration_ms: durationOf.get(day) ?? { p50: null, p95: null },
    })),
    totals: { runs: Number(s.runs), finished, succeeded: Number(s.succeeded), failed: Number(s.failed), cancelled: Number(s.cancelled) },
    success_rate: finished === 0 ? null : Number(s.succeeded) / finished,
    duration_ms: { p50: ms(s.p50), p95: ms(s.p95) },
    top_failing: failing.rows.map((row) => ({ workflow_id: row.workflow_id, name: row.name, deleted: Boolean(row.deleted), failures: Number(row.failures) })),
  };
}

/** 00:00 UTC of the first day of a window of `days` UTC days ending today. */
export function windowStart(days: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
}

/** The four aggregate queries, unexecuted (test/analytics.test.ts checks their plans with EXPLAIN). */
export function analyticsQueries(workspaceId: string, from: Date) {
  const inWindow = sql`r.workspace_id = ${workspaceId}::uuid and r.created_at >= ${from.toISOString()}::timestamptz`;
  const finished = sql`r.status in (${sql.join(FINISHED)}) and r.started_at is not null and r.finished_at is not null`;
  const duration = sql`extract(epoch from r.finished_at - r.started_at) * 1000`;

  return {
    perDay: sql<{ day: string; status: RunStatus; runs: number }>`
      select to_char(date_trunc('day', r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, r.status, count(*)::int as runs
      from runs r where ${inWindow}
      group by 1, 2`,
    summary: sql<{ runs: number; succeeded: number; failed: number; cancelled: number; p50: number | null; p95: number | null }>`
      select count(*)::int as runs,
        count(*) filter (where r.status = 'succeeded')::int as succeeded,
        count(*) filter (where r.status = 'failed')::int as failed,
        count(*) filter (where r.status = 'cancelled')::int as cancelled,
        percentile_cont(0.5) within group (order by ${duration}) filter (where ${finished}) as p50,
        percentile_cont(0.95) within group (order by ${duration}) filter (where ${finished}) as p95
      from runs r where ${inWindow}`,
    durationsPerDay: sql<{ day: string; p50: number | null; p95: number | null }>`
      select to_char(date_trunc('day', r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
        percentile_cont(0.5) within group (order by ${duration}) as p50,
        percentile_cont(0.95) within group (order by ${duration}) as p95
      from runs r where ${inWindow} and ${finished}
      group by 1`,
    topFailing: sql<{ workflow_id: string; name: string; deleted: boolean; failures: number }>`
      select r.workflow_id, w.name, (w.deleted_at is not null) as deleted, count(*)::int as failures
      from runs r join workflows w on w.id = r.workflow_id and w.workspace_id = r.workspace_id
      where ${inWindow} and r.status = 'failed'
      group by r.workflow_id, w.name, w.deleted_at
      order by failures desc, w.name, r.workflow_id
      limit ${TOP_FAILING}`,
  };
}
