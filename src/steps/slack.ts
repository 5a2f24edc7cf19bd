import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';
import { httpUrl, statusError } from './http.ts';

const slackWith = z
  .strictObject({
    webhookUrl: httpUrl,
    text: z.string().min(1).optional(),
    blocks: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    username: z.string().min(1).optional(),
    iconEmoji: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.text === undefined && value.blocks === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'required unless blocks are given' });
    }
  });
export type SlackWith = z.infer<typeof slackWith>;

export const slackStep: StepType<SlackWith> = {
  type: 'slack',
  description: 'Post a message to a Slack channel through an incoming-webhook URL.',
  sideEffect: true,
  secretFields: ['webhookUrl', 'text', 'blocks'],
  schema: slackWith,
  async run(input, ctx) {
    const payload = {
      text: input.text,
      blocks: input.blocks,
      username: input.username,
      icon_emoji: input.iconEmoji,
      channel: input.channel,
    };
    const res = await ctx.http.request({
      method: 'POST',
      url: input.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey, 'user-agent': 'Levqor' },
      body: JSON.stringify(payload),
      signal: ctx.signal,
      maxResponseBytes: 64 * 1024,
    });
    if (res.status < 200 || res.status >= 300) throw statusError('slack_status', 'the Slack webhook', res, ctx.clock.now());
    return { output: { ok: true, status: res.status } };
  },
};
