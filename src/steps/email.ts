import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const plainEmail = z.email();

/** `ada@example.com` or `Ada Lovelace <ada@example.com>`. */
const address = z
  .string()
  .trim()
  .refine((value) => plainEmail.safeParse(/^[^<>]*<([^<>]+)>$/.exec(value)?.[1] ?? value).success, {
    error: (issue) => `"${String(issue.input)}" is not a valid email address`,
  });
// A single address is accepted as a one-item list; preprocessing keeps the per-address messages a union would hide.
const addressList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(address).min(1, 'needs at least one address'),
);

const emailWith = z
  .strictObject({
    to: addressList,
    cc: addressList.optional(),
    bcc: addressList.optional(),
    from: address.optional(),
    replyTo: address.optional(),
    subject: z.string().min(1, 'required'),
    text: z.string().optional(),
    html: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.text === undefined && value.html === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'give text, html or both' });
    }
  });
export type EmailWith = z.infer<typeof emailWith>;

export const emailStep: StepType<EmailWith> = {
  type: 'email',
  description: 'Send an email through the configured SMTP server.',
  sideEffect: true,
  secretFields: ['text', 'html'],
  schema: emailWith,
  async run(input, ctx) {
    const result = await ctx.mailer.send(
      {
        // Empty means "the mailer's default sender".
        from: input.from ?? '',
        to: input.to,
        cc: input.cc,
        bcc: input.bcc,
        replyTo: input.replyTo,
        subject: input.subject,
        text: input.text,
        html: input.html,
        headers: { 'X-Levqor-Idempotency-Key': ctx.idempotencyKey },
      },
      ctx.signal,
    );
    return { output: { messageId: result.messageId, accepted: result.accepted, rejected: result.rejected } };
  },
};
