const TONES: Record<string, 'success' | 'danger' | 'warning' | 'info' | undefined> = {
  succeeded: 'success',
  failed: 'danger',
  cancelled: undefined,
  running: 'info',
  queued: undefined,
  waiting: 'info',
  quota_exceeded: 'warning',
  retrying: 'warning',
};

const LABELS: Record<string, string> = { quota_exceeded: 'held by quota' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="lq-badge" data-tone={TONES[status]}>
      {LABELS[status] ?? status}
    </span>
  );
}
