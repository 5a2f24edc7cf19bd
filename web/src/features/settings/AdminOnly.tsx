import { Notice } from '../../components/Notice.tsx';

/** What a member without the admin role sees instead of a section only admins may open. */
export function AdminOnly({ what }: { what: string }) {
  return <Notice tone="info">{what} needs the admin or owner role in this workspace; ask an owner if you need it.</Notice>;
}
