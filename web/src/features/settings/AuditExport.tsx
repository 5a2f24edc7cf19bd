import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.ts';
import type { AuditFilter } from './useAudit.ts';

const FORMATS = { csv: { label: 'Download CSV', type: 'text/csv' }, jsonl: { label: 'Download JSON Lines', type: 'application/x-ndjson' } } as const;

/** The server's export of the log (a plan feature): the action and time filters apply; it has no actor filter. */
export function AuditExport({ filter }: { filter: AuditFilter }) {
  const { run, pending, error } = useAction();
  const download = (format: keyof typeof FORMATS) =>
    run(async () => {
      const result = await api.GET('/api/v1/audit/export', { params: { query: { format, action: filter.action, since: filter.since } }, parseAs: 'blob' });
      const blob = unwrap(result) as unknown as Blob;
      const named = /filename="([^"]+)"/.exec(result.response.headers.get('content-disposition') ?? '')?.[1];
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([blob], { type: FORMATS[format].type }));
      link.download = named ?? `audit.${format}`;
      link.click();
      URL.revokeObjectURL(link.href);
    });
  return (
    <div className="lq-form">
      {error && <Notice tone="danger">{error}</Notice>}
      <div className="lq-actions lq-actions-start">
        {(Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((format) => (
          <Button key={format} variant="secondary" onPress={() => download(format)} isPending={pending}>
            {FORMATS[format].label}
          </Button>
        ))}
        <span className="lq-muted">
          {filter.actorId ? 'The download has every actor’s events for the action and time chosen.' : 'Up to 100,000 events, with the action and time chosen.'}
        </span>
      </div>
    </div>
  );
}
