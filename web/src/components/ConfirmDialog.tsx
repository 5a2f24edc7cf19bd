import type { FormEvent, ReactNode } from 'react';
import { Dialog, Form, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from './Button.tsx';
import { Notice } from './Notice.tsx';

export interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  /** What happens, and any field the confirmation needs (Enter confirms). */
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** `danger` for what cannot be undone: an alert dialog with a red button. */
  tone?: 'danger' | 'primary';
  pending: boolean;
  /** The server's refusal, shown in the dialog so the user sees why nothing happened. */
  error: string | undefined;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Asks before an action: Escape, a click outside or the cancel button leave everything as it was. */
export function ConfirmDialog({ isOpen, title, children, confirmLabel, cancelLabel = 'Cancel', tone = 'danger', pending, error, onCancel, onConfirm }: ConfirmDialogProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onConfirm();
  };
  return (
    <ModalOverlay className="lq-overlay" isOpen={isOpen} onOpenChange={(open) => !open && onCancel()} isDismissable>
      <Modal className="lq-modal">
        <Dialog className="lq-dialog" role={tone === 'danger' ? 'alertdialog' : 'dialog'}>
          <Heading slot="title">{title}</Heading>
          <Form className="lq-form" onSubmit={submit}>
            {children}
            {error && <Notice tone="danger">{error}</Notice>}
            <div className="lq-actions">
              <Button variant="secondary" onPress={onCancel} autoFocus={tone === 'danger'}>
                {cancelLabel}
              </Button>
              <Button type="submit" variant={tone} isPending={pending}>
                {confirmLabel}
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
