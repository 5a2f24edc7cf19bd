import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Brand } from '../components/Brand.tsx';
import { ThemeToggle } from '../components/ThemeToggle.tsx';
import { PageLoading } from './PageLoading.tsx';

/** The frame of the pages anyone may see (the template catalog) while nobody is signed in. */
export function PublicShell() {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="lq-shell">
      <header className="lq-topbar">
        <Brand />
        <nav aria-label="Main">
          <NavLink to="/templates">Templates</NavLink>
        </nav>
        <ThemeToggle />
        <Link to={`/login?next=${next}`}>Sign in</Link>
        <Link className="lq-button" data-variant="primary" to={`/signup?next=${next}`}>
          Create account
        </Link>
      </header>
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}
