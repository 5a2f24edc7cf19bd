import { Card } from '../../components/Card.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import type { BillingState } from './useBilling.ts';
import { useCreditLedger } from './useBilling.ts';

/** Credit balances per currency and the ledger behind them (purchases, referral rewards, invoices paid with them). */
export function CreditsCard({ billing }: { billing: BillingState }) {
  const ledger = useCreditLedger();
  const balances = billing.credits ?? [];
  const entries = ledger.data?.entries ?? [];
  return (
    <Card title="Credits">
      {balances.length === 0 ? (
        <p>No credits yet. Credits come from referral rewards or purchases and are taken off renewal invoices of their currency.</p>
      ) : (
        <dl className="lq-figures">
          {balances.map((c) => (
            <div key={c.currency}>
              <dt>Balance ({c.currency})</dt>
              <dd>{c.balance?.display}</dd>
            </div>
          ))}
        </dl>
      )}
      {ledger.isError && <Notice tone="danger">{ledger.error.message}</Notice>}
      {entries.length > 0 && (
        <div className="lq-table-scroll">
          <table className="lq-table" aria-label="Credit ledger">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="lq-numeric">Amount</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="lq-nowrap">{formatTime(entry.created_at)}</td>
                  <td>{entry.description}</td>
                  <td className="lq-numeric">{entry.amount?.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
