import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { isRetryable, isUnfinished, type RunStatus } from './run-types.ts';
import { useRunActions } from './useRun.ts';

/** Cancel while the run can still change; retry (from the step that stopped it) once it failed or was cancelled. */
export function RunControls({ id, status }: { id: string; status: RunStatus }) {
  const { cancel, retry } = useRunActions(id);
  const error = cancel.error ?? retry.error;
  return (
    <div className="lq-actions">
      {error && <Notice tone="danger">{error.message}</Notice>}
      {isUnfinished(status) && (
        <Button variant="danger" onPress={() => cancel.mutate()} isPending={cancel.isPending}>
          Cancel run
        </Button>
      )}
      {isRetryable(status) && (
        <Button onPress={() => retry.mutate()} isPending={retry.isPending}>
          Retry from the failed step
        </Button>
      )}
    </div>
  );
}
