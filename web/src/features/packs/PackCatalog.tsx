import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';
import { PackImport } from './PackImport.tsx';
import { downloadPackText, usePackCatalog, type CatalogPack } from './usePacks.ts';

/** The packs on offer; choosing one fetches its file and opens its import (plan first). */
export function PackCatalog() {
  const packs = usePackCatalog();
  const [chosen, setChosen] = useState<{ pack: CatalogPack; text: string }>();
  const { run, pending, error } = useAction();
  const choose = (pack: CatalogPack) => run(async () => setChosen({ pack, text: await downloadPackText(pack.id) }));

  if (packs.isPending) return <p className="lq-muted">Loading…</p>;
  if (packs.isError) return <Notice tone="danger">{packs.error.message}</Notice>;
  if (packs.data.items.length === 0) return <p className="lq-empty">No packs on offer.</p>;
  return (
    <div className="lq-form">
      {error && <Notice tone="danger">{error}</Notice>}
      <ul className="lq-pack-list" aria-label="Packs">
        {packs.data.items.map((pack) => (
          <li key={pack.id} className="lq-pack">
            <div>
              <h3>
                {pack.name} <span className="lq-muted">{pack.version}</span> <span className="lq-badge" data-tone={pack.price.amount === 0 ? 'success' : undefined}>{pack.price.display}</span>
              </h3>
              <p>{pack.description.trim().split(/\n\s*\n/)[0].replaceAll('`', '')}</p>
              <p className="lq-muted">
                Creates {pack.workflows.length} {pack.workflows.length === 1 ? 'workflow' : 'workflows'}
                {pack.tables.length > 0 && `, tables ${pack.tables.join(', ')}`}
              </p>
            </div>
            <Button variant="secondary" onPress={() => choose(pack)} isPending={pending && chosen?.pack.id !== pack.id} aria-label={`Import ${pack.name}`}>
              Import…
            </Button>
          </li>
        ))}
      </ul>
      {chosen && (
        <section className="lq-subsection" aria-label={`Import ${chosen.pack.name}`}>
          <h3>Import {chosen.pack.name}</h3>
          <PackImport key={chosen.pack.id} text={chosen.text} variables={chosen.pack.variables} label={chosen.pack.name} />
        </section>
      )}
    </div>
  );
}
