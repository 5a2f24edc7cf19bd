import { Link } from 'react-router';

/** No workflow yet: where one comes from. */
export function WorkflowsEmpty() {
  return (
    <div className="lq-empty">
      <p>No workflows yet.</p>
      <p>
        Start from a ready-made one in the <Link to="/templates">template marketplace</Link>, or create one with{' '}
        <code className="lq-mono">POST /api/v1/workflows</code> (see the <a href="/docs">API reference</a>).
      </p>
    </div>
  );
}
