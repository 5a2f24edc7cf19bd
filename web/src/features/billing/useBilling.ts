import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M & keyof paths[P]] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type BillingState = Json<'/api/v1/billing', 'get'>;
export type InvoicePreview = Json<'/api/v1/billing/preview', 'get'>;
export type CreditLedger = Json<'/api/v1/billing/credits', 'get'>;
export type PlanCatalog = Json<'/api/v1/plans', 'get'>;
export type UsageHistory = Json<'/api/v1/usage/history', 'get'>;
export type CheckoutInterval = 'month' | 'year';

/** The days of usage history the page charts: one month back, like a billing period. */
export const HISTORY_DAYS = 30;

/** Stripe statuses in which the workspace has a subscription to change rather than a new one to start. */
const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due']);
export const hasLiveSubscription = (billing: BillingState | undefined) => LIVE_STATUSES.has(billing?.subscription_status ?? '');

/** While Stripe's confirmation of a paid Checkout is awaited: how often to look, and for how long. */
const CONFIRMATION_POLL_MS = 2_000;
const CONFIRMATION_WAIT_MS = 60_000;

/**
 * The workspace's billing state. `awaitingCheckout` (back from a paid Checkout): the plan changes when
 * Stripe's webhook arrives, which may be after the browser; look again until a subscription is live.
 */
export function useBillingState(awaitingCheckout = false) {
  const since = useState(() => Date.now())[0];
  return useQuery({
    queryKey: ['billing', currentWorkspace.get()],
    queryFn: async () => unwrap(await api.GET('/api/v1/billing')),
    refetchInterval: (query) => (awaitingCheckout && !hasLiveSubscription(query.state.data) && Date.now() - since < CONFIRMATION_WAIT_MS ? CONFIRMATION_POLL_MS : false),
  });
}

export function useInvoicePreview() {
  return useQuery({ queryKey: ['billing-preview', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/billing/preview')) });
}

export function useCreditLedger() {
  return useQuery({ queryKey: ['billing-credits', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/billing/credits')) });
}

export function usePlanCatalog() {
  return useQuery({ queryKey: ['plans'], queryFn: async () => unwrap(await api.GET('/api/v1/plans')), staleTime: 5 * 60_000 });
}

export function useUsageHistory() {
  return useQuery({
    queryKey: ['usage-history', currentWorkspace.get(), HISTORY_DAYS],
    queryFn: async () => unwrap(await api.GET('/api/v1/usage/history', { params: { query: { days: HISTORY_DAYS } } })),
  });
}

/** Asks the server for a Stripe Checkout session and sends the browser to it (the page is left). */
export async function startCheckout(plan: string, interval: CheckoutInterval): Promise<void> {
  const session = unwrap(await api.POST('/api/v1/billing/checkout', { body: { plan, interval } }));
  if (!session.url) throw new Error('The server started no checkout (no address to pay at); try again.');
  window.location.assign(session.url);
}

/** Sends the browser to Stripe's customer portal for this workspace. */
export async function openBillingPortal(): Promise<void> {
  const portal = unwrap(await api.POST('/api/v1/billing/portal'));
  if (!portal.url) throw new Error('The server returned no portal address; try again.');
  window.location.assign(portal.url);
}
