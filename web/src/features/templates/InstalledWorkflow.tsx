import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';
import type { Installed } from './InstallTemplateForm.tsx';

/** After install: the new (inactive) workflow, the offer to activate it, and the way to the workflow list. */
export function InstalledWorkflow({ installed }: { installed: Installed }) {
  const { run, pending, error } = useAction();
  const [active, setActive] = useState(installed.workflow.active ?? false);
  const { workflow, tables } = installed;

  const activate = () =>
    run(async () => {
      unwrap(await api.POST('/api/v1/workflows/{id}/activate', { params: { path: { id: workflow.id! } } }));
      setActive(true);
    });

  return (
    <div className="lq-form">
      <Notice tone="success">
        Installed as the workflow “{workflow.name}”{active ? ', and it is active.' : '. It is not active yet: its trigger does nothing until you activate it.'}
      </Notice>
      {tables.created.length > 0 && <p className="lq-muted">Data tables created: {tables.created.join(', ')}</p>}
      {workflow.hookUrl && (
        <p>
          Its webhook: <code className="lq-mono">{workflow.hookUrl}</code>
        </p>
      )}
      {error && <Notice tone="danger">{error}</Notice>}
      <div className="lq-actions">
        {!active && (
          <Button onPress={activate} isPending={pending}>
            Activate now
          </Button>
        )}
        <Link to="/workflows">Go to your workflows</Link>
      </div>
    </div>
  );
}
