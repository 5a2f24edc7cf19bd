import type { z } from 'zod';
import type { OutboundHttp, Mailer, Clock, TablesPort } from './ports.ts';
import type { StepDefinition } from '../contracts/workflow.ts';
import type { SyncResponse } from './run-types.ts';

/** What a step hands back to the executor. */
export interface StepResult {
  /** Made available to later steps as `steps.<id>`. Must be JSON-serialisable. */
  output: unknown;
  /** Id of the step to run next (branch `goto`), or `end`. Overrides the definition's `next`. */
  next?: string;
  /** Park the run in the database until this time (delay step). */
  wakeAt?: Date;
  /** End the run now with this status (stop/fail steps). */
  end?: { status: 'succeeded' | 'failed'; message?: string };
  /** The HTTP answer for a sync webhook (respond step). */
  respond?: SyncResponse;
  /** What the step consumed, for usage metering: e.g. the AI tokens a model call reported. */
  usage?: { tokens?: number };
}

/** Scope of a sub-list of steps run by a container step (for-each). */
export interface BlockScope {
  steps: StepDefinition[];
  /** Extra names visible to expressions inside the block, e.g. `{ item, index }`. */
  locals: Record<string, unknown>;
  /** Key prefix that makes the block's step records unique, e.g. `loop[3]`. */
  keyPrefix: string;
}

export interface StepContext {
  runId: string;
  workspaceId: string;
  workflowId: string;
  stepId: string;
  /** Unique key of this step execution within the run (`loop[2].send` inside a for-each). */
  key: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Stable across attempts and resumes: derived from run id and step key. */
  idempotencyKey: string;
  /** Aborted on step timeout, run timeout or cancel. */
  signal: AbortSignal;
  http: OutboundHttp;
  mailer: Mailer;
  clock: Clock;
  /** The data tables of the run's workspace (and only those). */
  tables: TablesPort;
  /** Resolve `{{ }}` templates in a raw (unresolved) field, with optional extra locals. */
  evaluate(value: unknown, field: string, locals?: Record<string, unknown>): Promise<unknown>;
  /** Run a sub-list of steps (for-each). Resolves with the output of the block's last executed step. */
  runBlock(scope: BlockScope): Promise<unknown>;
  /**
   * Extra concurrent lanes for blocks, from the run's budget: grants up to `wanted` (maybe 0; the
   * caller always has one lane of its own). Give them back with `returnLanes` when done.
   */
  takeLanes(wanted: number): number;
  returnLanes(count: number): void;
}

/**
 * A step type: its `with` schema and how it runs.
 * `sideEffect` steps are checkpointed durably before the next step starts and get an idempotency key;
 * pure steps may be re-executed on resume because they depend only on their inputs.
 */
export interface StepType<With = unknown> {
  type: string;
  description: string;
  sideEffect: boolean;
  /** Validates the resolved `with` object. Fields that may hold `{{ }}` are checked after resolution. */
  schema: z.ZodType<With>;
  /** Fields of `with` the executor must not resolve up front (the step evaluates them itself). */
  rawFields?: readonly string[];
  /**
   * Fields of `with` sent to another system (a request's url, headers, body or credentials): only these
   * may use `secrets`. Anywhere else a secret's value could be stored or returned (outputs, tables, run
   * history, a sync answer), so it is refused when the workflow is saved and left out of the expression
   * scope when the step runs. Default: none.
   */
  secretFields?: readonly string[];
  /** Nested step lists inside `with` (validated and walked like top-level steps). */
  blockFields?: readonly string[];
  /**
   * Save-time checks of literal `with` values that the schema cannot make (a delay's `until` against the
   * current time), using the same rule `run` applies. Values holding `{{ }}` are left to run time.
   */
  checkLiterals?(withValue: Record<string, unknown>, now: Date): { path: PropertyKey[]; message: string }[];
  /** Step ids this step may jump to (branch targets), for graph validation. */
  jumpTargets?(withValue: Record<string, unknown>): string[];
  run(input: With, ctx: StepContext): Promise<StepResult>;
}
