import { Link, useLocation } from 'react-router';

/** What a visitor sees instead of the install form: the way in, coming back to this page after. */
export function SignInToInstall({ action = 'install a template' }: { action?: string }) {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="lq-cta">
      <p>Sign in or create a free account to {action} in your own workspace.</p>
      <div className="lq-actions">
        <Link className="lq-button" data-variant="primary" to={`/signup?next=${next}`}>
          Create account
        </Link>
        <Link className="lq-button" data-variant="secondary" to={`/login?next=${next}`}>
          Sign in
        </Link>
      </div>
    </div>
  );
}
