import { Label, Meter } from 'react-aria-components';

/** Used against included, as a meter; a plan without a limit shows the count alone. */
export function UsageMeter({ label, used, included }: { label: string; used: number; included: number | null }) {
  if (included === null) {
    return (
      <div className="lq-meter">
        <div className="lq-meter-head">
          <span>{label}</span>
          <span>{used.toLocaleString()} · no limit</span>
        </div>
      </div>
    );
  }
  const share = included === 0 ? 1 : Math.min(1, used / included);
  return (
    <Meter className="lq-meter" value={Math.min(used, included)} maxValue={Math.max(1, included)} valueLabel={`${used.toLocaleString()} of ${included.toLocaleString()}`}>
      {({ valueText }) => (
        <>
          <div className="lq-meter-head">
            <Label>{label}</Label>
            <span>{valueText}</span>
          </div>
          <svg className="lq-meter-track" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
            <rect className="lq-meter-rail" x={0} y={0} width={100} height={4} rx={2} />
            <rect className="lq-meter-fill" data-tone={share >= 1 ? 'danger' : share >= 0.8 ? 'warning' : 'brand'} x={0} y={0} width={share * 100} height={4} rx={2} />
          </svg>
        </>
      )}
    </Meter>
  );
}

/** The runs a period includes, from what the usage API reports (used plus remaining); null: no limit. */
export function runsIncluded(u: { runs_used?: number; runs_remaining?: number | null }): number | null {
  return u.runs_remaining === null || u.runs_remaining === undefined ? null : (u.runs_used ?? 0) + u.runs_remaining;
}
