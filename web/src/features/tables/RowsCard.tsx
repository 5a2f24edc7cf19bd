import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatTime } from '../../components/format.ts';
import { Notice } from '../../components/Notice.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { RowDialog } from './RowDialog.tsx';
import { valueText } from './row-values.ts';
import { FILTER_OPS, opsFor, type DataTable, type FilterOp, type Row, type RowFilter } from './table-types.ts';
import { ROW_PAGE, useRows, useTableActions } from './useTables.ts';

const SORTS = [
  { id: '-createdAt', label: 'Newest first' },
  { id: 'createdAt', label: 'Oldest first' },
  { id: '-updatedAt', label: 'Last changed first' },
];

/** The rows, a page at a time, with one filter and a sort; members who may write add, edit and delete. */
export function RowsCard({ table, mayWrite }: { table: DataTable; mayWrite: boolean }) {
  const [filter, setFilter] = useState<RowFilter | null>(null);
  const [sort, setSort] = useState('-createdAt');
  // The cursors of the pages before this one: Previous goes back one, a new filter or sort starts over.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const rows = useRows(table.name, filter, sort, cursor);
  const { insert, update, removeRow } = useTableActions(table.name);
  const [open, setOpen] = useState<Row | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const startOver = () => setCursors([undefined]);
  const items = rows.data?.items ?? [];

  const save = (data: Record<string, unknown>, row: Row | 'new') => (row === 'new' ? insert.mutateAsync(data) : update.mutateAsync({ id: row.id, data }));
  const closeDelete = () => {
    setDeleting(null);
    removeRow.reset();
  };

  return (
    <Card
      title="Rows"
      actions={
        <Button onPress={() => setOpen('new')} isDisabled={!mayWrite || table.columns.length === 0}>
          Add row
        </Button>
      }
    >
      {!mayWrite && <p className="lq-muted">Viewers can read rows; editors, admins and owners change them.</p>}
      <div className="lq-filters">
        <FilterForm
          table={table}
          active={filter}
          onApply={(f) => {
            setFilter(f);
            startOver();
          }}
        />
        <SelectField
          label="Sort"
          options={[...SORTS, ...table.columns.filter((c) => c.type !== 'json').flatMap((c) => [{ id: c.name, label: `${c.name} ascending` }, { id: `-${c.name}`, label: `${c.name} descending` }])]}
          value={sort}
          onChange={(s) => {
            setSort(s);
            startOver();
          }}
        />
      </div>
      {rows.isPending && <p className="lq-muted">Loading…</p>}
      {rows.isError && <Notice tone="danger">{rows.error.message}</Notice>}
      {rows.isSuccess && items.length === 0 && <p className="lq-empty">{filter ? 'No rows match the filter.' : 'The table has no rows yet.'}</p>}
      {items.length > 0 && (
        <div className="lq-table-scroll">
          <table className="lq-table" aria-label={`Rows of ${table.name}`}>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th scope="col" key={c.name} className="lq-mono">
                    {c.name}
                  </th>
                ))}
                <th scope="col">Last changed</th>
                <th scope="col">
                  <span className="lq-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  {table.columns.map((c) => (
                    <td key={c.name} className="lq-cell">
                      {valueText(r.data[c.name], c.type)}
                    </td>
                  ))}
                  <td className="lq-nowrap">{formatTime(r.updatedAt)}</td>
                  <td className="lq-row-actions">
                    <Button variant="quiet" onPress={() => setOpen(r)} isDisabled={!mayWrite} aria-label={`Edit row ${r.id}`}>
                      Edit
                    </Button>
                    <Button variant="quiet" onPress={() => setDeleting(r)} isDisabled={!mayWrite} aria-label={`Delete row ${r.id}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursors.length > 1 || rows.data?.nextCursor) && (
        <nav className="lq-pager" aria-label="Pages of rows">
          <Button variant="secondary" onPress={() => setCursors((cs) => cs.slice(0, -1))} isDisabled={cursors.length === 1}>
            Previous
          </Button>
          <span className="lq-muted">
            Page {cursors.length} · {ROW_PAGE} rows a page
          </span>
          <Button variant="secondary" onPress={() => rows.data?.nextCursor && setCursors((cs) => [...cs, rows.data.nextCursor!])} isDisabled={!rows.data?.nextCursor || rows.isPlaceholderData}>
            Next
          </Button>
        </nav>
      )}
      <RowDialog row={open} columns={table.columns} onSave={save} onClose={() => setOpen(null)} />
      <ConfirmDialog
        isOpen={deleting !== null}
        title="Delete this row?"
        confirmLabel="Delete row"
        cancelLabel="Keep it"
        pending={removeRow.isPending}
        error={removeRow.error?.message}
        onCancel={closeDelete}
        onConfirm={() => deleting && removeRow.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        <p>
          The row is deleted from {table.name} for good
          {deleting && table.columns[0] ? ` (${table.columns[0].name}: ${valueText(deleting.data[table.columns[0].name], table.columns[0].type) || 'no value'})` : ''}.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

/** One condition on one column, with the operators its type supports; the server reads the value as the column's type. */
function FilterForm({ table, active, onApply }: { table: DataTable; active: RowFilter | null; onApply: (filter: RowFilter | null) => void }) {
  const first = table.columns[0]?.name ?? '';
  const [column, setColumn] = useState(active?.column ?? first);
  const [op, setOp] = useState<FilterOp>(active?.op ?? 'eq');
  const [value, setValue] = useState(active?.value ?? '');
  const type = table.columns.find((c) => c.name === column)?.type ?? 'text';
  const ops = opsFor(type);
  if (!first) return null;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ column, op, value });
  }
  return (
    <Form className="lq-inline-form lq-column-row" onSubmit={submit} aria-label="Filter rows">
      <SelectField
        label="Filter column"
        options={table.columns.map((c) => ({ id: c.name, label: c.name }))}
        value={column}
        onChange={(c) => {
          setColumn(c);
          const next = opsFor(table.columns.find((x) => x.name === c)?.type ?? 'text');
          if (!next.includes(op)) setOp('eq');
        }}
      />
      <SelectField label="Condition" options={FILTER_OPS.filter((o) => ops.includes(o.id)).map((o) => ({ id: o.id, label: o.label }))} value={op} onChange={(o) => setOp(o as FilterOp)} />
      <TextField label="Value" value={value} onChange={setValue} />
      <Button type="submit" variant="secondary">
        Filter
      </Button>
      {active && (
        <Button
          variant="quiet"
          onPress={() => {
            setValue('');
            onApply(null);
          }}
        >
          Clear filter
        </Button>
      )}
    </Form>
  );
}
