import { Link, useParams } from 'react-router';
import { ApiFailure } from '../../api/client.ts';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSession } from '../auth/useSession.ts';
import { categoryLabel } from './categories.ts';
import { InstallTemplateForm } from './InstallTemplateForm.tsx';
import { PlainText } from './PlainText.tsx';
import { SignInToInstall } from './SignInToInstall.tsx';
import { TemplateDiagram } from './TemplateDiagram.tsx';
import { TemplateInputs } from './TemplateInputs.tsx';
import { useTemplate } from './useTemplates.ts';

const MAY_INSTALL = new Set(['owner', 'admin', 'editor']);

/** One template: what it does, its flow of steps, what it needs, and (signed in) the install form. */
export function TemplatePage() {
  const { id = '' } = useParams();
  const template = useTemplate(id);
  const session = useSession();
  const role = session.data?.role ?? null;

  if (template.isPending) return <main className="lq-main"><p className="lq-muted">Loading…</p></main>;
  if (template.isError) {
    const missing = template.error instanceof ApiFailure && template.error.status === 404;
    return (
      <main className="lq-main">
        <h1>{missing ? 'No such template' : 'Template'}</h1>
        <Notice tone="danger">{template.error.message}</Notice>
        <Link to="/templates">Back to all templates</Link>
      </main>
    );
  }
  const t = template.data;
  return (
    <main className="lq-main">
      <nav aria-label="Breadcrumb" className="lq-muted">
        <Link to="/templates">Templates</Link> / {categoryLabel(t.category)}
      </nav>
      <header className="lq-page-header">
        <h1>{t.name}</h1>
        <span className="lq-badge" data-tone="info">{categoryLabel(t.category)}</span>
        <span className="lq-muted">Installed {t.installs} {t.installs === 1 ? 'time' : 'times'}</span>
      </header>
      <PlainText text={t.description} />
      <div className="lq-two-columns">
        <Card title="How it works">
          <TemplateDiagram diagram={t.diagram} />
        </Card>
        <div className="lq-stack">
          <Card title="What it needs">
            <TemplateInputs template={t} />
          </Card>
          <Card title="Install">
            {!session.data && <SignInToInstall />}
            {session.data && role && !MAY_INSTALL.has(role) && <Notice tone="info">Your role ({role}) may not install templates; ask an editor or admin of this workspace.</Notice>}
            {session.data && role && MAY_INSTALL.has(role) && <InstallTemplateForm template={t} />}
          </Card>
        </div>
      </div>
    </main>
  );
}
