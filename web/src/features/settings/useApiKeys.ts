import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';

/** The workspace's live API keys (admins only; never their secret). */
export function useApiKeys(enabled: boolean) {
  return useQuery({ queryKey: ['api-keys', currentWorkspace.get()], queryFn: async () => unwrap(await api.GET('/api/v1/api-keys')).items, enabled });
}

export function useApiKeyActions() {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: async (body: { name: string; scopes: ('read' | 'write' | 'admin')[]; expiresAt?: string }) => unwrap(await api.POST('/api/v1/api-keys', { body })),
    onSettled,
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
    },
    onSettled,
  });
  return { create, revoke };
}
