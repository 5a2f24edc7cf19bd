import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { RANGES, rangeStart } from '../../components/time-ranges.ts';
import { isAdmin } from '../auth/roles.ts';
import { useSession } from '../auth/useSession.ts';
import { AdminOnly } from './AdminOnly.tsx';
import { AUDIT_ACTIONS } from './audit-actions.ts';
import { AuditExport } from './AuditExport.tsx';
import { AuditTable } from './AuditTable.tsx';
import { useAudit } from './useAudit.ts';
import { useMembers } from './useMembers.ts';

const ANY = 'any';

/** Who did what in the workspace, newest first; the filters live in the address (`?actor=&action=&range=`). */
export function AuditPage() {
  const me = useSession().data;
  const admin = isAdmin(me?.role);
  const [params, setParams] = useSearchParams();
  const values = { actor: params.get('actor') ?? ANY, action: params.get('action') ?? ANY, range: params.get('range') ?? 'any' };
  // Fixed when the range is chosen, so the list (and its cache key) does not move on every render.
  const since = useMemo(() => rangeStart(values.range), [values.range]);
  const filter = { actorId: values.actor === ANY ? undefined : values.actor, action: values.action === ANY ? undefined : values.action, since };
  const events = useAudit(filter, admin);
  const members = useMembers();
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  if (!admin) return <AdminOnly what="Reading the audit log" />;

  const change = (key: 'actor' | 'action' | 'range', value: string) => {
    const next = new URLSearchParams(params);
    if (value === ANY) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const filtered = filter.actorId !== undefined || filter.action !== undefined || since !== undefined;

  return (
    <Card title="Audit log">
      <div className="lq-stack">
        <div className="lq-filters" role="group" aria-label="Filter events">
          <SelectField
            label="Actor"
            value={values.actor}
            options={[{ id: ANY, label: 'Anyone' }, ...(members.data ?? []).map((m) => ({ id: m.userId, label: m.name ?? m.email }))]}
            onChange={(v) => change('actor', v)}
          />
          <SelectField label="Action" value={values.action} options={[{ id: ANY, label: 'Any action' }, ...AUDIT_ACTIONS.map((a) => ({ id: a, label: a }))]} onChange={(v) => change('action', v)} />
          <SelectField label="When" value={values.range} options={RANGES.map((r) => ({ id: r.id, label: r.label }))} onChange={(v) => change('range', v)} />
        </div>
        <AuditExport filter={filter} />
        {events.isPending && <p className="lq-muted">Loading…</p>}
        {events.isError && <Notice tone="danger">{events.error.message}</Notice>}
        {events.isSuccess && items.length === 0 && <p className="lq-empty">{filtered ? 'No event matches these filters.' : 'Nothing has been recorded in this workspace yet.'}</p>}
        {items.length > 0 && <AuditTable events={items} />}
        {events.hasNextPage && (
          <div className="lq-actions">
            <Button variant="secondary" onPress={() => events.fetchNextPage()} isPending={events.isFetchingNextPage}>
              Show older events
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
