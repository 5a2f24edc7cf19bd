import { SelectField } from '../../components/SelectField.tsx';
import { RUN_STATUSES } from './run-types.ts';

export const RANGES = [
  { id: 'any', label: 'Any time', ms: null },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 86_400_000 },
] as const;

export interface FilterValues {
  workflow: string;
  status: string;
  range: string;
}

interface Props {
  values: FilterValues;
  workflows: { id: string; name: string }[];
  onChange: (values: FilterValues) => void;
}

const STATUS_LABELS: Record<string, string> = { quota_exceeded: 'held by quota' };

export function RunFilters({ values, workflows, onChange }: Props) {
  return (
    <div className="lq-filters" role="group" aria-label="Filter runs">
      <SelectField
        label="Workflow"
        value={values.workflow}
        options={[{ id: 'all', label: 'All workflows' }, ...workflows.map((w) => ({ id: w.id, label: w.name }))]}
        onChange={(workflow) => onChange({ ...values, workflow })}
      />
      <SelectField
        label="Status"
        value={values.status}
        options={[{ id: 'all', label: 'Any status' }, ...RUN_STATUSES.map((s) => ({ id: s, label: STATUS_LABELS[s] ?? s }))]}
        onChange={(status) => onChange({ ...values, status })}
      />
      <SelectField label="Started" value={values.range} options={RANGES.map((r) => ({ id: r.id, label: r.label }))} onChange={(range) => onChange({ ...values, range })} />
    </div>
  );
}
