import { useLiveStatus } from './useLiveEvents.ts';

const LABELS = { live: 'Live', connecting: 'Connecting…', offline: 'Not live: refreshing now and then' } as const;

/** A small mark saying whether the page updates by itself from the event stream. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className="lq-live" data-status={status} role="status" aria-live="polite">
      <span className="lq-live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
