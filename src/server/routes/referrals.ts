import type { FastifyInstance } from 'fastify';
import type { Referrals } from '../../billing/referrals.ts';
import { workspaceOf } from '../auth/principal.ts';
import type { PublicUrl } from '../public-url.ts';

const money = {
  type: 'object',
  required: ['amount', 'currency', 'display'],
  properties: { amount: { type: 'integer', description: 'Minor units (pence, cents)' }, currency: { type: 'string' }, display: { type: 'string' } },
} as const;

export const referralSummarySchema = {
  type: 'object',
  required: ['code', 'link', 'signups', 'conversions', 'earned', 'reward'],
  properties: {
    code: { type: 'string', description: "The workspace's referral code (made the first time it is asked for)" },
    link: { type: 'string', format: 'uri', description: 'The sign-up link to share: <public URL>/signup?ref=<code>' },
    signups: { type: 'integer', minimum: 0, description: 'Workspaces created through the link' },
    conversions: { type: 'integer', minimum: 0, description: 'Of those, the ones that paid an invoice' },
    earned: { type: 'array', items: money, description: 'Credits earned by conversions, per currency (added to the credit balance)' },
    reward: { anyOf: [money, { type: 'null' }], description: 'What each conversion earns; null when the plans catalog sets no referralCredit' },
  },
} as const;

export function registerReferralRoutes(app: FastifyInstance, o: { referrals: Referrals; publicUrl: PublicUrl }): void {
  app.get('/api/v1/referrals', {
    config: { permission: 'read' },
    schema: { tags: ['billing'], summary: "The workspace's referral link and the sign-ups and conversions attributed to it", response: { 200: referralSummarySchema } },
  }, async (request) => {
    const summary = await o.referrals.summary(workspaceOf(request));
    const link = new URL('/signup', o.publicUrl());
    link.searchParams.set('ref', summary.code);
    return { ...summary, link: link.toString() };
  });
}
