import { Button } from '../../components/Button.tsx';
import { formatTime } from '../../components/format.ts';
import type { ApiKey } from './settings-types.ts';

const expiry = (iso: string | null) => (iso === null ? 'never' : formatTime(iso));

export function ApiKeyTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="lq-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <th scope="row" className="lq-break">
                {k.name}
              </th>
              <td className="lq-mono">{k.prefix}…</td>
              <td>{k.scopes.join(', ')}</td>
              <td className="lq-nowrap">{formatTime(k.createdAt)}</td>
              <td className="lq-nowrap">{expiry(k.expiresAt)}</td>
              <td className="lq-nowrap">{k.lastUsedAt ? formatTime(k.lastUsedAt) : <span className="lq-muted">never</span>}</td>
              <td className="lq-row-actions">
                <Button variant="quiet" onPress={() => onRevoke(k)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
