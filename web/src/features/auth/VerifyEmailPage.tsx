import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useRefreshSession } from './useSession.ts';

type State = { kind: 'checking' } | { kind: 'verified' } | { kind: 'failed'; message: string };

/** The link from the verification e-mail: confirms the address as soon as it opens. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const refresh = useRefreshSession();
  const [state, setState] = useState<State>(token ? { kind: 'checking' } : { kind: 'failed', message: 'This link has no token. Open the link from the e-mail again, or ask for a new one after signing in.' });
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    api
      .POST('/api/v1/auth/verify-email', { body: { token } })
      .then(unwrap)
      .then(async () => {
        setState({ kind: 'verified' });
        await refresh();
      })
      .catch((failure: Error) => setState({ kind: 'failed', message: failure.message }));
  }, [token, refresh]);

  return (
    <AuthLayout title="Confirm your e-mail">
      {state.kind === 'checking' && <Notice tone="info">Confirming your address…</Notice>}
      {state.kind === 'verified' && <Notice tone="success">Your e-mail address is confirmed.</Notice>}
      {state.kind === 'failed' && <Notice tone="danger">{state.message}</Notice>}
      <p className="lq-muted">
        <Link to="/">Go to your dashboard</Link>
      </p>
    </AuthLayout>
  );
}
