import { useState } from 'react';
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { Link } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { LineChart } from '../../components/charts/LineChart.tsx';
import { StackedBarChart, type BarSeries } from '../../components/charts/StackedBarChart.tsx';
import { shortDay } from '../../components/charts/chart-geometry.ts';
import { Notice } from '../../components/Notice.tsx';
import { TopFailing } from './TopFailing.tsx';
import { useRunAnalytics, type AnalyticsWindow, type RunAnalytics } from './useDashboard.ts';

const WINDOWS: AnalyticsWindow[] = [7, 30, 90];

/** Bottom of the stack first: what finished, then what is still in flight. */
const STATUS_SERIES: BarSeries[] = [
  { key: 'succeeded', label: 'Succeeded', tone: 'success' },
  { key: 'failed', label: 'Failed', tone: 'danger' },
  { key: 'cancelled', label: 'Cancelled', tone: 'muted' },
  { key: 'running', label: 'Running', tone: 'info' },
  { key: 'waiting', label: 'Waiting', tone: 'info-soft' },
  { key: 'queued', label: 'Queued', tone: 'brand' },
  { key: 'quota_exceeded', label: 'Held by quota', tone: 'warning' },
];

export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);
export function milliseconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function Charts({ data, days }: { data: RunAnalytics; days: AnalyticsWindow }) {
  const dayKeys = data.days.map((d) => d.day);
  const present = STATUS_SERIES.filter((s) => data.days.some((d) => ((d.by_status as Record<string, number>)[s.key] ?? 0) > 0));
  const busiest = data.days.reduce((best, d) => (d.total > best.total ? d : best), data.days[0]);
  const slowest = data.days.reduce<number | null>((max, d) => (d.duration_ms.p95 === null ? max : Math.max(max ?? 0, d.duration_ms.p95)), null);
  return (
    <>
      <StackedBarChart
        title={`Runs per day, last ${days} days`}
        description={`${data.totals.runs} runs from ${shortDay(data.from)} to ${shortDay(data.to)}, stacked by status; the busiest day was ${shortDay(busiest.day)} with ${busiest.total}.`}
        days={dayKeys}
        series={present}
        values={data.days.map((d) => d.by_status as Record<string, number>)}
        table={{
          columns: ['Day', 'Runs', ...present.map((s) => s.label)],
          rows: data.days.map((d) => ({ key: d.day, cells: [shortDay(d.day), String(d.total), ...present.map((s) => String((d.by_status as Record<string, number>)[s.key] ?? 0))] })),
        }}
      />
      <div className="lq-chart-pair">
        <LineChart
          title="Success rate per day"
          description={`Succeeded out of finished runs each day; ${percent(data.success_rate)} over the ${days} days. Days without finished runs have no point.`}
          days={dayKeys}
          series={[{ key: 'rate', label: 'Success rate', tone: 'success', values: data.days.map((d) => d.success_rate) }]}
          max={1}
          format={(v) => `${Math.round(v * 100)}%`}
          table={{ columns: ['Day', 'Success rate'], rows: data.days.map((d) => ({ key: d.day, cells: [shortDay(d.day), percent(d.success_rate)] })) }}
        />
        <LineChart
          title="Run duration per day"
          description={`Median (p50) and 95th percentile (p95) of finished runs each day; over the ${days} days p50 ${milliseconds(data.duration_ms.p50)}, p95 ${milliseconds(data.duration_ms.p95)}${slowest === null ? '' : `; the slowest day's p95 was ${milliseconds(slowest)}`}.`}
          days={dayKeys}
          series={[
            { key: 'p50', label: 'p50', tone: 'brand', values: data.days.map((d) => d.duration_ms.p50) },
            { key: 'p95', label: 'p95', tone: 'warning', values: data.days.map((d) => d.duration_ms.p95) },
          ]}
          format={(v) => milliseconds(Math.round(v))}
          table={{ columns: ['Day', 'p50', 'p95'], rows: data.days.map((d) => ({ key: d.day, cells: [shortDay(d.day), milliseconds(d.duration_ms.p50), milliseconds(d.duration_ms.p95)] })) }}
        />
      </div>
    </>
  );
}

/** Runs of the last 7, 30 or 90 days: headline figures, the three charts and the workflows that fail most. */
export function RunAnalyticsCard({ workspace }: { workspace: string | null }) {
  const [days, setDays] = useState<AnalyticsWindow>(30);
  const analytics = useRunAnalytics(workspace, days);
  const data = analytics.data;
  // While another window loads, the previous one stays on screen: every label follows the data shown.
  const shown = (data?.days.length ?? days) as AnalyticsWindow;
  const select = (keys: Set<Key>) => {
    const [key] = [...keys];
    if (key !== undefined) setDays(Number(key) as AnalyticsWindow);
  };
  return (
    <Card
      title="Runs"
      actions={
        <ToggleButtonGroup className="lq-segments" aria-label="Period" selectionMode="single" disallowEmptySelection selectedKeys={[String(days)]} onSelectionChange={select}>
          {WINDOWS.map((w) => (
            <ToggleButton key={w} id={String(w)} className="lq-segment">
              {`${w} days`}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      }
    >
      {analytics.isPending && <p className="lq-muted">Loading…</p>}
      {analytics.isError && <Notice tone="danger">{analytics.error.message}</Notice>}
      {data && data.totals.runs > 0 && (
        <dl className="lq-figures" aria-label={`Last ${shown} days`} aria-busy={analytics.isPlaceholderData}>
          <div>
            <dt>Runs</dt>
            <dd>{data.totals.runs.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Success rate</dt>
            <dd>{percent(data.success_rate)}</dd>
          </div>
          <div>
            <dt>p50 duration</dt>
            <dd>{milliseconds(data.duration_ms.p50)}</dd>
          </div>
          <div>
            <dt>p95 duration</dt>
            <dd>{milliseconds(data.duration_ms.p95)}</dd>
          </div>
        </dl>
      )}
      {data && data.totals.runs === 0 && (
        <div className="lq-empty">
          <p>No runs in the last {shown} days.</p>
          <p>
            Runs appear here once a workflow is triggered. New here? Start from a <Link to="/templates">template</Link>.
          </p>
        </div>
      )}
      {data && data.totals.runs > 0 && <Charts data={data} days={shown} />}
      {data && data.totals.runs > 0 && <TopFailing items={data.top_failing} days={shown} />}
    </Card>
  );
}
