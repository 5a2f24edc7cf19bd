import type { ReactNode } from 'react';

/** A titled panel; `actions` (e.g. a period switch) sit on the title's line, at its end. */
export function Card({ title, actions, children }: { title?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="lq-card" aria-label={title}>
      {title && actions ? (
        <div className="lq-card-head">
          <h2>{title}</h2>
          {actions}
        </div>
      ) : (
        title && <h2>{title}</h2>
      )}
      {children}
    </section>
  );
}
