import type Stripe from 'stripe';
import type { LevqorConfig } from '../../config/config.ts';

export type StripeClient = Stripe;

/**
 * The official SDK, or undefined when STRIPE_SECRET_KEY is unset. STRIPE_API_BASE only redirects it to a
 * local stand-in (tests); the SDK's own host/port/protocol options do that, nothing is patched.
 */
export async function createStripeClient(stripe: LevqorConfig['stripe']): Promise<StripeClient | undefined> {
  if (!stripe.secretKey) return undefined;
  // Loaded only when billing is configured: the SDK costs ~100 ms and ~35 MB at start.
  const { default: Stripe } = await import('stripe');
  const base = stripe.apiBase ? new URL(stripe.apiBase) : undefined;
  return new Stripe(stripe.secretKey, {
    // Pinned to the version the SDK's types describe, so responses match what the code reads.
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
}

/** Stripe's lookup keys and product ids for the catalog, and the one meter for API overage. */
export const OVERAGE_METER_EVENT = 'levqor_api_overage_calls';
export const productIdOf = (catalogId: string) => `levqor_${catalogId}`;

/** An error raised by the Stripe SDK (API refusal or network failure), recognised without loading the SDK. */
export function isStripeError(error: unknown): error is Error & { type: string; statusCode?: number } {
  const type: unknown = (error as { type?: unknown } | null)?.type;
  return error instanceof Error && typeof type === 'string' && type.startsWith('Stripe');
}
