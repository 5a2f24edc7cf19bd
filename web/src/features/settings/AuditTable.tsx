import { formatTime } from '../../components/format.ts';
import type { AuditEvent } from './settings-types.ts';

const ACTOR_KINDS: Record<string, string> = { user: 'member', api_key: 'API key', anonymous: 'not signed in', system: 'Levqor' };

/** What the action changed, as compact JSON text (never markup). */
const detailsText = (details: unknown) => (details === null || details === undefined ? '' : JSON.stringify(details));

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td className="lq-nowrap">{formatTime(e.createdAt)}</td>
              <td>
                <span className="lq-break">{e.actor.label ?? e.actor.id ?? '—'}</span>
                <div className="lq-muted">
                  {ACTOR_KINDS[e.actor.type] ?? e.actor.type}
                  {e.ip && ` · from ${e.ip}`}
                </div>
              </td>
              <td className="lq-mono">{e.action}</td>
              <td>
                {e.target ? (
                  <>
                    {e.target.type}
                    <div className="lq-mono lq-break">{e.target.id}</div>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="lq-mono lq-break lq-details">{detailsText(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
