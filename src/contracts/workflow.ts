import { z } from 'zod';
import { DURATION_PATTERN, MAX_TIMER_MS, durationLimitProblem, type Duration } from '../engine/durations.ts';
import { webhookVerifySchema } from './webhook-verify.ts';

/** Durations: `500ms`, `10s`, `5m`, `2h`, `1d`, or a number of milliseconds. */
export const durationSchema = z.union([
  z.number().int().nonnegative(),
  z.string().regex(DURATION_PATTERN, 'expected a duration like "500ms", "10s", "5m", "2h" or "1d"'),
]);
export type { Duration };

/** A duration of at most `maxMs`; the message says what it limits (the rule lives in engine/durations.ts). */
export function durationAtMost(maxMs: number, what: string) {
  return durationSchema.check((ctx) => {
    const problem = durationLimitProblem(ctx.value, maxMs, what);
    if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
  });
}

/** Time limits and retry waits: they run on timers. */
const timerDuration = (what: string) => durationAtMost(MAX_TIMER_MS, what);

const stepIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must start with a letter or "_" and hold only letters, digits and "_" (at most 64)');

export const retrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(20),
  backoff: z.enum(['fixed', 'exponential']).default('exponential'),
  initialDelay: timerDuration('a retry delay').default('1s'),
  maxDelay: timerDuration('a retry delay').default('5m'),
});
export type RetryPolicy = z.infer<typeof retrySchema>;

export interface StepDefinition {
  id: string;
  type: string;
  name?: string;
  with?: Record<string, unknown>;
  next?: string;
  retry?: RetryPolicy;
  timeout?: Duration;
  onError?: 'fail' | 'continue';
}

export const stepSchema: z.ZodType<StepDefinition> = z.strictObject({
  id: stepIdSchema,
  type: z.string().min(1),
  name: z.string().max(200).optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  next: z.string().optional(),
  retry: retrySchema.optional(),
  timeout: timerDuration('a step time limit').optional(),
  onError: z.enum(['fail', 'continue']).optional(),
});

export const hookPathSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}(\/[a-z0-9][a-z0-9_-]{0,99}){0,4}$/, 'use lower-case letters, digits, "-" and "_", with "/" between parts');

export const webhookTriggerSchema = z.strictObject({
  type: z.literal('webhook'),
  path: hookPathSchema,
  respond: z.enum(['sync', 'async']).default('async'),
  methods: z.array(z.enum(['POST', 'GET'])).min(1).default(['POST']),
  /** How long a sync caller waits for the respond step before a 504 (the run keeps going). */
  timeout: timerDuration('a sync webhook time limit').default('30s'),
  /** Who may start a run: shared header, HMAC signature, basic auth, IP ranges (src/contracts/webhook-verify.ts). */
  verify: webhookVerifySchema.optional(),
});

export const formTriggerSchema = z.strictObject({
  type: z.literal('form'),
  path: hookPathSchema,
  title: z.string().max(200).optional(),
  fields: z
    .array(
      z.strictObject({
        name: stepIdSchema,
        label: z.string().max(200).optional(),
        type: z.enum(['text', 'email', 'number', 'textarea', 'checkbox']).default('text'),
        required: z.boolean().default(false),
      }),
    )
    .default([]),
  /** What a person who sent the form from a browser sees next; API clients get JSON whatever this says. */
  thankYou: z
    .strictObject({
      /** Shown as text on the thank-you page. */
      message: z.string().min(1).max(2000).optional(),
      /** Where the browser goes instead (303 See Other): an absolute http(s) URL. */
      redirect: z
        .url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? 'required' : 'must be an http:// or https:// URL, e.g. https://example.com/thanks') })
        .optional(),
    })
    .refine((value) => !(value.message !== undefined && value.redirect !== undefined), {
      message: 'give either a message (shown on our thank-you page) or a redirect (your own page), not both',
    })
    .optional(),
});

export const scheduleTriggerSchema = z.strictObject({
  type: z.literal('schedule'),
  cron: z.string().min(1),
  timezone: z.string().default('UTC'),
});

export const manualTriggerSchema = z.strictObject({ type: z.literal('manual') });

export const triggerSchema = z.discriminatedUnion('type', [
  webhookTriggerSchema,
  formTriggerSchema,
  scheduleTriggerSchema,
  manualTriggerSchema,
]);
export type TriggerDefinition = z.infer<typeof triggerSchema>;

export const workflowSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  trigger: triggerSchema,
  vars: z.record(z.string(), z.unknown()).default({}),
  /** Whole-run time limit, measured while running (time parked in a delay does not count). */
  timeout: timerDuration('a run time limit').optional(),
  steps: z.array(stepSchema).min(1, 'a workflow needs at least one step').max(500),
});
export type WorkflowDefinition = z.infer<typeof workflowSchema>;
