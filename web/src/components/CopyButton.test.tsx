import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './CopyButton.tsx';

function clipboard(writeText: (text: string) => Promise<void>) {
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(writeText);
}

describe('CopyButton', () => {
  afterEach(() => vi.restoreAllMocks());

  it('copies its text and says so', async () => {
    const copied: string[] = [];
    render(<CopyButton text="lq_live_abc" label="Copy the key" />);
    clipboard(async (text) => void copied.push(text));
    await userEvent.click(screen.getByRole('button', { name: 'Copy the key' }));
    expect(copied).toEqual(['lq_live_abc']);
    expect(screen.getByRole('button', { name: 'Copied. Copy the key' }).textContent).toBe('Copied');
    expect(screen.getByRole('status').textContent).toBe('Copied to the clipboard.');
  });

  it('tells the user to copy by hand when the browser refuses', async () => {
    render(<CopyButton text="lq_live_abc" label="Copy the key" />);
    clipboard(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    await userEvent.click(screen.getByRole('button', { name: 'Copy the key' }));
    const status = screen.getByRole('status');
    expect(status.textContent).toMatch(/did not allow copying/);
    expect(status.className).toBe('lq-field-error');
    expect(screen.getByRole('button', { name: 'Copy the key' }).textContent).toBe('Copy');
  });
});
