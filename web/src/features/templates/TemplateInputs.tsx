import type { ReactNode } from 'react';
import { sentence } from './installErrors.ts';
import type { TemplateDetail } from './useTemplates.ts';

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

interface Entry {
  name: string;
  badge?: ReactNode;
  detail: ReactNode;
}

function InputGroup({ id, title, entries }: { id: string; title: string; entries: Entry[] }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {entries.length === 0 ? (
        <p className="lq-muted">None.</p>
      ) : (
        <dl className="lq-definitions">
          {entries.map((entry) => (
            <div key={entry.name}>
              <dt>
                <code>{entry.name}</code> {entry.badge}
              </dt>
              <dd>{entry.detail}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** What installing asks for: variables, secrets and the data tables it creates or reuses. */
export function TemplateInputs({ template }: { template: TemplateDetail }) {
  const vars = template.inputs.vars.map((v) => ({
    name: v.name,
    badge: v.required ? <span className="lq-badge" data-tone="warning">required</span> : <span className="lq-badge">optional</span>,
    detail: (
      <>
        {sentence(v.description)}
        {v.default !== undefined && (
          <>
            {' '}
            <span className="lq-muted">Default:</span> <code>{shown(v.default)}</code>
          </>
        )}
      </>
    ),
  }));
  const secrets = template.inputs.secrets.map((s) => ({ name: s.name, detail: sentence(s.description) }));
  const tables = template.tables.map((t) => ({
    name: t.name,
    detail: (
      <>
        {t.description ?? 'Created at install when the workspace has none.'} <span className="lq-muted">Columns: {t.columns.map((c) => String(c.name)).join(', ')}</span>
      </>
    ),
  }));
  return (
    <div className="lq-inputs">
      <InputGroup id="inputs-vars" title="Variables" entries={vars} />
      <InputGroup id="inputs-secrets" title="Secrets" entries={secrets} />
      <InputGroup id="inputs-tables" title="Data tables" entries={tables} />
    </div>
  );
}
