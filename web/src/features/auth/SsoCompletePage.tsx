import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { currentWorkspace } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { safeReturnPath } from './return-path.ts';
import { useSession } from './useSession.ts';

/** What each refusal means for the person in front of it; the server's message gives the specifics. */
const HEADLINES: Record<string, string> = {
  sso_not_configured: 'This workspace does not use single sign-on.',
  sso_disabled: 'Single sign-on is turned off for this workspace.',
  sso_provider_error: 'Your identity provider did not sign you in.',
  sso_state_invalid: 'This sign-in link is no longer valid.',
  sso_state_mismatch: 'This sign-in was started in another browser, or took too long.',
  sso_domain_not_allowed: 'Your e-mail address may not sign in to this workspace.',
  sso_email_missing: 'Your identity provider did not share your e-mail address.',
  sso_email_unverified: 'Your e-mail address is not verified at your identity provider.',
  sso_failed: 'The sign-in could not be completed.',
  sso_misconfigured: 'Single sign-on of this workspace is not fully set up.',
  plan_limit: 'The workspace has no room for another member.',
};

/**
 * Where the API sends the browser at the end of a single sign-on. Success (no `error`): the session
 * cookie is set, so remember the workspace, reload who is signed in, and go on. A refusal: say why.
 */
export function SsoCompletePage() {
  const [params] = useSearchParams();
  const error = params.get('error');
  const workspace = params.get('workspace');
  const next = safeReturnPath(params.get('next'));
  const navigate = useNavigate();
  // The page is a fresh load (the API redirected here), so the session is read once, in the workspace
  // the sign-in was for: its session is confined to it. Set before the first read of who is signed in.
  if (!error && workspace && currentWorkspace.get() !== workspace) currentWorkspace.set(workspace);
  const session = useSession();
  useEffect(() => {
    if (!error && session.data) navigate(next, { replace: true });
  }, [error, session.data, next, navigate]);

  const retry = `/login/sso${workspace ? `?workspace=${encodeURIComponent(workspace)}` : ''}`;
  if (error || session.data === null) {
    return (
      <AuthLayout title="Single sign-on failed">
        <Notice tone="danger">
          <strong>{error ? (HEADLINES[error] ?? 'The sign-in was refused.') : 'You are not signed in.'}</strong> {error ? params.get('message')?.slice(0, 600) : 'The sign-in did not leave a session in this browser (are cookies allowed?).'}
        </Notice>
        <p className="lq-muted">
          <Link to={retry}>Try single sign-on again</Link> · <Link to="/login">Sign in with a password</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Signing you in…">
      {session.isError ? <Notice tone="danger">{session.error.message}</Notice> : <p className="lq-muted">Opening your workspace…</p>}
    </AuthLayout>
  );
}
