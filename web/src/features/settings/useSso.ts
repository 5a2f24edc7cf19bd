import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiFailure, currentWorkspace, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';

export type SsoConfig = paths['/api/v1/sso']['get']['responses'][200]['content']['application/json'];
export type SsoInput = NonNullable<paths['/api/v1/sso']['put']['requestBody']>['content']['application/json'];

/** The workspace's single sign-on connection, or null when none is set up (the API's 404 sso_not_configured). */
export function useSso(enabled: boolean) {
  return useQuery({
    queryKey: ['sso', currentWorkspace.get()],
    enabled,
    queryFn: async () => {
      try {
        return unwrap(await api.GET('/api/v1/sso'));
      } catch (error) {
        if (error instanceof ApiFailure && error.code === 'sso_not_configured') return null;
        throw error;
      }
    },
  });
}

export function useSsoActions() {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: ['sso'] });
  const save = useMutation({ mutationFn: async (body: SsoInput) => unwrap(await api.PUT('/api/v1/sso', { body })), onSettled });
  const remove = useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE('/api/v1/sso'));
    },
    onSettled,
  });
  return { save, remove };
}
