import { Link } from 'react-router';

export function Brand() {
  return (
    <Link to="/" className="lq-brand">
      <img src="/icon.svg" alt="" />
      Levqor
    </Link>
  );
}
