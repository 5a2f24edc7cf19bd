import type { StepDefinition } from '../contracts/workflow.ts';
import type { ErrorRecord } from './errors.ts';
import type { RunOutcome } from './run-types.ts';

/** Control flow that unwinds nested step lists: the run ends early or parks. */
export class EndRun {
  readonly outcome: RunOutcome;
  constructor(outcome: RunOutcome) {
    this.outcome = outcome;
  }
}

export function failedAt(step: StepDefinition, error: ErrorRecord, deadLetter = false): RunOutcome {
  return { status: 'failed', error: { ...error, step: step.id }, deadLetter };
}
