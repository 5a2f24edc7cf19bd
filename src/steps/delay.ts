import { z } from 'zod';
import { durationAtMost } from '../contracts/workflow.ts';
import { durationMs } from '../engine/durations.ts';
import { StepError } from '../engine/errors.ts';
import { hasTemplate } from '../engine/expressions/index.ts';
import type { StepType } from '../engine/step-type.ts';

/** Longest wait a delay may ask for: one year. */
const MAX_DELAY_MS = 366 * 86_400_000;

/** Why waking at `wakeAt` is too far from `now`, or null: the one rule for saving and running. */
function untilProblem(wakeAt: Date, now: Date): string | null {
  const ms = wakeAt.getTime() - now.getTime();
  return ms <= MAX_DELAY_MS ? null : `a delay is at most 366 days; ${wakeAt.toISOString()} is ${Math.round(ms / 86_400_000)} days away`;
}

const schema = z
  .strictObject({
    for: durationAtMost(MAX_DELAY_MS, 'a delay').optional(),
    until: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-01-31T09:00:00Z' }).optional(),
  })
  .refine((v) => (v.for === undefined) !== (v.until === undefined), { message: 'give exactly one of "for" or "until"' });

export const delayStep: StepType<z.infer<typeof schema>> = {
  type: 'delay',
  description: 'Wait for a duration or until a time. The run sleeps in the database, not in memory.',
  sideEffect: false,
  schema,
  checkLiterals(withValue, now) {
    const until = withValue.until;
    if (typeof until !== 'string' || hasTemplate(until) || !schema.shape.until.safeParse(until).success) return [];
    const problem = untilProblem(new Date(until), now);
    return problem ? [{ path: ['until'], message: problem }] : [];
  },
  async run(input, ctx) {
    const now = ctx.clock.now();
    const wakeAt = input.for !== undefined ? new Date(now.getTime() + durationMs(input.for)) : new Date(input.until!);
    const problem = untilProblem(wakeAt, now);
    if (problem) throw new StepError('invalid_input', problem);
    return { output: { until: wakeAt.toISOString() }, wakeAt };
  },
};
