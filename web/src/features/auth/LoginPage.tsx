import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { useRefreshSession } from './useSession.ts';
import { safeReturnPath } from './return-path.ts';

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const refresh = useRefreshSession();
  const { run, pending, error } = useAction();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/login', { body: { email: String(form.get('email')), password: String(form.get('password')) } }));
      await refresh();
      navigate(safeReturnPath(params.get('next')), { replace: true });
    });
  }

  return (
    <AuthLayout title="Sign in">
      {params.get('reset') === 'done' && <Notice tone="success">Your password was changed. Sign in with the new one.</Notice>}
      {error && <Notice tone="danger">{error}</Notice>}
      <Form className="lq-form" onSubmit={submit}>
        <TextField name="email" type="email" label="E-mail" autoComplete="email" isRequired autoFocus />
        <TextField name="password" type="password" label="Password" autoComplete="current-password" isRequired />
        <Button type="submit" isPending={pending}>
          Sign in
        </Button>
      </Form>
      <Link className="lq-button" data-variant="secondary" to={`/login/sso${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>
        Sign in with SSO
      </Link>
      <p className="lq-muted">
        <Link to="/reset-password">Forgot your password?</Link> · New here? <Link to={`/signup${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
