import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const schema = z.strictObject({
  status: z.number().int().min(100).max(599).default(200),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
});

export const respondStep: StepType<z.infer<typeof schema>> = {
  type: 'respond',
  description: 'Answer a sync webhook caller with a status, headers and body; the run may go on afterwards.',
  sideEffect: false,
  schema,
  async run(input) {
    const response = { status: input.status, headers: input.headers, body: input.body ?? null };
    return { output: response, respond: response };
  },
};
