import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBadge } from './StatusBadge.tsx';

describe('StatusBadge', () => {
  it.each([
    ['succeeded', 'succeeded', 'success'],
    ['failed', 'failed', 'danger'],
    ['running', 'running', 'info'],
    ['retrying', 'retrying', 'warning'],
    ['quota_exceeded', 'held by quota', 'warning'],
  ])('shows %s as “%s” in the %s tone', (status, text, tone) => {
    render(<StatusBadge status={status} />);
    expect(screen.getByText(text).dataset.tone).toBe(tone);
  });

  it('shows a status it does not know as it came, in the neutral tone', () => {
    render(<StatusBadge status="paused" />);
    expect(screen.getByText('paused').dataset.tone).toBeUndefined();
  });
});
