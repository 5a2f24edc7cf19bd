import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';

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
    <ModalOverlay className="lq-overlay" isOpen={name !== null} onOpenChange={(open) => !open && onCancel()} isDismissable>
      <Modal className="lq-modal">
        <Dialog className="lq-dialog" role="alertdialog">
          <Heading slot="title">Delete “{name}”?</Heading>
          <p>The workflow stops listening to its trigger at once. Its run history is kept.</p>
          {error && <Notice tone="danger">{error}</Notice>}
          <div className="lq-actions">
            <Button variant="secondary" onPress={onCancel} autoFocus>
              Keep it
            </Button>
            <Button variant="danger" onPress={onConfirm} isPending={pending}>
              Delete workflow
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
