import { sql, type Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunOutcome, StepRecord } from '../engine/run-types.ts';
import type { Database } from '../store/schema.ts';

/** Prometheus metrics of one Levqor process. A registry per instance keeps test instances apart. */
export class LevqorMetrics {
  readonly registry = new Registry();
  readonly #runsFinished: Counter<'status'>;
  readonly #stepDuration: Histogram<'type' | 'status'>;
  readonly #claimLatency: Histogram;
  readonly #claimed: Counter;

  constructor(db: Kysely<Database>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'levqor_process_' });
    this.#runsFinished = new Counter({
      name: 'levqor_runs_finished_total',
      help: 'Runs this process brought to an end or parked, by status',
      labelNames: ['status'],
      registers: [this.registry],
    });
    this.#stepDuration = new Histogram({
      name: 'levqor_step_duration_seconds',
      help: 'Step execution time by step type and status',
      labelNames: ['type', 'status'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [this.registry],
    });
    this.#claimLatency = new Histogram({
      name: 'levqor_claim_latency_seconds',
      help: 'Time taken by one claim statement',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [this.registry],
    });
    this.#claimed = new Counter({ name: 'levqor_runs_claimed_total', help: 'Runs claimed by this process', registers: [this.registry] });
    new Gauge({
      name: 'levqor_runs',
      help: 'Runs in the database by status (all workspaces)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const { rows } = await sql<{ status: string; count: number }>`select status, count(*)::int as count from runs group by status`.execute(db);
        this.reset();
        for (const row of rows) this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'levqor_queue_depth',
      help: 'Runs ready to be claimed now (queued, woken, or with an expired lease)',
      registers: [this.registry],
      async collect() {
        const { rows } = await sql<{ count: number }>`select count(*)::int as count from runs where ready_at <= now() and status <> 'running'`.execute(db);
        this.set(rows[0]?.count ?? 0);
      },
    });
  }

  stepRecorded(record: StepRecord): void {
    this.#stepDuration.observe({ type: record.type, status: record.status }, (record.finishedAt.getTime() - record.startedAt.getTime()) / 1000);
  }

  runEnded(outcome: RunOutcome): void {
    this.#runsFinished.inc({ status: outcome.status });
  }

  claimed(count: number, elapsedMs: number): void {
    this.#claimLatency.observe(elapsedMs / 1000);
    this.#claimed.inc(count);
  }
}
