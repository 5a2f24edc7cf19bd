import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useInvoicePreview } from './useBilling.ts';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** The current period's invoice as it stands: its lines and one total per currency (never summed across). */
export function InvoicePreviewCard() {
  const preview = useInvoicePreview();
  const p = preview.data;
  return (
    <Card title="Upcoming invoice">
      {preview.isPending && <p className="lq-muted">Loading…</p>}
      {preview.isError && <Notice tone="danger">{preview.error.message}</Notice>}
      {p && (
        <>
          <p className="lq-muted">
            An estimate of this period so far{p.reset_date ? `, until ${day.format(new Date(p.reset_date))}` : ''}: usage and credits may still change it.
          </p>
          {(p.lines ?? []).length === 0 ? (
            <p>Nothing to pay this period.</p>
          ) : (
            <div className="lq-table-scroll">
              <table className="lq-table" aria-label="Invoice lines">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Quantity</th>
                    <th scope="col" className="lq-numeric">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {(p.lines ?? []).map((line, index) => (
                    <tr key={`${line.kind}-${line.item}-${index}`}>
                      <th scope="row">{line.description}</th>
                      <td>{line.quantity?.toLocaleString()}</td>
                      <td className="lq-numeric">{line.amount?.display}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(p.lines ?? []).length > 0 && (p.totals ?? []).map((total) => (
            <dl key={total.currency} className="lq-facts lq-invoice-total" aria-label={`Total in ${total.currency}`}>
              <dt>Subtotal</dt>
              <dd>{total.subtotal?.display}</dd>
              {(total.credits_applied?.amount ?? 0) > 0 && (
                <>
                  <dt>Credits applied</dt>
                  <dd>−{total.credits_applied?.display}</dd>
                </>
              )}
              <dt>Total ({total.currency})</dt>
              <dd>
                <strong>{total.total?.display}</strong>
              </dd>
            </dl>
          ))}
        </>
      )}
    </Card>
  );
}
