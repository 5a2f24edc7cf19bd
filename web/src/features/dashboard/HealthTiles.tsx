import { Notice } from '../../components/Notice.tsx';
import { useWorkspaceHealth, type WorkspaceHealth } from './useDashboard.ts';

type Tone = 'success' | 'warning' | 'danger' | 'info';

interface Tile {
  label: string;
  value: string;
  detail: string;
  tone: Tone;
}

/** `75 s`, `12 min`, `3 h`: how long the oldest queued run has waited. */
function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

const TIER_TONE: Record<string, Tone> = { low: 'success', medium: 'info', high: 'warning', critical: 'danger' };

function tilesOf(h: WorkspaceHealth): Tile[] {
  const waited = h.queue.oldest_queued_age_s;
  return [
    { label: 'API', value: h.api.ok ? 'Up' : 'Down', detail: 'Answering requests', tone: h.api.ok ? 'success' : 'danger' },
    { label: 'Database', value: h.database.ok ? 'Up' : 'Down', detail: `${h.database.latency_ms} ms round trip`, tone: h.database.ok ? 'success' : 'danger' },
    {
      label: 'Queue',
      value: h.queue.queued === 0 ? 'Empty' : `${h.queue.queued} waiting`,
      detail: waited === null ? (h.queue.held > 0 ? `${h.queue.held} held by the run quota` : 'No run is waiting') : `Oldest waited ${age(waited)}${h.queue.held > 0 ? ` · ${h.queue.held} held` : ''}`,
      tone: h.queue.held > 0 || (waited !== null && waited > 300) ? 'warning' : 'success',
    },
    {
      label: 'Workers',
      value: h.workers.seen === 0 ? 'None seen' : `${h.workers.seen} seen`,
      detail: h.workers.seen === 0 ? 'An idle worker holds no run; one is seen while it runs one' : 'Taking runs',
      tone: h.workers.seen === 0 ? (h.queue.queued > 0 ? 'danger' : 'info') : 'success',
    },
    {
      label: 'Scheduler',
      value: h.scheduler.ok ? 'On time' : 'Late',
      detail: h.scheduler.ok ? 'No schedule of this workspace is late' : `${h.scheduler.late_schedules} schedule(s) more than 2 min late`,
      tone: h.scheduler.ok ? 'success' : 'danger',
    },
    { label: 'Load', value: h.load.tier[0].toUpperCase() + h.load.tier.slice(1), detail: 'Sets the rate limits', tone: TIER_TONE[h.load.tier] ?? 'info' },
  ];
}

/** The service's health as a member of this workspace sees it, refreshed every 15 s. */
export function HealthTiles({ workspace }: { workspace: string | null }) {
  const health = useWorkspaceHealth(workspace);
  return (
    <section className="lq-section" aria-labelledby="health-heading">
      <div className="lq-section-head">
        <h2 id="health-heading">Service health</h2>
        {health.data && (
          <span className="lq-badge" data-tone={health.data.status === 'ok' ? 'success' : 'warning'}>
            {health.data.status === 'ok' ? 'All good' : 'Degraded'}
          </span>
        )}
      </div>
      {health.isPending && <p className="lq-muted">Checking…</p>}
      {health.isError && <Notice tone="danger">The health check failed: {health.error.message}</Notice>}
      {health.data && health.data.problems && health.data.problems.length > 0 && (
        <Notice tone="info">{health.data.problems.map((p) => p[0].toUpperCase() + p.slice(1)).join('. ')}.</Notice>
      )}
      {health.data && (
        <ul className="lq-tiles" aria-label="Health checks">
          {tilesOf(health.data).map((tile) => (
            <li key={tile.label} className="lq-tile" data-tone={tile.tone}>
              <span className="lq-tile-label">{tile.label}</span>
              <span className="lq-tile-value">{tile.value}</span>
              <span className="lq-tile-detail">{tile.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
