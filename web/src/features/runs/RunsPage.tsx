import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { RANGES } from '../../components/time-ranges.ts';
import { RunFilters, type FilterValues } from './RunFilters.tsx';
import type { RunStatus } from './run-types.ts';
import { useRunPages } from './useRunPages.ts';
import { useWorkflowNames } from './useWorkflowNames.ts';
import { VirtualRunList } from './VirtualRunList.tsx';
import { LiveIndicator } from '../live/LiveIndicator.tsx';

/** Run history; the filters live in the address (`?workflow=&status=&range=`), so a filtered view can be shared. */
export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const values: FilterValues = { workflow: params.get('workflow') ?? 'all', status: params.get('status') ?? 'all', range: params.get('range') ?? 'any' };
  const rangeMs = RANGES.find((r) => r.id === values.range)?.ms ?? null;
  // Fixed when the range is chosen, so the list (and its cache key) does not move on every render.
  const since = useMemo(() => (rangeMs === null ? undefined : new Date(Date.now() - rangeMs).toISOString()), [rangeMs]);
  const filter = {
    workflowId: values.workflow === 'all' ? undefined : values.workflow,
    status: values.status === 'all' ? undefined : (values.status as RunStatus),
    since,
  };
  const runs = useRunPages(filter);
  const names = useWorkflowNames();
  const nameOf = useMemo(() => new Map((names.data ?? []).map((w) => [w.id, w.name])), [names.data]);
  const items = useMemo(() => runs.data?.pages.flatMap((p) => p.items) ?? [], [runs.data]);

  const change = (next: FilterValues) => {
    const search = new URLSearchParams();
    if (next.workflow !== 'all') search.set('workflow', next.workflow);
    if (next.status !== 'all') search.set('status', next.status);
    if (next.range !== 'any') search.set('range', next.range);
    setParams(search, { replace: true });
  };
  const filtered = values.workflow !== 'all' || values.status !== 'all' || values.range !== 'any';

  return (
    <main className="lq-main">
      <div className="lq-page-head">
        <h1>Runs</h1>
        <LiveIndicator />
      </div>
      <RunFilters values={values} workflows={names.data ?? []} onChange={change} />
      <Card>
        {runs.isPending && <p className="lq-muted">Loading…</p>}
        {runs.isError && <Notice tone="danger">{runs.error.message}</Notice>}
        {runs.isSuccess && items.length === 0 && (
          <p className="lq-empty">{filtered ? 'No runs match these filters.' : 'No runs yet. A run appears here as soon as a workflow is triggered.'}</p>
        )}
        {items.length > 0 && (
          <VirtualRunList
            runs={items}
            workflowName={(id) => nameOf.get(id) ?? `workflow ${id.slice(0, 8)}`}
            hasMore={runs.hasNextPage}
            loadMore={() => !runs.isFetchingNextPage && void runs.fetchNextPage()}
          />
        )}
      </Card>
    </main>
  );
}
