import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SyncResponse } from '../engine/run-types.ts';
import type { RunWriter } from '../store/runs/run-writer.ts';
import type { NewRun } from '../store/runs/write-runs.ts';
import type { Database } from '../store/schema.ts';
import type { QuotaHold, RunAdmission } from './run-admission.ts';
import type { RunEnding, RunRunner } from './run-runner.ts';
import type { VersionCache } from './version-cache.ts';
import { waitForRunAnswer, type RunAnswer } from './wait-for-run.ts';

export interface StartRunRequest {
  workspaceId: string;
  workflowId: string;
  version: number;
  trigger: unknown;
  dedupeKey: string | null;
}

export interface StartedRun {
  runId: string;
  /** False when the dedupe key matched an existing run. */
  created: boolean;
  /** Set when the run was stored held (`quota_exceeded`) because the run quota is used up. */
  hold?: QuotaHold;
}

export interface StartRunOptions {
  db: Kysely<Database>;
  writer: RunWriter;
  runner: RunRunner;
  versions: VersionCache;
  owner: string;
  leaseMs: number;
  /** Runs executed inline (in the accepting process) at once; beyond it, runs queue for workers. */
  maxInlineRuns: number;
  /** True while the process is under load: accepted async runs then queue for workers instead of running inline. */
  deferInline?: () => boolean;
  /** Called when a run was queued for a worker. */
  onQueued: () => void;
  /** The run quota; without it every run starts. */
  admission?: RunAdmission;
  onError: (error: unknown, runId: string) => void;
}

/**
 * Starts runs for triggers. An accepted run is committed before the caller is answered. Where there is
 * room, the accepting process runs it at once (holding its lease), saving the claim round trip; sync
 * runs are not written at all until their first side effect, respond step, or end.
 */
export class RunStarter {
  readonly #o: StartRunOptions;
  constructor(options: StartRunOptions) {
    this.#o = options;
  }

  /** Commit a run and run it in the background (inline when there is room, else by a worker). */
  async startAsync(request: StartRunRequest): Promise<StartedRun> {
    const o = this.#o;
    const hold = await o.admission?.admit(request.workspaceId);
    if (hold) return this.#hold(request, hold);
    const newRun = this.#newRun(request);
    const inline = o.runner.activeCount < o.maxInlineRuns && !o.deferInline?.();
    const token = o.runner.newLeaseToken();
    const result = await o.writer.insert({
      run: newRun,
      state: inline ? { status: 'running', leaseOwner: o.owner, leaseToken: token, leaseMs: o.leaseMs } : { status: 'queued' },
      records: [],
    });
    if (!result.inserted) return { runId: result.existingRunId, created: false };
    if (inline) void this.#runInline(request, newRun.id, token, undefined, undefined);
    else o.onQueued();
    return { runId: newRun.id, created: true };
  }

  /** Queue a run for a worker without executing it here (schedules, bulk). */
  async enqueue(request: StartRunRequest): Promise<StartedRun> {
    const hold = await this.#o.admission?.admit(request.workspaceId);
    if (hold) return this.#hold(request, hold);
    const newRun = this.#newRun(request);
    const result = await this.#o.writer.insert({ run: newRun, state: { status: 'queued' }, records: [] });
    if (result.inserted) this.#o.onQueued();
    return result.inserted ? { runId: newRun.id, created: true } : { runId: result.existingRunId, created: false };
  }

  /**
   * Run now and resolve with the respond step's answer, or the run's ending, or a timeout. The run keeps
   * going after a timeout. A repeated dedupe key answers from the existing run.
   */
  async startSync(request: StartRunRequest, timeoutMs: number): Promise<{ runId: string; answer: RunAnswer }> {
    const o = this.#o;
    if (request.dedupeKey) {
      const existing = await o.db
        .selectFrom('runs')
        .select('id')
        .where('workflow_id', '=', request.workflowId)
        .where('dedupe_key', '=', request.dedupeKey)
        .executeTakeFirst();
      if (existing) return { runId: existing.id, answer: await waitForRunAnswer(o.db, existing.id, timeoutMs) };
    }
    if (o.runner.activeCount >= o.maxInlineRuns) {
      const started = await this.enqueue(request);
      if (started.hold) return { runId: started.runId, answer: { kind: 'held', hold: started.hold } };
      return { runId: started.runId, answer: await waitForRunAnswer(o.db, started.runId, timeoutMs) };
    }
    const hold = await o.admission?.admit(request.workspaceId);
    if (hold) {
      const held = await this.#hold(request, hold);
      // A concurrent request with the same key won the insert: answer from that run.
      if (!held.hold) return { runId: held.runId, answer: await waitForRunAnswer(o.db, held.runId, timeoutMs) };
      return { runId: held.runId, answer: { kind: 'held', hold } };
    }
    const newRun = this.#newRun(request);
    let respond!: (answer: RunAnswer) => void;
    const answered = new Promise<RunAnswer>((resolve) => (respond = resolve));
    const ending = this.#runInline(request, newRun.id, o.runner.newLeaseToken(), newRun, (response) =>
      respond({ kind: 'response', response }),
    );
    void ending
      .then(async (end) => {
        if (end.kind === 'outcome') respond({ kind: 'ended', outcome: end.outcome });
        else if (end.kind === 'duplicate') respond(await waitForRunAnswer(o.db, end.existingRunId, timeoutMs));
        else respond({ kind: 'abandoned', reason: end.reason, recorded: end.recorded });
      })
      // Waiting for the earlier run can fail (database unreachable); unhandled, that would end the process.
      .catch((error: unknown) => respond({ kind: 'abandoned', reason: (error as Error).message, recorded: true }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<RunAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    });
    const answer = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    return { runId: newRun.id, answer };
  }

  /** Stores the run held (never claimed) until the quota releases it. */
  async #hold(request: StartRunRequest, hold: QuotaHold): Promise<StartedRun> {
    const newRun = this.#newRun(request);
    const result = await this.#o.writer.insert({ run: newRun, state: { status: 'quota_exceeded' }, records: [] });
    return result.inserted ? { runId: newRun.id, created: true, hold } : { runId: result.existingRunId, created: false };
  }

  #newRun(request: StartRunRequest): NewRun {
    return {
      id: randomUUID(),
      workspaceId: request.workspaceId,
      workflowId: request.workflowId,
      version: request.version,
      trigger: request.trigger,
      dedupeKey: request.dedupeKey,
    };
  }

  /** Never rejects: a run that cannot start here is left to a worker (its lease expires). */
  async #runInline(
    request: StartRunRequest,
    runId: string,
    leaseToken: string,
    insert: NewRun | undefined,
    onRespond: ((response: SyncResponse) => void) | undefined,
  ): Promise<RunEnding> {
    try {
      const definition = await this.#o.versions.get(request.workspaceId, request.workflowId, request.version);
      return await this.#o.runner.execute({
        run: { id: runId, workspaceId: request.workspaceId, workflowId: request.workflowId, version: request.version, trigger: request.trigger, createdAt: new Date() },
        definition,
        leaseToken,
        insert,
        onRespond,
      });
    } catch (error) {
      this.#o.onError(error, runId);
      return { kind: 'abandoned', reason: (error as Error).message, recorded: insert === undefined };
    }
  }
}
