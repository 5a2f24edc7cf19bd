import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { rowData, rowField, valueText } from './row-values.ts';
import type { Column, Row } from './table-types.ts';

const BOOLEAN_OPTIONS = [
  { id: '', label: 'No value' },
  { id: 'true', label: 'true' },
  { id: 'false', label: 'false' },
];

const HINTS: Record<Column['type'], string> = {
  text: 'Text.',
  number: 'A number, such as 12 or 4.5.',
  boolean: '',
  date: 'YYYY-MM-DD, or a date-time such as 2026-07-01T09:30:00Z.',
  json: 'Any JSON value.',
};

interface Props {
  /** The row being edited, a new row (`'new'`), or none (closed). */
  row: Row | 'new' | null;
  columns: readonly Column[];
  onSave: (data: Record<string, unknown>, row: Row | 'new') => Promise<unknown>;
  onClose: () => void;
}

/** Adds or edits a row: a field per column; the server's checks appear under their fields. */
export function RowDialog({ row, columns, onSave, onClose }: Props) {
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  // Booleans are a drop-down without an error slot: their refusals stay in the message above.
  const save = useAction(columns.filter((c) => c.type !== 'boolean').map((c) => rowField(c.name)));
  const before = row && row !== 'new' ? row.data : undefined;

  useEffect(() => {
    setTexts(Object.fromEntries(columns.map((c) => [c.name, valueText(before?.[c.name], c.type)])));
    setLocalErrors({});
    save.reset();
    // Reset only when another row is opened.
  }, [row]);

  const confirm = () => {
    if (!row) return;
    const { data, errors } = rowData(columns, texts, before);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    void save.run(async () => {
      await onSave(data, row);
      onClose();
    });
  };
  const set = (name: string) => (text: string) => setTexts((t) => ({ ...t, [name]: text }));
  const errorOf = (name: string) => localErrors[rowField(name)] ?? save.fields[rowField(name)];

  return (
    <ConfirmDialog
      isOpen={row !== null}
      title={row === 'new' ? 'Add a row' : 'Edit the row'}
      confirmLabel={row === 'new' ? 'Add row' : 'Save row'}
      tone="primary"
      pending={save.pending}
      error={save.error}
      onCancel={onClose}
      onConfirm={confirm}
    >
      {columns.map((c, i) =>
        c.type === 'boolean' ? (
          <SelectField key={c.name} label={c.name} options={BOOLEAN_OPTIONS} value={texts[c.name] ?? ''} onChange={set(c.name)} />
        ) : (
          <TextField
            key={c.name}
            label={c.name}
            description={`${HINTS[c.type]}${c.required ? ' Required.' : ''}${c.unique ? ' Unique.' : ''}`}
            value={texts[c.name] ?? ''}
            onChange={set(c.name)}
            serverError={errorOf(c.name)}
            autoFocus={i === 0}
          />
        ),
      )}
    </ConfirmDialog>
  );
}
