import { Input, Label, SearchField } from 'react-aria-components';

/** A labelled search input; Escape clears it. */
export function SearchBox({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <SearchField className="lq-field lq-search" value={value} onChange={onChange}>
      <Label>{label}</Label>
      <Input />
    </SearchField>
  );
}
