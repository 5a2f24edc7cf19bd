import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { ApiFailure } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { Flag, TypeField } from './ColumnFields.tsx';
import type { Column, DataTable } from './table-types.ts';
import { useTableActions, type SchemaChange } from './useTables.ts';

/** A change the server refused until confirmed, with what it says would be lost. */
interface Destructive {
  change: SchemaChange;
  losses: string[];
}

const lossesOf = (failure: unknown): string[] | undefined => {
  if (!(failure instanceof ApiFailure) || failure.code !== 'confirmation_required') return undefined;
  const listed = (failure.details as { destructive?: unknown } | undefined)?.destructive;
  return Array.isArray(listed) ? listed.map(String) : [failure.message];
};

/** The table's columns: admins add, change and drop them. A destructive change is confirmed first. */
export function SchemaCard({ table, admin }: { table: DataTable; admin: boolean }) {
  const { alter } = useTableActions(table.name);
  const [editing, setEditing] = useState<Column | null>(null);
  const [draft, setDraft] = useState<Column | null>(null);
  const [destructive, setDestructive] = useState<Destructive | null>(null);
  const [done, setDone] = useState<string>();
  const edit = useAction();
  const confirm = useAction();

  /** Sends a change; when the server asks for confirmation, shows what would be lost instead. */
  const apply = async (change: SchemaChange, what: string) => {
    setDone(undefined);
    try {
      await alter.mutateAsync(change);
      setDone(what);
    } catch (failure) {
      const losses = lossesOf(failure);
      if (!losses) throw failure;
      setDestructive({ change, losses });
    }
  };
  const openEdit = (c: Column) => {
    edit.reset();
    setEditing(c);
    setDraft(c);
  };
  const saveEdit = () =>
    void edit.run(async () => {
      if (!editing || !draft) return;
      const change: Partial<Column> = { name: editing.name };
      if (draft.type !== editing.type) change.type = draft.type;
      if (draft.required !== editing.required) change.required = draft.required;
      if (draft.unique !== editing.unique) change.unique = draft.unique;
      setEditing(null);
      if (Object.keys(change).length > 1) await apply({ changeColumns: [change] }, `Column ${editing.name} changed.`);
    });
  const drop = (c: Column) => void edit.run(() => apply({ dropColumns: [c.name] }, `Column ${c.name} dropped.`));
  const closeConfirm = () => {
    setDestructive(null);
    confirm.reset();
  };
  const confirmDestructive = () =>
    void confirm.run(async () => {
      if (!destructive) return;
      await alter.mutateAsync({ ...destructive.change, confirm: table.name });
      setDone('The change was applied.');
      closeConfirm();
    });

  return (
    <Card title="Columns">
      {edit.error && !editing && <Notice tone="danger">{edit.error}</Notice>}
      {done && <Notice tone="success">{done}</Notice>}
      <div className="lq-table-scroll">
        <table className="lq-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Unique</th>
              <th scope="col">
                <span className="lq-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row" className="lq-mono lq-break">
                  {c.name}
                </th>
                <td>{c.type}</td>
                <td>{c.required ? 'yes' : 'no'}</td>
                <td>{c.unique ? 'yes' : 'no'}</td>
                <td className="lq-row-actions">
                  <Button variant="quiet" onPress={() => openEdit(c)} isDisabled={!admin} aria-label={`Change column ${c.name}`}>
                    Change
                  </Button>
                  <Button variant="quiet" onPress={() => drop(c)} isDisabled={!admin} aria-label={`Drop column ${c.name}`}>
                    Drop
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {admin && <AddColumnForm onAdd={(column) => apply({ addColumns: [column] }, `Column ${column.name} added.`)} />}
      <ConfirmDialog
        isOpen={editing !== null}
        title={`Change column ${editing?.name}`}
        confirmLabel="Save column"
        tone="primary"
        pending={edit.pending}
        error={edit.error}
        onCancel={() => setEditing(null)}
        onConfirm={saveEdit}
      >
        {draft && (
          <>
            <TypeField value={draft.type} onChange={(type) => setDraft({ ...draft, type, unique: type === 'json' ? false : draft.unique })} />
            <Flag label="Required" isSelected={draft.required} onChange={(required) => setDraft({ ...draft, required })} />
            <Flag label="Unique" isSelected={draft.unique} onChange={(unique) => setDraft({ ...draft, unique })} isDisabled={draft.type === 'json'} />
          </>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={destructive !== null}
        title={`Change table ${table.name} for good?`}
        confirmLabel="Apply the change"
        cancelLabel="Keep the data"
        pending={confirm.pending}
        error={confirm.error}
        onCancel={closeConfirm}
        onConfirm={confirmDestructive}
      >
        <p>
          This change cannot be undone. It affects all {table.rowCount ?? 0} {table.rowCount === 1 ? 'row' : 'rows'} of the table:
        </p>
        <ul className="lq-destructive">
          {destructive?.losses.map((loss) => (
            <li key={loss}>{loss}</li>
          ))}
        </ul>
      </ConfirmDialog>
    </Card>
  );
}

function AddColumnForm({ onAdd }: { onAdd: (column: Column) => Promise<void> }) {
  const [column, setColumn] = useState<Column>({ name: '', type: 'text', required: false, unique: false });
  const { run, pending, error, fields } = useAction(['addColumns[0].name']);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await onAdd({ ...column, name: column.name.trim() });
      setColumn({ name: '', type: 'text', required: false, unique: false });
    });
  }
  return (
    <Form className="lq-form" onSubmit={submit} aria-label="Add a column">
      {error && <Notice tone="danger">{error}</Notice>}
      <div className="lq-inline-form lq-column-row">
        <TextField label="New column" value={column.name} onChange={(name) => setColumn({ ...column, name })} isRequired serverError={fields['addColumns[0].name']} />
        <TypeField label="New column type" value={column.type} onChange={(type) => setColumn({ ...column, type, unique: type === 'json' ? false : column.unique })} />
        <Flag label="Required" isSelected={column.required} onChange={(required) => setColumn({ ...column, required })} />
        <Flag label="Unique" isSelected={column.unique} onChange={(unique) => setColumn({ ...column, unique })} isDisabled={column.type === 'json'} />
        <Button type="submit" variant="secondary" isPending={pending}>
          Add column
        </Button>
      </div>
    </Form>
  );
}
