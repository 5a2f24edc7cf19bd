import assert from 'node:assert/strict';
import type { StepContext, StepResult, StepType } from '../../src/engine/step-type.ts';
import { StepError } from '../../src/engine/errors.ts';
import { createOutboundHttp } from '../../src/adapters/outbound-http.ts';
import { createOutboundPolicy } from '../../src/adapters/outbound-policy.ts';
import { createUnconfiguredMailer } from '../../src/adapters/unconfigured-mailer.ts';

// The production policy, with the local test services on 127.0.0.1 allowed.
const sharedHttp = createOutboundHttp({ checkAddress: createOutboundPolicy(['127.0.0.1']) });

const noTables = async (): Promise<never> => {
  throw new Error('data tables are not available in this test');
};

/** A StepContext wired to real adapters; tests override what they need (mailer, signal, clock…). */
export function makeStepContext(overrides: Partial<StepContext> = {}): StepContext {
  return {
    runId: 'run_test',
    workspaceId: 'ws_test',
    workflowId: 'wf_test',
    stepId: 'step',
    key: 'step',
    attempt: 1,
    idempotencyKey: 'run_test:step',
    signal: new AbortController().signal,
    http: sharedHttp,
    mailer: createUnconfiguredMailer(),
    clock: { now: () => new Date() },
    tables: { insert: noTables, update: noTables, upsert: noTables, find: noTables, get: noTables, delete: noTables },
    evaluate: async (value) => value,
    runBlock: async () => {
      throw new Error('not supported here');
    },
    takeLanes: (wanted) => wanted,
    returnLanes: () => {},
    ...overrides,
  };
}

/** Validates `withValue` with the step's schema, as the executor does, then runs the step. */
export async function runStep<W>(type: StepType<W>, withValue: unknown, overrides: Partial<StepContext> = {}): Promise<StepResult> {
  return type.run(type.schema.parse(withValue), makeStepContext(overrides));
}

/** Closes the shared keep-alive connections so the test process can exit. */
export function closeStepAdapters(): Promise<void> {
  return sharedHttp.close();
}

/** Awaits a step that must fail, and hands back its StepError. */
export async function stepError(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(
    () => assert.fail('expected the step to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof StepError, `expected a StepError, got ${String(error)}`);
  return error;
}
