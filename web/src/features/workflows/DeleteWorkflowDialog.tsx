import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

interface Props {
  name: string | null;
  pending: boolean;
  error: string | undefined;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Asks before a workflow is deleted: it stops listening at once; its run history stays. */
export function DeleteWorkflowDialog({ name, pending, error, onCancel, onConfirm }: Props) {
  return (
    <ConfirmDialog isOpen={name !== null} title={`Delete “${name}”?`} confirmLabel="Delete workflow" cancelLabel="Keep it" pending={pending} error={error} onCancel={onCancel} onConfirm={onConfirm}>
      <p>The workflow stops listening to its trigger at once. Its run history is kept.</p>
    </ConfirmDialog>
  );
}
