import { Link } from 'react-router';
import { AuthLayout } from '../components/AuthLayout.tsx';

export function NotFoundPage() {
  return (
    <AuthLayout title="Page not found">
      <p className="lq-muted">There is nothing at this address. It may have moved, or the link may be incomplete.</p>
      <Link to="/">Go to your dashboard</Link>
    </AuthLayout>
  );
}
