import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { TestLevqor } from './test-levqor.ts';

/** A Stripe event wrapping `object`, as Stripe sends it (`apiVersion: null` leaves `api_version` out). */
export function stripeEvent(type: string, object: unknown, options: { created?: number; apiVersion?: string | null } = {}) {
  const { created = Math.floor(Date.now() / 1000), apiVersion = Stripe.API_VERSION } = options;
  const id = `evt_${randomBytes(8).toString('hex')}`;
  return apiVersion === null
    ? { id, object: 'event', type, created, livemode: false, data: { object } }
    : { id, object: 'event', type, created, api_version: apiVersion, livemode: false, data: { object } };
}

/**
 * Posts `event` to the Stripe webhook, signed with `secret` by the SDK's test-header helper (or with
 * `signature` as given). `text` is the raw answer; `body` parses it when read.
 */
export async function deliverStripeEvent(
  levqor: TestLevqor,
  event: unknown,
  secret: string,
  options: { timestamp?: number; signature?: string; contentType?: string } = {},
) {
  const payload = JSON.stringify(event);
  const header = options.signature ?? Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: options.timestamp });
  const response = await levqor.server!.inject({
    method: 'POST',
    url: '/api/v1/billing/stripe/webhook',
    payload,
    headers: { 'content-type': options.contentType ?? 'application/json', 'stripe-signature': header },
  });
  let parsed: any;
  return {
    status: response.statusCode,
    text: response.body,
    get body(): any {
      return (parsed ??= JSON.parse(response.body));
    },
  };
}
