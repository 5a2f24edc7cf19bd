import { Link } from 'react-router';
import { Notice } from '../../components/Notice.tsx';
import { TemplateCard } from '../templates/TemplateCard.tsx';
import { useTemplates, type TemplateSummary } from '../templates/useTemplates.ts';

const SUGGESTED = 3;

/** One template from each of the first categories, so the row shows the range of the catalog. */
function suggestions(items: TemplateSummary[]): TemplateSummary[] {
  const byCategory = new Map<string, TemplateSummary>();
  for (const item of items) if (!byCategory.has(item.category)) byCategory.set(item.category, item);
  const picked = [...byCategory.values()].slice(0, SUGGESTED);
  return picked.length >= SUGGESTED ? picked : items.slice(0, SUGGESTED);
}

export function SuggestedTemplates() {
  const templates = useTemplates(null, '');
  const items = templates.data ? suggestions(templates.data.items) : [];
  return (
    <section className="lq-section" aria-labelledby="suggested-heading">
      <div className="lq-section-head">
        <h2 id="suggested-heading">Suggested templates</h2>
        <Link to="/templates">See the whole catalog</Link>
      </div>
      {templates.isError && <Notice tone="danger">{templates.error.message}</Notice>}
      {templates.data && items.length === 0 && <p className="lq-muted">The template catalog is empty.</p>}
      {items.length > 0 && (
        <ul className="lq-template-grid">
          {items.map((template) => (
            <TemplateCard key={template.id} template={template} headingLevel={3} />
          ))}
        </ul>
      )}
    </section>
  );
}
