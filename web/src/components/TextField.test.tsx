import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TextField } from './TextField.tsx';

describe('TextField', () => {
  it('labels its input and shows its description', () => {
    render(<TextField label="Name" description="Shown to every member." />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('Shown to every member.').id).toBe(input.getAttribute('aria-describedby')?.split(' ')[0]);
  });

  it('shows the server’s error under the field and marks it invalid until the user edits it', async () => {
    render(<TextField label="Name" defaultValue="Acme" serverError="The name is taken: choose another." />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('The name is taken: choose another.')).toBeTruthy();

    await userEvent.type(input, 'x');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('The name is taken: choose another.')).toBeNull();
  });

  it('marks the field again when the server sends a new error after an edit', async () => {
    function Form() {
      const [error, setError] = useState<string>();
      return (
        <>
          <TextField label="Name" serverError={error} />
          <button onClick={() => setError((previous) => (previous === 'Too long.' ? 'Still too long.' : 'Too long.'))}>send</button>
        </>
      );
    }
    render(<Form />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    await userEvent.click(screen.getByRole('button', { name: 'send' }));
    expect(screen.getByText('Too long.')).toBeTruthy();
    await userEvent.type(input, 'a');
    expect(screen.queryByText('Too long.')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'send' }));
    expect(screen.getByText('Still too long.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('passes edits on to its onChange', async () => {
    const values: string[] = [];
    render(<TextField label="Name" onChange={(value) => values.push(value)} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'ab');
    expect(values).toEqual(['a', 'ab']);
  });
});
