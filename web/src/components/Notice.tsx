import type { ReactNode } from 'react';

/** A short message in a coloured box; `danger` notices are announced to screen readers at once. */
export function Notice({ tone, children }: { tone: 'danger' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className="lq-notice" data-tone={tone} role={tone === 'danger' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
