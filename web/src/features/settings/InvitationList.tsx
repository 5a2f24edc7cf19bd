import { Button } from '../../components/Button.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import type { Invitation } from './settings-types.ts';
import { useMemberActions } from './useMembers.ts';

/** Invitations still waiting for their answer (accepted and expired ones are history: see the audit log). */
export function InvitationList({ invitations }: { invitations: Invitation[] }) {
  const { revokeInvitation } = useMemberActions();
  const now = Date.now();
  const waiting = invitations.filter((i) => i.acceptedAt === null && new Date(i.expiresAt).getTime() > now);
  if (waiting.length === 0) return <p className="lq-empty">No invitation is waiting for an answer.</p>;
  return (
    <>
      {revokeInvitation.error && <Notice tone="danger">{revokeInvitation.error.message}</Notice>}
      <div className="lq-table-scroll">
        <table className="lq-table" aria-label="Pending invitations">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="lq-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.email}</th>
                <td>{i.role}</td>
                <td>{formatTime(i.createdAt)}</td>
                <td>{formatTime(i.expiresAt)}</td>
                <td>
                  <Button variant="quiet" onPress={() => revokeInvitation.mutate(i.id)} isDisabled={revokeInvitation.isPending} aria-label={`Revoke the invitation of ${i.email}`}>
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
