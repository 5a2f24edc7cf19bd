import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { canGrant } from '../auth/roles.ts';
import { useApiKeyActions } from './useApiKeys.ts';

/** Scopes and the role each acts as (src/auth/permissions.ts): a key never does more than its maker. */
const SCOPES = [
  { id: 'read', label: 'read: view everything (as a viewer)', role: 'viewer' },
  { id: 'write', label: 'write: also change workflows and run them (as an editor)', role: 'editor' },
  { id: 'admin', label: 'admin: also manage members, keys and secrets (as an admin)', role: 'admin' },
] as const;

const DAY = 86_400_000;
const EXPIRIES = [
  { id: '30', label: 'In 30 days', days: 30 },
  { id: '90', label: 'In 90 days', days: 90 },
  { id: '365', label: 'In a year', days: 365 },
  { id: 'never', label: 'Never', days: null },
] as const;

type Scope = (typeof SCOPES)[number]['id'];

export function CreateApiKeyForm({ myRole }: { myRole: string | null }) {
  const { create } = useApiKeyActions();
  const [scope, setScope] = useState<Scope>('read');
  const [expiry, setExpiry] = useState<string>('90');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const { run, pending, error, fields } = useAction(['body.name', 'body.expiresAt']);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const days = EXPIRIES.find((e) => e.id === expiry)?.days ?? null;
    void run(async () => {
      const key = await create.mutateAsync({ name: name.trim(), scopes: [scope], expiresAt: days === null ? undefined : new Date(Date.now() + days * DAY).toISOString() });
      setCreated({ name: key.name, key: key.key });
      setName('');
    });
  }

  if (created) {
    return (
      <div className="lq-form" role="group" aria-label="Your new API key">
        <Notice tone="info">
          This is the only time the key “{created.name}” is shown: copy it now and keep it somewhere safe. If it is lost, revoke it and create another.
        </Notice>
        <div className="lq-secret-reveal">
          <code className="lq-mono lq-break" aria-label="The new API key">
            {created.key}
          </code>
          <CopyButton text={created.key} label="Copy the API key" />
        </div>
        <div className="lq-actions lq-actions-start">
          <Button variant="secondary" onPress={() => setCreated(undefined)}>
            I have saved it
          </Button>
        </div>
      </div>
    );
  }
  return (
    <Form className="lq-form lq-narrow" onSubmit={submit}>
      {error && <Notice tone="danger">{error}</Notice>}
      <TextField name="name" label="Name" description="What uses it, e.g. “CRM sync”." value={name} onChange={setName} isRequired maxLength={100} serverError={fields['body.name']} />
      <SelectField
        label="Scope"
        value={scope}
        options={SCOPES.map((s) => ({ id: s.id, label: s.label }))}
        disabledKeys={SCOPES.filter((s) => !canGrant(myRole, s.role)).map((s) => s.id)}
        onChange={(s) => setScope(s as Scope)}
      />
      <SelectField label="Expires" value={expiry} options={EXPIRIES.map((e) => ({ id: e.id, label: e.label }))} onChange={setExpiry} />
      <div className="lq-actions lq-actions-start">
        <Button type="submit" isPending={pending}>
          Create key
        </Button>
      </div>
    </Form>
  );
}
