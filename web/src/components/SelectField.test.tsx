import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SelectField } from './SelectField.tsx';

const roles = [
  { id: 'viewer', label: 'Viewer' },
  { id: 'member', label: 'Member' },
  { id: 'owner', label: 'Owner' },
];

describe('SelectField', () => {
  it('shows the selected option on a button named by its label', () => {
    render(<SelectField label="Role" options={roles} value="member" onChange={() => {}} />);
    const button = screen.getByRole('button', { name: /Role/ });
    expect(button.textContent).toContain('Member');
  });

  it('reports the chosen option and refuses disabled ones', async () => {
    const onChange = vi.fn();
    render(<SelectField label="Role" options={roles} value="member" onChange={onChange} disabledKeys={['owner']} />);
    await userEvent.click(screen.getByRole('button', { name: /Role/ }));
    const owner = screen.getByRole('option', { name: 'Owner' });
    expect(owner.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(owner);
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('option', { name: 'Viewer' }));
    expect(onChange).toHaveBeenCalledWith('viewer');
  });

  it('keeps a hidden label readable by screen readers', () => {
    render(<SelectField label="Role of ann@example.com" labelHidden options={roles} value="viewer" onChange={() => {}} />);
    expect(screen.getByText('Role of ann@example.com').className).toBe('lq-visually-hidden');
    expect(screen.getByRole('button', { name: /Role of ann@example.com/ })).toBeTruthy();
  });

  it('cannot be opened while disabled', async () => {
    render(<SelectField label="Role" options={roles} value="viewer" onChange={() => {}} isDisabled />);
    await userEvent.click(screen.getByRole('button', { name: /Role/ }));
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
