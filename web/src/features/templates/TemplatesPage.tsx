import { useDeferredValue, useState } from 'react';
import { Input, Label, SearchField, ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { Notice } from '../../components/Notice.tsx';
import { CATEGORIES } from './categories.ts';
import { TemplateCard } from './TemplateCard.tsx';
import { useTemplates } from './useTemplates.ts';

const ALL = 'all';

/** The public template catalog: pick a category, search, open a template. */
export function TemplatesPage() {
  const [category, setCategory] = useState<string>(ALL);
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search);
  const templates = useTemplates(category === ALL ? null : category, q);
  const select = (keys: Set<Key>) => setCategory(keys.size === 0 ? ALL : String([...keys][0]));

  return (
    <main className="lq-main">
      <h1>Templates</h1>
      <p className="lq-muted lq-lede">Ready-made workflows: install one, fill in what it needs, and it runs in your workspace.</p>
      <div className="lq-toolbar">
        <SearchField className="lq-field lq-search" value={search} onChange={setSearch}>
          <Label>Search templates</Label>
          <Input placeholder="e.g. slack, invoice, leads" />
        </SearchField>
        <ToggleButtonGroup className="lq-segments" aria-label="Category" selectionMode="single" selectedKeys={[category]} onSelectionChange={select}>
          <ToggleButton id={ALL} className="lq-segment">
            All
          </ToggleButton>
          {CATEGORIES.map((c) => (
            <ToggleButton key={c.id} id={c.id} className="lq-segment">
              {c.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </div>
      {templates.isPending && <p className="lq-muted">Loading…</p>}
      {templates.isError && <Notice tone="danger">{templates.error.message}</Notice>}
      {templates.data && templates.data.items.length === 0 && <p className="lq-empty">No template matches. Try fewer words or another category.</p>}
      {templates.data && templates.data.items.length > 0 && (
        <ul className="lq-template-grid" aria-label="Templates">
          {templates.data.items.map((template) => (
            <TemplateCard key={template.id} template={template} />
          ))}
        </ul>
      )}
    </main>
  );
}
