import type { ReactNode } from 'react';
import { Brand } from './Brand.tsx';

/** The centred single-column page of sign-in, sign-up and the links from our e-mails. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="lq-auth">
      <div className="lq-auth-panel">
        <Brand />
        <div className="lq-card">
          <div className="lq-form">
            <h1>{title}</h1>
            {children}
          </div>
        </div>
      </div>
    </main>
  );
}
