import { useState } from 'react';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin, type Role } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { InvitationList } from './InvitationList.tsx';
import { InviteForm } from './InviteForm.tsx';
import { MemberTable } from './MemberTable.tsx';
import type { Member } from './settings-types.ts';
import { useInvitations, useMemberActions, useMembers } from './useMembers.ts';

type Pending = { kind: 'role'; member: Member; role: Role } | { kind: 'remove'; member: Member };


/** Members and their roles, and the invitations not yet accepted. What the user's role allows is usable; the server decides. */
export function MembersPage() {
  const me = useSession().data;
  const members = useMembers();
  const admin = isAdmin(me?.role);
  const invitations = useInvitations(admin);
  const { changeRole, remove } = useMemberActions();
  const [pending, setPending] = useState<Pending | null>(null);
  const action = pending?.kind === 'role' ? changeRole : remove;
  const isMe = pending?.member.userId === me?.user.id;
  const who = (m: Member) => m.name ?? m.email;

  const close = () => {
    setPending(null);
    changeRole.reset();
    remove.reset();
  };
  const confirm = () => {
    if (!pending) return;
    if (pending.kind === 'role') changeRole.mutate({ userId: pending.member.userId, role: pending.role }, { onSuccess: close });
    else remove.mutate(pending.member.userId, { onSuccess: close });
  };

  return (
    <div className="lq-stack">
      <Card title="Members">
        {members.isPending && <p className="lq-muted">Loading…</p>}
        {members.isError && <Notice tone="danger">{members.error.message}</Notice>}
        {members.data && (
          <MemberTable
            members={members.data}
            myRole={me?.role ?? null}
            myUserId={me?.user.id ?? ''}
            onChangeRole={(member, role) => setPending({ kind: 'role', member, role })}
            onRemove={(member) => setPending({ kind: 'remove', member })}
          />
        )}
        {!admin && <p className="lq-muted">Only admins and owners change roles, remove members and invite people.</p>}
      </Card>
      {admin && (
        <Card title="Invitations">
          <InviteForm myRole={me?.role ?? null} />
          {invitations.isError && <Notice tone="danger">{invitations.error.message}</Notice>}
          {invitations.data && <InvitationList invitations={invitations.data} />}
        </Card>
      )}
      <ConfirmDialog
        isOpen={pending !== null}
        title={!pending ? '' : pending.kind === 'role' ? `Make ${isMe ? 'yourself' : who(pending.member)} ${pending.role}?` : `Remove ${isMe ? 'yourself' : who(pending.member)}?`}
        confirmLabel={pending?.kind === 'role' ? 'Change role' : 'Remove member'}
        tone={pending?.kind === 'role' ? 'primary' : 'danger'}
        pending={action.isPending}
        error={action.error?.message}
        onCancel={close}
        onConfirm={confirm}
      >
        {pending?.kind === 'role' && (
          <p>
            {isMe ? `You are ${pending.member.role} now and become` : `${who(pending.member)} is ${pending.member.role} now and becomes`} {pending.role}: what{' '}
            {isMe ? 'you' : 'they'} can do in this workspace changes at once.
          </p>
        )}
        {pending?.kind === 'remove' && (
          <p>
            {isMe ? 'You lose' : `${who(pending.member)} loses`} access to this workspace at once, and the API keys {isMe ? 'you' : 'they'} made stop working.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
