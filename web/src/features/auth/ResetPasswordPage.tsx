import { useState, type FormEvent } from 'react';
import { useAction } from '../../components/useAction.ts';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';

/** Without a token: ask for a reset link. With the token from the e-mail: choose a new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ChooseNewPassword token={token} /> : <RequestResetLink />;
}

function RequestResetLink() {
  const [sent, setSent] = useState<string>();
  const { run, pending, error } = useAction();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email'));
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/password-reset', { body: { email } }));
      setSent(email);
    });
  }

  return (
    <AuthLayout title="Reset your password">
      {sent ? (
        <Notice tone="success">If an account exists for {sent}, a link to choose a new password is on its way. It works once, for one hour.</Notice>
      ) : (
        <>
          {error && <Notice tone="danger">{error}</Notice>}
          <Form className="lq-form" onSubmit={submit}>
            <TextField name="email" type="email" label="E-mail" autoComplete="email" isRequired autoFocus />
            <Button type="submit" isPending={pending}>
              Send the link
            </Button>
          </Form>
        </>
      )}
      <p className="lq-muted">
        <Link to="/login">Back to sign in</Link>
      </p>
    </AuthLayout>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const navigate = useNavigate();
  const { run, pending, error } = useAction();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password'));
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
      navigate('/login?reset=done', { replace: true });
    });
  }

  return (
    <AuthLayout title="Choose a new password">
      <p className="lq-muted">Changing it signs you out everywhere.</p>
      {error && <Notice tone="danger">{error}</Notice>}
      <Form className="lq-form" onSubmit={submit}>
        <TextField name="password" type="password" label="New password" autoComplete="new-password" description="At least 10 characters." isRequired minLength={10} autoFocus />
        <Button type="submit" isPending={pending}>
          Change password
        </Button>
      </Form>
    </AuthLayout>
  );
}
