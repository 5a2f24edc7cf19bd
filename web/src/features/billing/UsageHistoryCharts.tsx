import { Card } from '../../components/Card.tsx';
import { StackedBarChart } from '../../components/charts/StackedBarChart.tsx';
import { shortDay } from '../../components/charts/chart-geometry.ts';
import { Notice } from '../../components/Notice.tsx';
import { HISTORY_DAYS, useUsageHistory, type UsageHistory } from './useBilling.ts';

type Metric = 'calls' | 'runs';
const METRICS: { key: Metric; label: string; noun: string; tone: string }[] = [
  { key: 'calls', label: 'API calls', noun: 'API calls', tone: 'brand' },
  { key: 'runs', label: 'Workflow runs', noun: 'workflow runs', tone: 'success' },
];

/** One metric per chart: API calls and runs differ by orders of magnitude, so they never share an axis. */
function MetricChart({ history, metric }: { history: UsageHistory; metric: (typeof METRICS)[number] }) {
  const days = history.days ?? [];
  const total = days.reduce((sum, d) => sum + (d[metric.key] ?? 0), 0);
  const busiest = days.reduce((best, d) => ((d[metric.key] ?? 0) > (best?.[metric.key] ?? 0) ? d : best), days[0]);
  const from = history.from ? shortDay(history.from) : '—';
  const to = history.to ? shortDay(history.to) : '—';
  return (
    <StackedBarChart
      title={`${metric.label} per day, last ${HISTORY_DAYS} days`}
      description={`${total.toLocaleString()} ${metric.noun} from ${from} to ${to}${total > 0 && busiest?.day ? `; the busiest day was ${shortDay(busiest.day)} with ${(busiest[metric.key] ?? 0).toLocaleString()}` : ''}.`}
      days={days.map((d) => d.day ?? '')}
      series={[{ key: metric.key, label: metric.label, tone: metric.tone }]}
      values={days.map((d) => ({ [metric.key]: d[metric.key] ?? 0 }))}
      table={{ columns: ['Day', metric.label], rows: days.map((d) => ({ key: d.day ?? '', cells: [shortDay(d.day ?? ''), (d[metric.key] ?? 0).toLocaleString()] })) }}
    />
  );
}

/** API calls and runs per UTC day from the usage history, drawn with the dashboard's charts. */
export function UsageHistoryCharts() {
  const history = useUsageHistory();
  return (
    <Card title="Usage history">
      {history.isPending && <p className="lq-muted">Loading…</p>}
      {history.isError && <Notice tone="danger">{history.error.message}</Notice>}
      {history.data && (
        <div className="lq-chart-pair">
          {METRICS.map((metric) => (
            <MetricChart key={metric.key} history={history.data} metric={metric} />
          ))}
        </div>
      )}
    </Card>
  );
}
