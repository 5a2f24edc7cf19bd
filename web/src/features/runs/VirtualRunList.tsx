import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import type { RunSummary } from './run-types.ts';

const ROW_HEIGHT = 48;
/** Ask for the next page while this many rows are still below the visible ones. */
const PREFETCH_ROWS = 50;

interface Props {
  runs: RunSummary[];
  workflowName: (id: string) => string;
  hasMore: boolean;
  loadMore: () => void;
}

/** Only the rows in view exist in the page, so ten thousand runs scroll like ten. */
export function VirtualRunList({ runs, workflowName, hasMore, loadMore }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: runs.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastShown >= runs.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, lastShown, runs.length, loadMore]);

  return (
    <div className="lq-runlist">
      <div className="lq-runrow lq-runhead" aria-hidden="true">
        <span>Status</span>
        <span>Workflow</span>
        <span>Started</span>
        <span>Duration</span>
        <span>Run</span>
      </div>
      <div ref={scroller} className="lq-runscroll" tabIndex={0} aria-label={`Runs, ${runs.length}${hasMore ? '+' : ''}`} role="region">
        <ul className="lq-runspace" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const run = runs[row.index];
            return (
              <li key={run.id} className="lq-runitem" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }} aria-setsize={runs.length} aria-posinset={row.index + 1}>
                {/* Named by what it shows (status, workflow, start, duration, id), so voice control can say what is seen. */}
                <Link className="lq-runrow" to={`/runs/${run.id}`}>
                  <span>
                    <StatusBadge status={run.status} />
                  </span>
                  <span>{workflowName(run.workflowId)}</span>
                  <span>{formatTime(run.startedAt ?? run.createdAt)}</span>
                  <span>{formatDuration(run.startedAt, run.finishedAt)}</span>
                  <span className="lq-mono">{run.id.slice(0, 8)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
