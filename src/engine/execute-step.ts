import type { StepDefinition } from '../contracts/workflow.ts';
import { retryDelayMs, sleep } from './backoff.ts';
import { durationMs } from './durations.ts';
import { JournalError, StepError, coerceError, toErrorRecord } from './errors.ts';
import { allTemplatesBounded, defaultExpressionLimits, hasTemplate, resolveTemplates } from './expressions/index.ts';
import { RunInterrupt, interruptOf } from './run-interrupt.ts';
import type { TablesPort } from './ports.ts';
import type { StepRecord } from './run-types.ts';
import type { BlockScope, StepContext, StepResult, StepType } from './step-type.ts';
import { EndRun, failedAt } from './end-run.ts';
import { fieldScope, mayReadSecrets } from './field-scope.ts';
import type { ExecuteRunOptions } from './execute-run.ts';
import type { BudgetMeter } from './run-budget.ts';

/** `run_steps.tokens` is an `integer` (migration 010). */
const MAX_TOKENS = 2_147_483_647;

const noTables = async (): Promise<never> => {
  throw new StepError('tables_unavailable', 'data tables are not available in this process');
};
const NO_TABLES: TablesPort = { insert: noTables, update: noTables, upsert: noTables, find: noTables, get: noTables, delete: noTables };

/** State shared by every step of one run execution. */
export interface StepExecutionEnv {
  options: ExecuteRunOptions;
  signal: AbortSignal;
  nextSeq(): number;
  /** Set when a step parks the run: other for-each iterations stop at their next step boundary. */
  parking: Date | null;
  responded: boolean;
  budget: BudgetMeter;
  /** When the run last gave the event loop a turn (performance.now()). */
  sliceStart: number;
  /** The turn given to the event loop that lanes finding the slice used up wait for; null between. */
  pause: Promise<void> | null;
  runBlock(scope: BlockScope, outerSteps: Record<string, unknown>): Promise<unknown>;
}

export interface ExecutedStep {
  output: unknown;
  next: string | null;
}

/**
 * Executes one step: resolves its templates, validates the result against the step type's schema, runs
 * it with retries and timeouts, and records the outcome in the journal (durably for side-effect steps).
 */
export async function executeStep(
  env: StepExecutionEnv,
  step: StepDefinition,
  key: string,
  locals: Record<string, unknown>,
  stepsScope: Record<string, unknown>,
  previous: StepRecord | undefined,
): Promise<ExecutedStep> {
  const { options } = env;
  const type = options.registry.get(step.type);
  if (!type) throw new EndRun(failedAt(step, { code: 'unknown_step_type', message: `step "${step.id}" has unknown type "${step.type}"` }));
  const scope = (field: string) => fieldScope(type, field, {
    trigger: options.run.trigger,
    steps: stepsScope,
    vars: options.definition.vars,
    run: { id: options.run.id, workflowId: options.run.workflowId, version: options.run.version, createdAt: options.run.createdAt.toISOString() },
    ...locals,
  }, options.secrets);
  const startedAt = options.services.clock.now();
  let attempt = previous?.status === 'retrying' ? previous.attempts : 0;
  let input: unknown = null;
  if (type.sideEffect) {
    await options.journal.flush();
    options.journal.starting?.({ key, stepId: step.id, attempts: attempt + 1 });
  }

  for (;;) {
    attempt++;
    try {
      input = await resolveInput(type, step, scope, options);
      const parsed = type.schema.safeParse(input);
      if (!parsed.success) {
        throw new StepError('invalid_input', `step "${step.id}": ${parsed.error.issues.map((i) => `with.${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          details: parsed.error.issues.map((i) => ({ path: `with.${i.path.join('.')}`, message: i.message })),
        });
      }
      const result = await runWithTimeout(env, type, step, parsed.data, key, attempt, locals, stepsScope, scope);
      return await settle(env, step, type, key, attempt, input, result, startedAt);
    } catch (thrown) {
      if (thrown instanceof EndRun || thrown instanceof RunInterrupt || thrown instanceof JournalError) throw thrown;
      const interrupt = interruptOf(env.signal);
      if (interrupt) throw interrupt;
      const error = coerceError(thrown);
      const policy = step.retry;
      const retryable = error instanceof StepError && error.retryable;
      const record = baseRecord(env, step, key, attempt, input, startedAt);
      if (policy && retryable && attempt < policy.attempts) {
        await options.journal.record({ ...record, status: 'retrying', output: null, error: toErrorRecord(error) }, type.sideEffect);
        await sleep(retryDelayMs(policy, attempt, (error as StepError).retryAfterMs), env.signal).catch((reason) => {
          throw interruptOf(env.signal) ?? reason;
        });
        continue;
      }
      const errorRecord = toErrorRecord(error);
      if (step.onError === 'continue') {
        const output = { error: errorRecord };
        await options.journal.record({ ...record, status: 'failed', output, error: errorRecord }, type.sideEffect);
        return { output, next: step.next ?? null };
      }
      await options.journal.record({ ...record, status: 'failed', output: null, error: errorRecord }, false);
      throw new EndRun(failedAt(step, errorRecord, retryable && attempt > 1));
    }
  }
}

async function resolveInput(type: StepType, step: StepDefinition, scope: (field: string) => Record<string, unknown>, options: ExecuteRunOptions): Promise<unknown> {
  const raw = step.with ?? {};
  const resolved: Record<string, unknown> = { ...raw };
  // One sandbox request per scope: fields that may read secrets get the scope with them, the others not.
  const groups = new Map<boolean, Record<string, unknown>>();
  for (const [field, value] of Object.entries(raw)) {
    if (type.rawFields?.includes(field) || !hasTemplate(value)) continue;
    const withSecrets = mayReadSecrets(type, field);
    const group = groups.get(withSecrets) ?? {};
    group[field] = value;
    groups.set(withSecrets, group);
  }
  for (const group of groups.values()) {
    const fields = Object.keys(group);
    const values = (await resolveWith(options, group, scope(fields[0]), { field: 'with', step: step.id })) as Record<string, unknown>;
    for (const field of fields) resolved[field] = values[field];
  }
  return resolved;
}

/**
 * Templates whose expressions run in bounded time are resolved here; any other goes to the sandbox,
 * off this event loop (src/engine/expressions/bounded.ts says which is which). Values without
 * templates are used as they are.
 */
function resolveWith(options: ExecuteRunOptions, value: unknown, scope: Record<string, unknown>, where: { field: string; step: string }): Promise<unknown> {
  if (!hasTemplate(value)) return Promise.resolve(value);
  const limits = options.expressionLimits ?? defaultExpressionLimits;
  // A copy, as the sandbox hands back: a result is never the run's own data (`$.steps` would make the
  // step's output contain itself).
  if (allTemplatesBounded(value)) return resolveTemplates(value, scope, where, limits).then((resolved) => structuredClone(resolved));
  return options.services.templates.resolve({ value, scope, where, limits, workspaceId: options.run.workspaceId });
}

async function runWithTimeout(
  env: StepExecutionEnv,
  type: StepType,
  step: StepDefinition,
  input: unknown,
  key: string,
  attempt: number,
  locals: Record<string, unknown>,
  stepsScope: Record<string, unknown>,
  scope: (field: string) => Record<string, unknown>,
): Promise<StepResult> {
  const { options } = env;
  const timeoutMs = step.timeout === undefined ? options.defaultStepTimeoutMs : durationMs(step.timeout);
  // Leaf steps without side effects only compute (expressions carry their own time limit), so they skip
  // the cost of a timer per step on the hot path.
  const timed = type.sideEffect || type.blockFields !== undefined || step.timeout !== undefined;
  const stepSignal = timed ? AbortSignal.any([env.signal, AbortSignal.timeout(timeoutMs)]) : env.signal;
  const ctx: StepContext = {
    runId: options.run.id,
    workspaceId: options.run.workspaceId,
    workflowId: options.run.workflowId,
    stepId: step.id,
    key,
    attempt,
    idempotencyKey: `${options.run.id}:${key}`,
    signal: stepSignal,
    http: options.services.http,
    mailer: options.services.mailer,
    clock: options.services.clock,
    tables: options.services.tables?.forWorkspace(options.run.workspaceId) ?? NO_TABLES,
    evaluate: (value, field, extra) => resolveWith(options, value, extra ? { ...scope(field), ...extra } : scope(field), { field: `with.${field}`, step: step.id }),
    runBlock: (block) => env.runBlock({ ...block, locals: { ...locals, ...block.locals } }, stepsScope),
    takeLanes: (wanted) => env.budget.takeLanes(wanted),
    returnLanes: (count) => env.budget.returnLanes(count),
  };
  try {
    return await type.run(input, ctx);
  } catch (error) {
    if (!env.signal.aborted && stepSignal.aborted) {
      throw new StepError('step_timeout', `step "${step.id}" did not finish within ${timeoutMs} ms`, { retryable: true, cause: error });
    }
    throw error;
  }
}

async function settle(
  env: StepExecutionEnv,
  step: StepDefinition,
  type: StepType,
  key: string,
  attempt: number,
  input: unknown,
  result: StepResult,
  startedAt: Date,
): Promise<ExecutedStep> {
  const { options } = env;
  const next = result.next ?? step.next ?? null;
  env.budget.output(step, result.output ?? null);
  // A step that ends the run as failed (fail, stop with status failed) is itself recorded as failed.
  const endError = result.end?.status === 'failed' ? { code: 'workflow_failed', message: result.end.message ?? `step "${step.id}" failed the run` } : null;
  const record: StepRecord = {
    ...baseRecord(env, step, key, attempt, input, startedAt),
    status: endError ? 'failed' : 'succeeded',
    output: result.output ?? null,
    error: endError,
    next,
  };
  const tokens = result.usage?.tokens;
  // Metering takes a count from any step; a value that is not a count, or that the record's column
  // (a 32-bit integer) cannot hold, is not one: it must never keep the step's record from being written.
  if (typeof tokens === 'number' && Number.isSafeInteger(tokens) && tokens >= 0 && tokens <= MAX_TOKENS) record.tokens = tokens;
  await options.journal.record(record, type.sideEffect);
  if (result.respond && !env.responded) {
    env.responded = true;
    await options.journal.flush(result.respond);
    options.onRespond?.(result.respond);
  }
  if (result.end) throw new EndRun(endError ? failedAt(step, endError) : { status: 'succeeded', output: result.output ?? null });
  if (result.wakeAt && result.wakeAt.getTime() > options.services.clock.now().getTime()) {
    env.parking = env.parking && env.parking > result.wakeAt ? env.parking : result.wakeAt;
    throw new EndRun({ status: 'waiting', wakeAt: env.parking });
  }
  return { output: result.output ?? null, next };
}

function baseRecord(env: StepExecutionEnv, step: StepDefinition, key: string, attempts: number, input: unknown, startedAt: Date) {
  return {
    key,
    stepId: step.id,
    type: step.type,
    seq: env.nextSeq(),
    input,
    attempts,
    next: null,
    startedAt,
    finishedAt: env.options.services.clock.now(),
  };
}
