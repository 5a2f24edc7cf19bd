import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { PageLoading } from '../../app/PageLoading.tsx';

const SECTIONS = [
  { to: 'workspace', label: 'Workspace' },
  { to: 'members', label: 'Members' },
  { to: 'api-keys', label: 'API keys' },
  { to: 'secrets', label: 'Secrets' },
  { to: 'tables', label: 'Data tables' },
  { to: 'sso', label: 'Single sign-on' },
  { to: 'sessions', label: 'Sessions' },
  { to: 'audit', label: 'Audit log' },
  { to: 'billing', label: 'Billing' },
] as const;

/** Settings: a sub-navigation of plain links (Tab moves through them) beside the section's page. */
export function SettingsLayout() {
  return (
    <main className="lq-main">
      <h1>Settings</h1>
      <div className="lq-settings">
        <nav aria-label="Settings" className="lq-subnav">
          {SECTIONS.map((s) => (
            <NavLink key={s.to} to={s.to}>
              {s.label}
            </NavLink>
          ))}
        </nav>
        <div className="lq-settings-body">
          <Suspense fallback={<PageLoading inMain={false} />}>
            <Outlet />
          </Suspense>
        </div>
      </div>
    </main>
  );
}
