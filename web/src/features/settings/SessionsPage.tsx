import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { describeDevice } from './device.ts';
import type { Session } from './settings-types.ts';
import { useSessionActions, useSessions } from './useSessions.ts';

/** Where the user is signed in: revoke a session they do not recognise, or all but this one. */
export function SessionsPage() {
  const sessions = useSessions();
  const { revoke, revokeOthers } = useSessionActions();
  const [confirmOthers, setConfirmOthers] = useState(false);
  const others = sessions.data?.filter((s) => !s.current) ?? [];
  const closeOthers = () => {
    setConfirmOthers(false);
    revokeOthers.reset();
  };

  return (
    <Card title="Sessions">
      <p className="lq-muted">Every browser or device signed in to your account, in all workspaces. Signing out here ends that session at once.</p>
      {sessions.isPending && <p className="lq-muted">Loading…</p>}
      {sessions.isError && <Notice tone="danger">{sessions.error.message}</Notice>}
      {revoke.error && <Notice tone="danger">{revoke.error.message}</Notice>}
      {sessions.data && <SessionTable sessions={sessions.data} revokingId={revoke.isPending ? revoke.variables : undefined} onRevoke={(s) => revoke.mutate(s.id)} />}
      {sessions.data && (
        <div className="lq-actions">
          {others.length === 0 && <span className="lq-muted">You are signed in nowhere else.</span>}
          <Button variant="secondary" onPress={() => setConfirmOthers(true)} isDisabled={others.length === 0}>
            Sign out all other sessions
          </Button>
        </div>
      )}
      <ConfirmDialog
        isOpen={confirmOthers}
        title="Sign out everywhere else?"
        confirmLabel={`Sign out ${others.length} ${others.length === 1 ? 'session' : 'sessions'}`}
        pending={revokeOthers.isPending}
        error={revokeOthers.error?.message}
        onCancel={closeOthers}
        onConfirm={() => revokeOthers.mutate(others.map((s) => s.id), { onSuccess: closeOthers })}
      >
        <p>Every other browser and device signed in to your account has to sign in again. This one stays signed in.</p>
      </ConfirmDialog>
    </Card>
  );
}

function SessionTable({ sessions, revokingId, onRevoke }: { sessions: Session[]; revokingId: string | undefined; onRevoke: (s: Session) => void }) {
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="lq-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => {
            const device = describeDevice(s.userAgent) ?? s.userAgent ?? 'Unknown device';
            return (
              <tr key={s.id}>
                <th scope="row">
                  <span className="lq-break" title={s.userAgent ?? undefined}>
                    {device}
                  </span>
                  {s.current && <span className="lq-badge lq-badge-inline" data-tone="success">this session</span>}
                </th>
                <td className="lq-mono">{s.ip ?? '—'}</td>
                <td className="lq-nowrap">{formatTime(s.createdAt)}</td>
                <td className="lq-nowrap">{formatTime(s.lastSeenAt)}</td>
                <td className="lq-row-actions">
                  {s.current ? null : (
                    <Button variant="quiet" onPress={() => onRevoke(s)} isPending={revokingId === s.id} aria-label={`Sign out ${device}, signed in ${formatTime(s.createdAt)}`}>
                      Sign out
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
