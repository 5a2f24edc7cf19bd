import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { RowsCard } from './RowsCard.tsx';
import { SchemaCard } from './SchemaCard.tsx';
import { useTable, useTableActions } from './useTables.ts';

/** One data table: its columns and its rows. */
export function TablePage() {
  const { name = '' } = useParams();
  const role = useSession().data?.role;
  const admin = isAdmin(role);
  const mayWrite = admin || role === 'editor';
  const table = useTable(name);
  const { removeTable } = useTableActions(name);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();

  if (table.isPending) return <p className="lq-muted">Loading…</p>;
  if (table.isError)
    return (
      <div className="lq-stack">
        <Notice tone="danger">{table.error.message}</Notice>
        <Link to="/settings/tables">All tables</Link>
      </div>
    );
  const t = table.data;
  return (
    <div className="lq-stack">
      <div className="lq-page-head">
        <div>
          <p className="lq-muted">
            <Link to="/settings/tables">Data tables</Link> /
          </p>
          <h2>{t.name}</h2>
          <p className="lq-muted">
            {t.rowCount ?? 0} {t.rowCount === 1 ? 'row' : 'rows'} · {t.columns.length} {t.columns.length === 1 ? 'column' : 'columns'} · schema version {t.version}
          </p>
        </div>
        <Button variant="danger" onPress={() => setDeleting(true)} isDisabled={!admin}>
          Delete table
        </Button>
      </div>
      <SchemaCard table={t} admin={admin} />
      <RowsCard table={t} mayWrite={mayWrite} />
      <ConfirmDialog
        isOpen={deleting}
        title={`Delete the table ${t.name}?`}
        confirmLabel="Delete table"
        cancelLabel="Keep it"
        pending={removeTable.isPending}
        error={removeTable.error?.message}
        onCancel={() => {
          setDeleting(false);
          removeTable.reset();
        }}
        onConfirm={() => removeTable.mutate(undefined, { onSuccess: () => navigate('/settings/tables') })}
      >
        <p>
          The table and all its {t.rowCount ?? 0} rows are deleted for good. Workflows with a table step on {t.name} fail at that step.
        </p>
      </ConfirmDialog>
    </div>
  );
}
