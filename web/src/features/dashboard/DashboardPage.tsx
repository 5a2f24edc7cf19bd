import { Card } from '../../components/Card.tsx';
import { useSession } from '../auth/useSession.ts';
import { HealthTiles } from './HealthTiles.tsx';
import { RecentRuns } from './RecentRuns.tsx';
import { ReferralCard } from './ReferralCard.tsx';
import { RunAnalyticsCard } from './RunAnalyticsCard.tsx';
import { SuggestedTemplates } from './SuggestedTemplates.tsx';
import { UsageCard } from './UsageCard.tsx';

const roleLabel = (role: string | null | undefined) => (role ? role[0].toUpperCase() + role.slice(1) : '—');
const kindLabel = (kind: string, parent: string | null) => (kind === 'client' ? `Client workspace of ${parent}` : kind === 'agency' ? 'Agency workspace' : 'Workspace');

export function DashboardPage() {
  const session = useSession();
  const me = session.data;
  if (!me) return null;
  const workspace = me.workspaces.find((w) => w.slug === me.currentWorkspace);
  const current = me.currentWorkspace;
  return (
    <main className="lq-main">
      <h1>{workspace?.name ?? 'Dashboard'}</h1>
      <HealthTiles workspace={current} />
      <RunAnalyticsCard workspace={current} />
      <div className="lq-grid lq-grid-wide">
        <UsageCard workspace={current} />
        <ReferralCard workspace={current} />
      </div>
      <SuggestedTemplates />
      <RecentRuns workspace={current} />
      <div className="lq-grid">
        <Card title="Your role">
          <p className="lq-stat">{roleLabel(me.role ?? workspace?.role)}</p>
          <p className="lq-muted">{workspace ? `${kindLabel(workspace.kind, workspace.parentSlug)} · you are ${me.role ?? workspace.role}` : 'No workspace selected'}</p>
        </Card>
        <Card title="Your account">
          <p>{me.user.email}</p>
          <p className="lq-muted">{me.user.emailVerified ? 'E-mail confirmed' : 'E-mail not confirmed yet'}</p>
        </Card>
      </div>
    </main>
  );
}
