import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import type { Role } from '../auth/roles.ts';

/** Members of the current workspace; everyone in it may read them. */
export function useMembers() {
  return useQuery({ queryKey: ['members', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/members')).items });
}

/** Invitations (admins only), newest first as the server lists them. */
export function useInvitations(enabled: boolean) {
  return useQuery({ queryKey: ['invitations', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/invitations')).items, enabled });
}

/** Change a role, remove a member, invite, revoke an invitation; each refreshes members, invitations and the session (one's own role may change). */
export function useMemberActions() {
  const client = useQueryClient();
  const onSettled = () => Promise.all(['members', 'invitations', 'me'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  const changeRole = useMutation({
    mutationFn: async ({ userId, role }: { userId: string; role: Role }) => unwrap(await api.PATCH('/api/v1/members/{userId}', { params: { path: { userId } }, body: { role } })),
    onSettled,
  });
  const remove = useMutation({
    mutationFn: async (userId: string) => {
      unwrap(await api.DELETE('/api/v1/members/{userId}', { params: { path: { userId } } }));
    },
    onSettled,
  });
  const revokeInvitation = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } }));
    },
    onSettled,
  });
  return { changeRole, remove, revokeInvitation, refresh: onSettled };
}
