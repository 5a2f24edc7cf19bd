import assert from 'node:assert/strict';
import { z } from 'zod';
import type { StepType } from '../../src/engine/step-type.ts';
import type { TestLevqor } from './test-levqor.ts';

/** Creates a workflow through the API and starts a run of it; asserts both answers. */
export async function runWorkflow(levqor: TestLevqor, definition: unknown, input: unknown = {}): Promise<{ workflowId: string; runId: string }> {
  const created = await levqor.api('POST', '/api/v1/workflows', definition);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, input);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return { workflowId: created.body.id, runId: started.body.runId };
}

/** A test-only step type `test_tokens`: the engine knows nothing about AI, it passes on what a step reports. */
export function testTokensStep(): StepType<{ tokens: number }> {
  return {
    type: 'test_tokens',
    description: 'reports the tokens it is given (tests only)',
    sideEffect: false,
    schema: z.object({ tokens: z.number() }),
    run: async (input: { tokens: number }) => ({ output: { reported: input.tokens }, usage: { tokens: input.tokens } }),
  };
}
