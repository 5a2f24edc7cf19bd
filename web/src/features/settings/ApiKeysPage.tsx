import { useState } from 'react';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { AdminOnly } from './AdminOnly.tsx';
import { ApiKeyTable } from './ApiKeyTable.tsx';
import { CreateApiKeyForm } from './CreateApiKeyForm.tsx';
import type { ApiKey } from './settings-types.ts';
import { useApiKeyActions, useApiKeys } from './useApiKeys.ts';

/** API keys: made here with a scope up to the user's role, shown once, revoked after a confirmation. */
export function ApiKeysPage() {
  const me = useSession().data;
  const admin = isAdmin(me?.role);
  const keys = useApiKeys(admin);
  const { revoke } = useApiKeyActions();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  if (!admin) return <AdminOnly what="Managing API keys" />;

  const close = () => {
    setRevoking(null);
    revoke.reset();
  };
  return (
    <div className="lq-stack">
      <Card title="Create an API key">
        <CreateApiKeyForm myRole={me?.role ?? null} />
      </Card>
      <Card title="API keys">
        {keys.isPending && <p className="lq-muted">Loading…</p>}
        {keys.isError && <Notice tone="danger">{keys.error.message}</Notice>}
        {keys.data?.length === 0 && (
          <div className="lq-empty">
            <p>No API key yet.</p>
            <p>A key lets a script or another service use the API as this workspace, with the scope you choose.</p>
          </div>
        )}
        {keys.data && keys.data.length > 0 && <ApiKeyTable keys={keys.data} onRevoke={setRevoking} />}
      </Card>
      <ConfirmDialog
        isOpen={revoking !== null}
        title={`Revoke “${revoking?.name}”?`}
        confirmLabel="Revoke key"
        cancelLabel="Keep it"
        pending={revoke.isPending}
        error={revoke.error?.message}
        onCancel={close}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: close })}
      >
        <p>Anything still using the key {revoking?.prefix}… is refused from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
