import type { StepDefinition, WorkflowDefinition } from '../contracts/workflow.ts';
import { durationMs } from './durations.ts';
import { JournalError, toErrorRecord } from './errors.ts';
import type { ExpressionLimits } from './expressions/index.ts';
import type { Clock, Mailer, OutboundHttp, TablesAccess, TemplateResolver } from './ports.ts';
import { RunInterrupt, interruptOf } from './run-interrupt.ts';
import type { RunJournal, RunOutcome, StepRecord, SyncResponse } from './run-types.ts';
import { EndRun, failedAt } from './end-run.ts';
import { executeStep, type StepExecutionEnv } from './execute-step.ts';
import type { StepRegistry } from './step-registry.ts';
import type { BlockScope } from './step-type.ts';
import { BudgetMeter, defaultRunBudget, type RunBudget } from './run-budget.ts';

export interface ExecuteRunOptions {
  definition: WorkflowDefinition;
  registry: StepRegistry;
  run: { id: string; workspaceId: string; workflowId: string; version: number; trigger: unknown; createdAt: Date };
  /** Records written by earlier attempts of this run, by step key: these steps are not executed again. */
  completed: ReadonlyMap<string, StepRecord>;
  journal: RunJournal;
  /** `tables` is optional: without it the table step fails with `tables_unavailable`. */
  services: { http: OutboundHttp; mailer: Mailer; clock: Clock; tables?: TablesAccess; templates: TemplateResolver };
  secrets: Record<string, string>;
  /** Aborted with a `RunInterrupt` (cancel, lease lost, shutdown). */
  signal: AbortSignal;
  /** Called once, after the journal is durable, when a respond step answers a sync caller. */
  onRespond?: (response: SyncResponse) => void;
  expressionLimits?: ExpressionLimits;
  /** Per-run limits on step executions, for-each lanes and output size (defaults: `defaultRunBudget`). */
  budget?: RunBudget;
  defaultStepTimeoutMs: number;
}

/** A run that keeps the event loop this long without a pause gives other work a turn. */
const SLICE_MS = 5;

/**
 * Runs a workflow from wherever its journal says it stopped. Steps already recorded as done are replayed
 * from their records (output and chosen `next`), so a resumed run takes the same path and never repeats a
 * completed side effect. Throws `RunInterrupt` for lease loss and shutdown (nothing more may be written);
 * every other ending is returned as an outcome for the caller to commit.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  const runTimeoutMs = options.definition.timeout === undefined ? undefined : durationMs(options.definition.timeout);
  const timer = runTimeoutMs === undefined ? undefined : setTimeout(
    () => controller.abort(new RunInterrupt('run_timeout', `the run exceeded its time limit of ${runTimeoutMs} ms`)),
    runTimeoutMs,
  );
  if (options.signal.aborted) controller.abort(options.signal.reason);

  let seq = 0;
  for (const record of options.completed.values()) seq = Math.max(seq, record.seq);
  const env: StepExecutionEnv = {
    options,
    signal: controller.signal,
    nextSeq: () => ++seq,
    parking: null,
    responded: false,
    budget: new BudgetMeter(options.budget ?? defaultRunBudget),
    sliceStart: performance.now(),
    pause: null,
    runBlock: (scope, outerSteps) => runList(env, scope, outerSteps),
  };
  const rootSteps: Record<string, unknown> = {};
  try {
    const last = await runList(env, { steps: options.definition.steps, locals: {}, keyPrefix: '' }, rootSteps);
    return { status: 'succeeded', output: last };
  } catch (thrown) {
    if (thrown instanceof EndRun) return thrown.outcome;
    if (thrown instanceof JournalError) throw thrown;
    const interrupt = thrown instanceof RunInterrupt ? thrown : interruptOf(controller.signal);
    if (interrupt?.kind === 'cancelled') return { status: 'cancelled', error: { code: 'cancelled', message: interrupt.message } };
    if (interrupt?.kind === 'run_timeout') {
      return { status: 'failed', error: { code: 'run_timeout', message: interrupt.message }, deadLetter: false };
    }
    if (interrupt) throw interrupt;
    return { status: 'failed', error: toErrorRecord(thrown), deadLetter: false };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Walks one list of steps (the workflow, or a for-each iteration). `stepsScope` is what `steps.<id>`
 * shows to expressions: outer outputs plus this list's own.
 */
async function runList(env: StepExecutionEnv, scope: BlockScope, outerSteps: Record<string, unknown>): Promise<unknown> {
  const stepsScope: Record<string, unknown> = scope.keyPrefix ? { ...outerSteps } : outerSteps;
  const indexById = new Map(scope.steps.map((s, i) => [s.id, i]));
  let index = 0;
  let last: unknown = null;
  while (index < scope.steps.length) {
    if (env.parking) throw new EndRun({ status: 'waiting', wakeAt: env.parking });
    const interrupt = interruptOf(env.signal);
    if (interrupt) throw interrupt;
    const step = scope.steps[index];
    env.budget.step(step);
    // Steps without templates or I/O resolve in microtasks only: without a pause a long loop of them
    // would keep timers, sockets and other runs waiting.
    if (performance.now() - env.sliceStart > SLICE_MS) await giveEventLoopATurn(env);
    const key = scope.keyPrefix ? `${scope.keyPrefix}.${step.id}` : step.id;
    const done = env.options.completed.get(key);
    let next: string | null;
    if (done && isSettled(done, step)) {
      env.budget.output(step, done.output);
      stepsScope[step.id] = done.output;
      last = done.output;
      next = done.next;
    } else {
      const result = await executeStep(env, step, key, scope.locals, stepsScope, done);
      stepsScope[step.id] = result.output;
      last = result.output;
      next = result.next;
    }
    if (next === 'end') break;
    if (next === null) {
      index++;
      continue;
    }
    const target = indexById.get(next);
    if (target === undefined) throw new EndRun(failedAt(step, { code: 'unknown_step', message: `step "${step.id}" jumps to unknown step "${next}"` }));
    index = target;
  }
  return last;
}

/**
 * One pause for the whole run: every for-each lane that finds the slice used up waits for the same turn,
 * and the slice restarts once when it comes. (With a pause per lane, each of 20 lanes resumed in the
 * same turn would restart the slice and take 5 ms of its own: 100 ms without a break.)
 */
function giveEventLoopATurn(env: StepExecutionEnv): Promise<void> {
  env.pause ??= new Promise((resolve) =>
    setImmediate(() => {
      env.pause = null;
      env.sliceStart = performance.now();
      resolve();
    }),
  );
  return env.pause;
}

/** A record that lets replay skip the step: it succeeded, or failed with `onError: continue`. */
function isSettled(record: StepRecord, step: StepDefinition): boolean {
  return record.status === 'succeeded' || (record.status === 'failed' && step.onError === 'continue');
}
