import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

/** The signed-in user's sessions: they belong to the person, not to a workspace. */
export function useSessions() {
  return useQuery({ queryKey: ['sessions'], queryFn: async () => unwrap(await api.GET('/api/v1/auth/sessions')).items });
}

export function useSessionActions() {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: ['sessions'] });
  const revoke = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
    },
    onSettled,
  });
  /** Every session but this one, one call each (the API revokes sessions one at a time); stops at the first refusal. */
  const revokeOthers = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) unwrap(await api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
    },
    onSettled,
  });
  return { revoke, revokeOthers };
}
