import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { canGrant, ROLES, type Role } from '../auth/roles.ts';

/** Invite by e-mail with a role up to the user's own; the server sends the e-mail with the link. */
export function InviteForm({ myRole }: { myRole: string | null }) {
  const client = useQueryClient();
  const roles = ROLES.filter((r) => canGrant(myRole, r));
  const [role, setRole] = useState<Role>('editor');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<{ email: string; emailSent: boolean }>();
  const { run, pending, error, fields } = useAction(['body.email', 'body.role']);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(undefined);
    void run(async () => {
      const invited = unwrap(await api.POST('/api/v1/invitations', { body: { email: email.trim(), role } }));
      setSent({ email: invited.email, emailSent: invited.emailSent });
      setEmail('');
      await client.invalidateQueries({ queryKey: ['invitations'] });
    });
  }

  return (
    <Form className="lq-form" onSubmit={submit} aria-label="Invite someone">
      {error && <Notice tone="danger">{error}</Notice>}
      {sent && (
        <Notice tone={sent.emailSent ? 'success' : 'info'}>
          {sent.emailSent ? `Invitation sent to ${sent.email}.` : `The invitation for ${sent.email} is saved, but the e-mail could not be sent: check the server's mail settings, then revoke it and invite again.`}
        </Notice>
      )}
      <div className="lq-inline-form">
        <TextField name="email" type="email" label="E-mail" value={email} onChange={setEmail} isRequired maxLength={254} serverError={fields['body.email']} />
        <SelectField label="Role" value={role} options={roles.map((r) => ({ id: r, label: r }))} onChange={(r) => setRole(r as Role)} />
        <Button type="submit" isPending={pending}>
          Invite
        </Button>
      </div>
    </Form>
  );
}
