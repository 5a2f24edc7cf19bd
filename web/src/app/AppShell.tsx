import { Suspense } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, currentWorkspace, unwrap } from '../api/client.ts';
import { Brand } from '../components/Brand.tsx';
import { Button } from '../components/Button.tsx';
import { Notice } from '../components/Notice.tsx';
import { ThemeToggle } from '../components/ThemeToggle.tsx';
import { isAdmin } from '../features/auth/roles.ts';
import { useRefreshSession, useSession } from '../features/auth/useSession.ts';
import { WorkspaceSwitcher } from '../features/workspaces/WorkspaceSwitcher.tsx';
import { LiveEventsProvider } from '../features/live/useLiveEvents.ts';
import { PageLoading } from './PageLoading.tsx';
import { PublicShell } from './PublicShell.tsx';

/**
 * The frame of every signed-in page: brand, navigation, workspace, theme and sign-out. Pages anyone may
 * see (`allowSignedOut`) get the public frame when nobody is signed in instead of the way to sign in.
 */
export function AppShell({ allowSignedOut = false }: { allowSignedOut?: boolean }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const refresh = useRefreshSession();

  if (session.isPending) return <main className="lq-main"><Notice tone="info">Loading…</Notice></main>;
  if (session.isError) return <main className="lq-main"><Notice tone="danger">The server could not be reached: {session.error.message}</Notice></main>;
  if (!session.data && allowSignedOut) return <PublicShell />;
  if (!session.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  async function signOut() {
    unwrap(await api.POST('/api/v1/auth/logout'));
    currentWorkspace.set(null);
    await refresh();
    navigate('/login', { replace: true });
  }

  return (
    <LiveEventsProvider workspace={session.data.currentWorkspace}>
    <div className="lq-shell">
      <header className="lq-topbar">
        <Brand />
        <nav aria-label="Main">
          <NavLink to="/" end>
            Dashboard
          </NavLink>
          <NavLink to="/workflows">Workflows</NavLink>
          <NavLink to="/runs">Runs</NavLink>
          <NavLink to="/templates">Templates</NavLink>
          {isAdmin(session.data.role) && <NavLink to="/packs">Packs</NavLink>}
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <WorkspaceSwitcher workspaces={session.data.workspaces} current={session.data.currentWorkspace} />
        <ThemeToggle />
        <span className="lq-muted lq-topbar-email" title={session.data.user.email}>
          {session.data.user.email}
        </span>
        <Button variant="secondary" onPress={signOut}>
          Sign out
        </Button>
      </header>
      {!session.data.user.emailVerified && (
        <div className="lq-main lq-banner">
          <Notice tone="info">Confirm your e-mail address with the link we sent to {session.data.user.email}.</Notice>
        </div>
      )}
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </div>
    </LiveEventsProvider>
  );
}
