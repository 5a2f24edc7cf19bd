import { JsonBlock } from '../../components/JsonBlock.tsx';
import { formatTime } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import type { RunStep } from './run-types.ts';

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** One step of a run: what it was given, what it produced or why it failed, how often and how long it ran. */
export function StepCard({ step }: { step: RunStep }) {
  return (
    <li className="lq-step" aria-label={`Step ${step.key}: ${step.status}`}>
      <div className="lq-step-head">
        <StatusBadge status={step.status} />
        <strong>{step.key}</strong>
        <span className="lq-muted">{step.type}</span>
        <span className="lq-muted lq-push">
          {step.attempts === 1 ? '1 attempt' : `${step.attempts} attempts`} · {duration(step.durationMs)} · {formatTime(step.startedAt)}
        </span>
      </div>
      <div className="lq-step-body">
        <JsonBlock label="Input" value={step.input} />
        {step.error ? <JsonBlock label="Error" value={step.error} /> : <JsonBlock label="Output" value={step.output} />}
      </div>
    </li>
  );
}
