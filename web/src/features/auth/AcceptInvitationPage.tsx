import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';
import { useRefreshSession, useSession } from './useSession.ts';

/** The link from an invitation e-mail: sign in (or sign up) first, then accept. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const refresh = useRefreshSession();
  const token = params.get('token');
  const { run, pending, error } = useAction();

  if (session.isPending) return <AuthLayout title="Join a workspace"><Notice tone="info">Loading…</Notice></AuthLayout>;
  if (!session.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!token) {
    return (
      <AuthLayout title="Join a workspace">
        <Notice tone="danger">This link has no invitation token. Open the link from the e-mail again.</Notice>
      </AuthLayout>
    );
  }

  function accept() {
    void run(async () => {
      const joined = unwrap(await api.POST('/api/v1/invitations/accept', { body: { token: token! } })) as { workspace?: { slug?: string } } | undefined;
      if (joined?.workspace?.slug) currentWorkspace.set(joined.workspace.slug);
      await refresh();
      navigate('/', { replace: true });
    });
  }

  return (
    <AuthLayout title="Join a workspace">
      <p>
        You are signed in as <strong>{session.data.user.email}</strong>. Accept the invitation to join its workspace with this account.
      </p>
      {error && <Notice tone="danger">{error}</Notice>}
      <Button onPress={accept} isPending={pending}>
        Accept invitation
      </Button>
      <p className="lq-muted">
        Not you? <Link to="/login">Sign in with another account</Link>
      </p>
    </AuthLayout>
  );
}
