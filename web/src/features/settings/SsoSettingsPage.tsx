import { useState, type FormEvent } from 'react';
import { Form, Switch } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { canGrant, isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { AdminOnly } from './AdminOnly.tsx';
import { useSso, useSsoActions, type SsoConfig, type SsoInput } from './useSso.ts';

const ROLE_OPTIONS = [
  { id: 'viewer', label: 'Viewer' },
  { id: 'editor', label: 'Editor' },
  { id: 'admin', label: 'Admin' },
];
/** The API names a refused domain by its position (at most 50 domains); the one domains field shows each. */
const FIELDS = ['body.issuer', 'body.clientId', 'body.clientSecret', 'body.defaultRole', 'body.allowedDomains', ...Array.from({ length: 50 }, (_, i) => `body.allowedDomains.${i}`)];

/** Domains as typed: separated by commas, spaces or lines. */
const domainsOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Single sign-on through the workspace's OpenID Connect provider: admins and owners set it up. */
export function SsoSettingsPage() {
  const role = useSession().data?.role;
  const admin = isAdmin(role);
  const sso = useSso(admin);
  if (!admin) return <AdminOnly what="Setting up single sign-on" />;
  if (sso.isPending) return <p className="lq-muted">Loading…</p>;
  if (sso.isError) return <Notice tone="danger">{sso.error.message}</Notice>;
  return <SsoForm config={sso.data} role={role} />;
}

function SsoForm({ config, role }: { config: SsoConfig | null; role: string | null | undefined }) {
  const { save, remove } = useSsoActions();
  const [issuer, setIssuer] = useState(config?.issuer ?? '');
  const [clientId, setClientId] = useState(config?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [defaultRole, setDefaultRole] = useState<SsoInput['defaultRole']>(config?.defaultRole ?? 'viewer');
  const [domains, setDomains] = useState(config?.allowedDomains.join(', ') ?? '');
  const [enabled, setEnabled] = useState(config?.enabled ?? true);
  const [saved, setSaved] = useState(false);
  const [removing, setRemoving] = useState(false);
  const { run, pending, error, fields } = useAction(FIELDS);
  const domainError = Object.entries(fields).find(([path]) => path.startsWith('body.allowedDomains'))?.[1];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await save.mutateAsync({ issuer: issuer.trim(), clientId: clientId.trim(), ...(clientSecret ? { clientSecret } : {}), defaultRole, allowedDomains: domainsOf(domains), enabled });
      // Write-only: once stored, the secret leaves the page too.
      setClientSecret('');
      setSaved(true);
    });
  }

  return (
    <div className="lq-stack">
      <Card title="Single sign-on">
        <p className="lq-muted">
          Members sign in with the workspace's identity provider (OpenID Connect). People from the allowed domains who are not members yet join with the default role on their first sign-in.
        </p>
        {config && (
          <dl className="lq-facts">
            <dt>Status</dt>
            <dd>{config.enabled ? 'On' : 'Off: nobody can sign in with single sign-on'}</dd>
            <dt>Redirect URI</dt>
            <dd>
              <span className="lq-mono lq-break">{config.redirectUri}</span> <CopyButton text={config.redirectUri} label="Copy the redirect URI" />
            </dd>
            <dt>Sign-in link</dt>
            <dd>
              <span className="lq-mono lq-break">{config.loginUrl}</span> <CopyButton text={config.loginUrl} label="Copy the sign-in link" />
            </dd>
            <dt>Last changed</dt>
            <dd>{formatTime(config.updatedAt)}</dd>
          </dl>
        )}
        {!config && <p className="lq-empty">Single sign-on is not set up. Register Levqor as a client at your provider, then fill in the form.</p>}
      </Card>
      <Card title={config ? 'Connection' : 'Set up single sign-on'}>
        <Form className="lq-form lq-narrow" onSubmit={submit}>
          {error && <Notice tone="danger">{error}</Notice>}
          {saved && <Notice tone="success">Saved. The provider's configuration was read from the issuer.</Notice>}
          <TextField label="Issuer URL" description="The provider's issuer, such as https://login.example.com (Levqor reads its configuration from there when you save)." value={issuer} onChange={setIssuer} isRequired serverError={fields['body.issuer']} />
          <TextField label="Client ID" value={clientId} onChange={setClientId} isRequired serverError={fields['body.clientId']} />
          <TextField
            label="Client secret"
            type="password"
            autoComplete="off"
            description={config?.clientSecretSet ? 'A secret is stored (never shown). Leave empty to keep it, or type a new one to replace it.' : 'Stored encrypted and never shown again.'}
            value={clientSecret}
            onChange={setClientSecret}
            isRequired={!config?.clientSecretSet}
            serverError={fields['body.clientSecret']}
          />
          <SelectField
            label="Role of people who join by single sign-on"
            options={ROLE_OPTIONS}
            value={defaultRole}
            onChange={(r) => setDefaultRole(r as SsoInput['defaultRole'])}
            disabledKeys={ROLE_OPTIONS.filter((o) => !canGrant(role, o.id as SsoInput['defaultRole'])).map((o) => o.id)}
          />
          <TextField label="Allowed e-mail domains" description="Separated by commas, such as example.com, example.org. Empty admits every domain the provider vouches for." value={domains} onChange={setDomains} serverError={domainError} />
          <Switch className="lq-switch" isSelected={enabled} onChange={setEnabled}>
            <span className="lq-switch-track" aria-hidden="true" />
            Members may sign in with single sign-on
          </Switch>
          <div className="lq-actions lq-actions-start">
            <Button type="submit" isPending={pending}>
              {config ? 'Save' : 'Set up single sign-on'}
            </Button>
            {config && (
              <Button variant="danger" onPress={() => setRemoving(true)}>
                Remove single sign-on
              </Button>
            )}
          </div>
        </Form>
      </Card>
      <ConfirmDialog
        isOpen={removing}
        title="Remove single sign-on?"
        confirmLabel="Remove single sign-on"
        cancelLabel="Keep it"
        pending={remove.isPending}
        error={remove.error?.message}
        onCancel={() => {
          setRemoving(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => setRemoving(false) })}
      >
        <p>The connection and its client secret are deleted. Members keep their accounts and roles; those without a password set one through “Forgot your password?”.</p>
      </ConfirmDialog>
    </div>
  );
}
