import { Switch } from 'react-aria-components';
import { Link } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { formatTime } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import type { WorkflowListItem } from './workflow-types.ts';

const TRIGGERS: Record<string, string> = { webhook: 'Webhook', form: 'Form', schedule: 'Schedule', manual: 'Manual', email: 'E-mail' };

const rate = (w: WorkflowListItem) => (w.successRate === null ? '—' : `${Math.round(w.successRate * 100)}%`);

interface Props {
  workflow: WorkflowListItem;
  toggling: boolean;
  onToggle: (active: boolean) => void;
  onDelete: () => void;
}

export function WorkflowRow({ workflow: w, toggling, onToggle, onDelete }: Props) {
  return (
    <tr>
      <th scope="row">
        <Link to={`/runs?workflow=${w.id}`} aria-label={`${w.name}: its runs`}>
          {w.name}
        </Link>
        <div className="lq-muted">version {w.version}</div>
      </th>
      <td>
        <Switch className="lq-switch" isSelected={w.active} isDisabled={toggling} onChange={onToggle} aria-label={`${w.name} active`}>
          <span className="lq-switch-track" aria-hidden="true" />
          {w.active ? 'Active' : 'Inactive'}
        </Switch>
      </td>
      <td>
        {TRIGGERS[w.triggerType] ?? w.triggerType}
        {w.hookUrl && <div className="lq-mono lq-break">{w.hookUrl}</div>}
        {w.scheduleNextAt && <div className="lq-muted">next {formatTime(w.scheduleNextAt)}</div>}
      </td>
      <td>
        {w.lastRunStatus ? <StatusBadge status={w.lastRunStatus} /> : <span className="lq-muted">never run</span>}
        {w.lastRunAt && <div className="lq-muted">{formatTime(w.lastRunAt)}</div>}
      </td>
      <td title={w.finishedRuns ? `of the last ${w.finishedRuns} finished runs` : undefined}>{rate(w)}</td>
      <td>
        <Button variant="quiet" onPress={onDelete} aria-label={`Delete ${w.name}`}>
          Delete
        </Button>
      </td>
    </tr>
  );
}
