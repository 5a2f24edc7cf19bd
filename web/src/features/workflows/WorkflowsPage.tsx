import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Card } from '../../components/Card.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { useDebouncedValue } from '../../components/useDebouncedValue.ts';
import { DeleteWorkflowDialog } from './DeleteWorkflowDialog.tsx';
import { WorkflowsEmpty } from './WorkflowsEmpty.tsx';
import { WorkflowTable } from './WorkflowTable.tsx';
import { useWorkflowActions, useWorkflows } from './useWorkflows.ts';
import type { WorkflowListItem } from './workflow-types.ts';

export function WorkflowsPage() {
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim());
  const workflows = useWorkflows(query);
  const { setActive, remove } = useWorkflowActions();
  const [deleting, setDeleting] = useState<WorkflowListItem | null>(null);
  const items = workflows.data?.pages.flatMap((p) => p.items) ?? [];

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
  };
  const closeDialog = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <main className="lq-main">
      <div className="lq-page-head">
        <h1>Workflows</h1>
        <SearchBox label="Search by name" value={search} onChange={setSearch} />
      </div>
      {setActive.error && <Notice tone="danger">{setActive.error.message}</Notice>}
      <Card>
        {workflows.isPending && <p className="lq-muted">Loading…</p>}
        {workflows.isError && <Notice tone="danger">{workflows.error.message}</Notice>}
        {workflows.isSuccess && items.length === 0 && (query ? <p className="lq-empty">No workflow’s name contains “{query}”.</p> : <WorkflowsEmpty />)}
        {items.length > 0 && (
          <WorkflowTable
            workflows={items}
            togglingId={setActive.isPending ? setActive.variables?.id : undefined}
            onToggle={(id, active) => setActive.mutate({ id, active })}
            onDelete={setDeleting}
          />
        )}
        {workflows.hasNextPage && (
          <div className="lq-actions">
            <Button variant="secondary" onPress={() => workflows.fetchNextPage()} isPending={workflows.isFetchingNextPage}>
              Show more
            </Button>
          </div>
        )}
      </Card>
      <DeleteWorkflowDialog name={deleting?.name ?? null} pending={remove.isPending} error={remove.error?.message} onCancel={closeDialog} onConfirm={confirmDelete} />
    </main>
  );
}
