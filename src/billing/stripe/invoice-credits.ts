import type Stripe from 'stripe';
import type { BillingStore } from '../billing-store.ts';
import { BillingError } from '../billing-error.ts';
import { isStripeError, type StripeClient } from './stripe-client.ts';
import { workspaceOfStripe } from './subscription-sync.ts';

export const CREDIT_ITEM_DESCRIPTION = 'Levqor credits applied';

export interface AppliedCredit {
  workspaceId: string;
  invoiceId: string;
  amount: number;
  currency: string;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));

/** The ledger source of credits applied to one invoice; also the root of the Stripe idempotency key. */
export const invoiceCreditSource = (invoiceId: string) => `invoice:${invoiceId}`;

/**
 * Deducts a workspace's purchased credits from a draft invoice (on `invoice.created`; Stripe finalises a
 * subscription's draft about an hour later). Runs before the event is claimed, in two steps that are each
 * safe to repeat: the credits are reserved in the ledger once per invoice (a repeat gets the recorded
 * amount back), then a negative invoice item of exactly that amount is created with an idempotency key
 * derived from the invoice. If Stripe refuses or cannot be reached, the error propagates, the event stays
 * unclaimed and Stripe re-delivers it; the retry finds the same reservation and sends the same request.
 * Undefined when there is nothing to apply: not a draft, nothing due, not ours, or no credits in the
 * invoice's currency.
 */
export async function applyCreditsToInvoice(stripe: StripeClient, store: BillingStore, invoiceId: string): Promise<AppliedCredit | undefined> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.status !== 'draft' || invoice.amount_due <= 0) return undefined;
  const customer = idOf(invoice.customer);
  const metadata = invoice.parent?.subscription_details?.metadata ?? invoice.metadata;
  const workspaceId = await workspaceOfStripe(store.db, store, metadata, customer);
  if (!workspaceId || !customer) return undefined;
  const currency = invoice.currency.toUpperCase();
  const source = invoiceCreditSource(invoice.id);
  const amount = await store.reserveCredit(workspaceId, invoice.amount_due, currency, source);
  if (amount === 0) return undefined;
  // Already on the invoice (an earlier delivery got this far): no second call, even after the key expired.
  if (!hasCreditLine(invoice, source)) {
    try {
      await stripe.invoiceItems.create(
        { customer, invoice: invoice.id, amount: -amount, currency: invoice.currency, description: CREDIT_ITEM_DESCRIPTION, metadata: { levqor_workspace_id: workspaceId, levqor_credit_source: source } },
        { idempotencyKey: `levqor-credit-${invoice.id}` },
      );
    } catch (error) {
      if (!isStripeError(error)) throw error;
      throw new BillingError(502, 'stripe_error', `Stripe refused or could not be reached when adding ${amount} ${currency} of credits to invoice ${invoice.id} (${error.type}: ${error.message}); the credits stay reserved for that invoice and are applied when Stripe re-delivers this event`);
    }
  }
  return { workspaceId, invoiceId: invoice.id, amount, currency };
}

/** Only the first page of lines Stripe embeds is looked at; the idempotency key covers the rest. */
function hasCreditLine(invoice: Stripe.Invoice, source: string): boolean {
  return (invoice.lines?.data ?? []).some((line) => line.metadata?.levqor_credit_source === source);
}
