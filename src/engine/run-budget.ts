import type { StepDefinition } from '../contracts/workflow.ts';
import { EndRun, failedAt } from './end-run.ts';
import { estimateJsonLength } from './expressions/json-size.ts';

/**
 * What one run may consume, whatever its definition says: without these a loop nested in a loop can
 * hold millions of outputs in memory and keep the process from serving anyone else.
 */
export interface RunBudget {
  /** Step executions in the whole run, for-each iterations included (replayed steps count too). */
  maxSteps: number;
  /** for-each lanes running at once across the run: lanes past the first in each loop share this. */
  maxLanes: number;
  /** Total size of the run's step outputs, as JSON characters. */
  maxOutputBytes: number;
}

export const defaultRunBudget: RunBudget = Object.freeze({ maxSteps: 50_000, maxLanes: 50, maxOutputBytes: 64 * 1024 * 1024 });

/** The part of a run's budget still unspent; shared by every lane of the run. */
export class BudgetMeter {
  readonly #budget: RunBudget;
  #steps = 0;
  #outputBytes = 0;
  #freeLanes: number;

  constructor(budget: RunBudget) {
    this.#budget = budget;
    this.#freeLanes = budget.maxLanes - 1;
  }

  /** Counts one step execution; ends the run as failed when the budget is spent. */
  step(step: StepDefinition): void {
    if (++this.#steps > this.#budget.maxSteps) {
      throw exceeded(step, `the run exceeded its budget of ${this.#budget.maxSteps} step executions (for-each iterations included); split the work into several runs or raise LEVQOR_RUN_MAX_STEPS`);
    }
  }

  /** Counts a step's output; ends the run as failed when the outputs together grow past the budget. */
  output(step: StepDefinition, output: unknown): void {
    const remaining = this.#budget.maxOutputBytes - this.#outputBytes;
    const size = estimateJsonLength(output, remaining);
    if (size > remaining) {
      const mib = Math.round(this.#budget.maxOutputBytes / (1024 * 1024));
      throw exceeded(step, `the run exceeded its budget of ${mib} MiB of step outputs; return less data from each step (select the fields you need) or raise LEVQOR_RUN_MAX_OUTPUT_MB`);
    }
    this.#outputBytes += size;
  }

  /** Takes up to `wanted` extra lanes for a for-each; it always has its own first lane besides. */
  takeLanes(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.#freeLanes));
    this.#freeLanes -= granted;
    return granted;
  }

  returnLanes(count: number): void {
    this.#freeLanes += count;
  }
}

function exceeded(step: StepDefinition, message: string): EndRun {
  return new EndRun(failedAt(step, { code: 'run_budget_exceeded', message }));
}
