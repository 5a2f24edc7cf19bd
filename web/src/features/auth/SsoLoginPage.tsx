import { useEffect, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Button } from '../../components/Button.tsx';
import { TextField } from '../../components/TextField.tsx';
import { safeReturnPath } from './return-path.ts';
import { ssoStartUrl } from './sso.ts';

/** Sign in with the workspace's identity provider: the browser goes to the API's start, then to the provider. */
export function SsoLoginPage() {
  const [params] = useSearchParams();
  const [workspace, setWorkspace] = useState(params.get('workspace') ?? '');
  const [leaving, setLeaving] = useState(false);
  // Back from the provider, the browser may show this page from its cache: the button works again.
  useEffect(() => {
    const back = () => setLeaving(false);
    window.addEventListener('pageshow', back);
    return () => window.removeEventListener('pageshow', back);
  }, []);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setLeaving(true);
    window.location.assign(ssoStartUrl(workspace.trim().toLowerCase(), safeReturnPath(params.get('next'))));
  }
  return (
    <AuthLayout title="Sign in with SSO">
      <Form className="lq-form" onSubmit={submit}>
        <TextField
          name="workspace"
          label="Workspace"
          description="The workspace's short name (its slug), as in the sign-in link your admin shared, e.g. acme."
          value={workspace}
          onChange={setWorkspace}
          isRequired
          autoFocus
          autoComplete="organization"
        />
        <Button type="submit" isPending={leaving}>
          Continue to your identity provider
        </Button>
      </Form>
      <p className="lq-muted">
        <Link to={`/login${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Sign in with a password instead</Link>
      </p>
    </AuthLayout>
  );
}
