import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog.tsx';

const base = { title: 'Delete “Orders”?', confirmLabel: 'Delete', pending: false, error: undefined };

describe('ConfirmDialog', () => {
  it('renders nothing while closed', () => {
    render(<ConfirmDialog {...base} isOpen={false} onCancel={() => {}} onConfirm={() => {}} />);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('is an alert dialog named by its title, that takes the focus', async () => {
    render(
      <ConfirmDialog {...base} isOpen onCancel={() => {}} onConfirm={() => {}}>
        <p>Its runs stay in the history.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Delete “Orders”?' });
    expect(dialog.textContent).toContain('Its runs stay in the history.');
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
  });

  it('confirms through its button and cancels through Cancel and Escape', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(<ConfirmDialog {...base} isOpen onCancel={onCancel} onConfirm={onConfirm} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s refusal inside the dialog as an alert', () => {
    render(<ConfirmDialog {...base} isOpen error="The last owner cannot step down." onCancel={() => {}} onConfirm={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe('The last owner cannot step down.');
  });

  it('is a plain dialog for a non-destructive action', () => {
    render(<ConfirmDialog {...base} tone="primary" isOpen onCancel={() => {}} onConfirm={() => {}} />);
    expect(screen.getByRole('dialog', { name: 'Delete “Orders”?' })).toBeTruthy();
  });
});
