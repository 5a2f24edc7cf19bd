import { WorkflowRow } from './WorkflowRow.tsx';
import type { WorkflowListItem } from './workflow-types.ts';

interface Props {
  workflows: WorkflowListItem[];
  togglingId: string | undefined;
  onToggle: (id: string, active: boolean) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

export function WorkflowTable({ workflows, togglingId, onToggle, onDelete }: Props) {
  return (
    <div className="lq-table-scroll">
      <table className="lq-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Last run</th>
            <th scope="col">Success rate</th>
            <th scope="col">
              <span className="lq-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {workflows.map((w) => (
            <WorkflowRow key={w.id} workflow={w} toggling={togglingId === w.id} onToggle={(active) => onToggle(w.id, active)} onDelete={() => onDelete(w)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
