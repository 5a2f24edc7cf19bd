import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';

export interface Option {
  id: string;
  label: string;
}

interface Props {
  label: string;
  options: Option[];
  value: string;
  onChange: (id: string) => void;
  isDisabled?: boolean;
  /** The label is read out but not shown: for a select inside a table row, whose column names it. */
  labelHidden?: boolean;
  /** Options shown but not choosable (e.g. roles above the user's own). */
  disabledKeys?: string[];
}

/** A labelled drop-down of `options`; keyboard and screen-reader friendly. */
export function SelectField({ label, options, value, onChange, isDisabled, labelHidden, disabledKeys }: Props) {
  return (
    <Select className="lq-field" selectedKey={value} onSelectionChange={(key: Key | null) => key !== null && onChange(String(key))} isDisabled={isDisabled} disabledKeys={disabledKeys}>
      <Label className={labelHidden ? 'lq-visually-hidden' : 'lq-label'}>{label}</Label>
      <Button className="lq-select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="lq-popover">
        <ListBox className="lq-listbox" items={options}>
          {(option) => (
            <ListBoxItem className="lq-listbox-item" id={option.id} textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
