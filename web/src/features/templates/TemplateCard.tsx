import { Link } from 'react-router';
import { categoryLabel } from './categories.ts';
import type { TemplateSummary } from './useTemplates.ts';

/** One template in the catalog: name (its link), category, the first lines of its description and its step types. */
export function TemplateCard({ template, headingLevel = 2 }: { template: TemplateSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const firstParagraph = template.description.trim().split(/\n\s*\n/)[0].replaceAll('`', '');
  return (
    <li className="lq-card lq-template-card">
      <span className="lq-badge" data-tone="info">
        {categoryLabel(template.category)}
      </span>
      <Heading>
        <Link to={`/templates/${template.id}`}>{template.name}</Link>
      </Heading>
      <p className="lq-template-summary">{firstParagraph}</p>
      <ul className="lq-chips" aria-label="Step types used">
        {template.stepTypes.map((type) => (
          <li key={type} className="lq-chip">
            {type}
          </li>
        ))}
      </ul>
    </li>
  );
}
