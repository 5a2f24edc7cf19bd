import { Button } from '../../components/Button.tsx';
import { formatTime } from '../../components/format.ts';
import { SelectField } from '../../components/SelectField.tsx';
import { canGrant, ROLES, type Role } from '../auth/roles.ts';
import type { Member } from './settings-types.ts';

interface Props {
  members: Member[];
  myRole: string | null;
  myUserId: string;
  onChangeRole: (member: Member, role: Role) => void;
  onRemove: (member: Member) => void;
}

export function MemberTable({ members, myRole, myUserId, onChangeRole, onRemove }: Props) {
  const grantable = ROLES.filter((r) => canGrant(myRole, r));
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="lq-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            // Someone holding a role above the user's own cannot be changed by them.
            const mayChange = canGrant(myRole, m.role);
            const label = m.name ?? m.email;
            return (
              <tr key={m.userId}>
                <th scope="row">
                  {label}
                  {m.userId === myUserId && <span className="lq-badge lq-badge-inline">you</span>}
                  {m.name && <div className="lq-muted">{m.email}</div>}
                </th>
                <td>
                  <SelectField
                    label={`Role of ${label}`}
                    labelHidden
                    value={m.role}
                    options={ROLES.map((r) => ({ id: r, label: r }))}
                    disabledKeys={ROLES.filter((r) => !grantable.includes(r))}
                    isDisabled={!mayChange}
                    onChange={(role) => role !== m.role && onChangeRole(m, role as Role)}
                  />
                </td>
                <td>{formatTime(m.joinedAt)}</td>
                <td>
                  <Button variant="quiet" onPress={() => onRemove(m)} isDisabled={!mayChange} aria-label={`Remove ${label}`}>
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
