import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { CreateSecretForm } from './CreateSecretForm.tsx';
import { SecretTable } from './SecretTable.tsx';
import { useSecretActions, useSecrets } from './useSecrets.ts';

/** Workspace secrets for `{{ secrets.NAME }}`: names and dates only; admins add, replace and delete. */
export function SecretsPage() {
  const me = useSession().data;
  const admin = isAdmin(me?.role);
  const secrets = useSecrets();
  const { put, remove } = useSecretActions();
  const [replacing, setReplacing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const replace = useAction(['body.value']);
  const [deleting, setDeleting] = useState<string | null>(null);
  const items = secrets.data?.pages.flatMap((p) => p.items) ?? [];

  const closeReplace = () => {
    setReplacing(null);
    setValue('');
    replace.reset();
  };
  const confirmReplace = () =>
    void replace.run(async () => {
      if (!replacing) return;
      await put.mutateAsync({ name: replacing, value });
      closeReplace();
    });
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <div className="lq-stack">
      {admin ? (
        <Card title="Add a secret">
          <CreateSecretForm existing={items.map((s) => s.name)} />
        </Card>
      ) : (
        <Notice tone="info">Only admins and owners add, replace or delete secrets; you can see which ones the workspace has.</Notice>
      )}
      <Card title="Secrets">
        <p className="lq-muted">Workflows read a secret as {'{{ secrets.NAME }}'}. Values are never shown again once saved, here or in the API.</p>
        {secrets.isPending && <p className="lq-muted">Loading…</p>}
        {secrets.isError && <Notice tone="danger">{secrets.error.message}</Notice>}
        {secrets.isSuccess && items.length === 0 && <p className="lq-empty">The workspace has no secrets yet.</p>}
        {items.length > 0 && <SecretTable secrets={items} mayChange={admin} onReplace={setReplacing} onDelete={setDeleting} />}
        {secrets.hasNextPage && (
          <div className="lq-actions">
            <Button variant="secondary" onPress={() => secrets.fetchNextPage()} isPending={secrets.isFetchingNextPage}>
              Show more
            </Button>
          </div>
        )}
      </Card>
      <ConfirmDialog
        isOpen={replacing !== null}
        title={`Replace the value of ${replacing}`}
        confirmLabel="Replace value"
        tone="primary"
        pending={replace.pending}
        error={replace.fields['body.value'] ? undefined : replace.error}
        onCancel={closeReplace}
        onConfirm={confirmReplace}
      >
        <p>Runs that start from now on use the new value.</p>
        <TextField label="New value" type="password" autoComplete="off" value={value} onChange={setValue} isRequired autoFocus serverError={replace.fields['body.value']} />
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={deleting !== null}
        title={`Delete the secret ${deleting}?`}
        confirmLabel="Delete secret"
        cancelLabel="Keep it"
        pending={remove.isPending}
        error={remove.error?.message}
        onCancel={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: closeDelete })}
      >
        <p>Workflows that use {`{{ secrets.${deleting} }}`} fail at that step until a secret with this name is added again.</p>
      </ConfirmDialog>
    </div>
  );
}
