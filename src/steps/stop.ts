import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const stopSchema = z.strictObject({
  status: z.enum(['succeeded', 'failed']).default('succeeded'),
  message: z.string().max(2000).optional(),
});

export const stopStep: StepType<z.infer<typeof stopSchema>> = {
  type: 'stop',
  description: 'End the run now with a status and an optional message.',
  sideEffect: false,
  schema: stopSchema,
  async run(input) {
    return { output: { status: input.status, message: input.message ?? null }, end: { status: input.status, message: input.message } };
  },
};

const failSchema = z.strictObject({ message: z.string().min(1).max(2000) });

export const failStep: StepType<z.infer<typeof failSchema>> = {
  type: 'fail',
  description: 'Fail the run with a message.',
  sideEffect: false,
  schema: failSchema,
  async run(input) {
    return { output: { message: input.message }, end: { status: 'failed', message: input.message } };
  },
};
