import { Link } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { CreateTableForm } from './CreateTableForm.tsx';
import { useTableList } from './useTables.ts';

/** The workspace's data tables by name; admins create new ones. */
export function TablesPage() {
  const admin = isAdmin(useSession().data?.role);
  const tables = useTableList();
  const items = tables.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="lq-stack">
      <Card title="Data tables">
        <p className="lq-muted">Workflows read and write these tables with the table step; every row is checked against the table's columns.</p>
        {tables.isPending && <p className="lq-muted">Loading…</p>}
        {tables.isError && <Notice tone="danger">{tables.error.message}</Notice>}
        {tables.isSuccess && items.length === 0 && <p className="lq-empty">The workspace has no data tables yet.</p>}
        {items.length > 0 && (
          <div className="lq-table-scroll">
            <table className="lq-table">
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col">Columns</th>
                  <th scope="col">Last changed</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <th scope="row" className="lq-mono lq-break">
                      <Link to={encodeURIComponent(t.name)}>{t.name}</Link>
                    </th>
                    <td className="lq-break">{t.columns.map((c) => `${c.name} (${c.type})`).join(', ') || 'none'}</td>
                    <td>{formatTime(t.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {tables.hasNextPage && (
          <div className="lq-actions">
            <Button variant="secondary" onPress={() => tables.fetchNextPage()} isPending={tables.isFetchingNextPage}>
              Show more
            </Button>
          </div>
        )}
      </Card>
      {admin ? (
        <Card title="Create a table">
          <CreateTableForm />
        </Card>
      ) : (
        <Notice tone="info">Only admins and owners create tables or change their columns; editors add and change rows.</Notice>
      )}
    </div>
  );
}
