import { z } from 'zod';
import { durationSchema } from '../contracts/workflow.ts';
import { durationMs } from '../engine/durations.ts';
import type { StepType } from '../engine/step-type.ts';

/** Longest wait a delay may ask for: one year. */
const MAX_DELAY_MS = 366 * 86_400_000;

const schema = z
  .strictObject({
    for: durationSchema.optional(),
    until: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-01-31T09:00:00Z' }).optional(),
  })
  .refine((v) => (v.for === undefined) !== (v.until === undefined), { message: 'give exactly one of "for" or "until"' });

export const delayStep: StepType<z.infer<typeof schema>> = {
  type: 'delay',
  description: 'Wait for a duration or until a time. The run sleeps in the database, not in memory.',
  sideEffect: false,
  schema,
  async run(input, ctx) {
    const now = ctx.clock.now().getTime();
    const wakeAt = input.for !== undefined ? new Date(now + durationMs(input.for)) : new Date(input.until!);
    if (wakeAt.getTime() - now > MAX_DELAY_MS) {
      throw new Error(`delay of ${Math.round((wakeAt.getTime() - now) / 86_400_000)} days is longer than the 366-day limit`);
    }
    return { output: { until: wakeAt.toISOString() }, wakeAt };
  },
};
