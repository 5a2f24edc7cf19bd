import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { isAdmin } from '../auth/roles.ts';
import { SESSION_KEY, useSession } from '../auth/useSession.ts';

const KINDS: Record<string, string> = { standard: 'Standard workspace', agency: 'Agency (manages client workspaces)', client: 'Client workspace of an agency' };

/** The workspace's name (admins change it) and its slug, which the API and links use and which stays fixed. */
export function WorkspaceSettingsPage() {
  const me = useSession().data;
  const workspace = useQuery({ queryKey: ['workspace', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/workspace')) });
  const client = useQueryClient();
  const { run, pending, error, fields } = useAction(['body.name']);
  const [saved, setSaved] = useState<string>();
  const mayEdit = isAdmin(me?.role);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name')).trim();
    setSaved(undefined);
    void run(async () => {
      unwrap(await api.PATCH('/api/v1/workspace', { body: { name } }));
      setSaved(name);
      // The switcher and the dashboard show the name too.
      await Promise.all([client.invalidateQueries({ queryKey: ['workspace'] }), client.invalidateQueries({ queryKey: SESSION_KEY })]);
    });
  }

  if (workspace.isPending) return <p className="lq-muted">Loading…</p>;
  if (workspace.isError) return <Notice tone="danger">{workspace.error.message}</Notice>;
  const w = workspace.data;
  return (
    <Card title="Workspace">
      <Form className="lq-form lq-narrow" onSubmit={submit}>
        {error && <Notice tone="danger">{error}</Notice>}
        {saved !== undefined && <Notice tone="success">The workspace is now called “{saved}”.</Notice>}
        <TextField
          key={w.name}
          name="name"
          label="Name"
          defaultValue={w.name}
          description={mayEdit ? 'Shown to every member and in the e-mails Levqor sends for this workspace.' : 'Only admins and owners can rename the workspace.'}
          isRequired
          maxLength={100}
          isDisabled={!mayEdit}
          serverError={fields['body.name']}
          onChange={() => setSaved(undefined)}
        />
        <TextField
          label="Slug"
          value={w.slug}
          isReadOnly
          description="The workspace's fixed address: API clients name it in the Levqor-Workspace header and links contain it, so it cannot be changed."
        />
        <p className="lq-muted">{KINDS[w.kind] ?? w.kind}</p>
        {mayEdit && (
          <div className="lq-actions lq-actions-start">
            <Button type="submit" isPending={pending}>
              Save
            </Button>
          </div>
        )}
      </Form>
    </Card>
  );
}
