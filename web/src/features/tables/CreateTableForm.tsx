import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { Flag, TypeField } from './ColumnFields.tsx';
import type { Column } from './table-types.ts';
import { useCreateTable } from './useTables.ts';

const blank = (): Column => ({ name: '', type: 'text', required: false, unique: false });

/** A new table: its name and columns (more can be added later; the table starts empty). */
export function CreateTableForm() {
  const create = useCreateTable();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [columns, setColumns] = useState<Column[]>([blank()]);
  const shown = ['name', ...columns.flatMap((_, i) => [`columns[${i}].name`, `columns[${i}].type`, `columns[${i}].unique`])];
  const { run, pending, error, fields } = useAction(shown);

  const change = (i: number, patch: Partial<Column>) => setColumns((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      const table = await create.mutateAsync({ name: name.trim(), columns: columns.map((c) => ({ ...c, name: c.name.trim() })) });
      navigate(encodeURIComponent(table.name));
    });
  }

  return (
    <Form className="lq-form" onSubmit={submit}>
      {error && <Notice tone="danger">{error}</Notice>}
      <TextField label="Table name" description="Lower-case letters, digits and _, starting with a letter (e.g. leads)." value={name} onChange={setName} isRequired serverError={fields['name']} />
      <fieldset className="lq-columns">
        <legend>Columns</legend>
        {columns.map((c, i) => (
          <div key={i} className="lq-inline-form lq-column-row">
            <TextField label={`Column ${i + 1} name`} value={c.name} onChange={(text) => change(i, { name: text })} isRequired serverError={fields[`columns[${i}].name`]} />
            <TypeField label={`Column ${i + 1} type`} value={c.type} onChange={(type) => change(i, { type, unique: type === 'json' ? false : c.unique })} />
            <Flag label="Required" isSelected={c.required} onChange={(on) => change(i, { required: on })} />
            <Flag label="Unique" isSelected={c.unique} onChange={(on) => change(i, { unique: on })} isDisabled={c.type === 'json'} />
            <Button variant="quiet" onPress={() => setColumns((cs) => cs.filter((_, j) => j !== i))} isDisabled={columns.length === 1} aria-label={`Remove column ${i + 1}`}>
              Remove
            </Button>
            {(fields[`columns[${i}].type`] ?? fields[`columns[${i}].unique`]) && <p className="lq-field-error">{fields[`columns[${i}].type`] ?? fields[`columns[${i}].unique`]}</p>}
          </div>
        ))}
        <div className="lq-actions lq-actions-start">
          <Button variant="secondary" onPress={() => setColumns((cs) => [...cs, blank()])}>
            Add another column
          </Button>
        </div>
      </fieldset>
      <div className="lq-actions lq-actions-start">
        <Button type="submit" isPending={pending}>
          Create table
        </Button>
      </div>
    </Form>
  );
}
