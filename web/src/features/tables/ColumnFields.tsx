import { Checkbox } from 'react-aria-components';
import { SelectField } from '../../components/SelectField.tsx';
import { COLUMN_TYPES, type ColumnType } from './table-types.ts';

const TYPE_OPTIONS = COLUMN_TYPES.map((t) => ({ id: t, label: t }));

export function TypeField({ label = 'Type', value, onChange, labelHidden }: { label?: string; value: ColumnType; onChange: (type: ColumnType) => void; labelHidden?: boolean }) {
  return <SelectField label={label} labelHidden={labelHidden} options={TYPE_OPTIONS} value={value} onChange={(id) => onChange(id as ColumnType)} />;
}

export function Flag({ label, isSelected, onChange, isDisabled }: { label: string; isSelected: boolean; onChange: (on: boolean) => void; isDisabled?: boolean }) {
  return (
    <Checkbox className="lq-checkbox" isSelected={isSelected} onChange={onChange} isDisabled={isDisabled}>
      <span className="lq-checkbox-box" aria-hidden="true" />
      {label}
    </Checkbox>
  );
}
