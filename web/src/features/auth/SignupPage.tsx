import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAction } from '../../components/useAction.ts';
import { safeReturnPath } from './return-path.ts';
import { useRefreshSession } from './useSession.ts';

const MIN_PASSWORD = 10;
/** The server's pattern for a referral code: anything else in `?ref=` (a mangled link) is left out rather than refused. */
const REFERRAL_CODE = /^[a-z0-9]{6,32}$/;

export function SignupPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const refresh = useRefreshSession();
  const { run, pending, error } = useAction();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ref = params.get('ref')?.trim().toLowerCase() ?? '';
    void run(async () => {
      const created = unwrap(
        await api.POST('/api/v1/auth/signup', {
          body: {
            email: String(form.get('email')),
            password: String(form.get('password')),
            workspaceName: String(form.get('workspaceName')),
            ...(REFERRAL_CODE.test(ref) ? { referralCode: ref } : {}),
          },
        }),
      ) as { workspace?: { slug?: string } } | undefined;
      if (created?.workspace?.slug) currentWorkspace.set(created.workspace.slug);
      await refresh();
      navigate(safeReturnPath(params.get('next')), { replace: true });
    });
  }

  return (
    <AuthLayout title="Create your account">
      {error && <Notice tone="danger">{error}</Notice>}
      <Form className="lq-form" onSubmit={submit}>
        <TextField name="workspaceName" label="Business or team name" description="Your first workspace; you can add more later." isRequired maxLength={100} autoFocus />
        <TextField name="email" type="email" label="E-mail" autoComplete="email" isRequired />
        <TextField
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          description={`At least ${MIN_PASSWORD} characters.`}
          isRequired
          minLength={MIN_PASSWORD}
        />
        <Button type="submit" isPending={pending}>
          Create account
        </Button>
      </Form>
      <p className="lq-muted">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
