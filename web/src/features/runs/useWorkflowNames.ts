import { useQuery } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';

/** Names of the workspace's (newest 200) workflows by id, for labelling runs and the workflow filter. */
export function useWorkflowNames() {
  const workspace = currentWorkspace.get();
  return useQuery({
    queryKey: ['workflows', workspace, 'names'],
    queryFn: async () => unwrap(await api.GET('/api/v1/workflows', { params: { query: { limit: 200 } } })).items.map((w) => ({ id: w.id, name: w.name })),
    staleTime: 30_000,
  });
}

/** One workflow's name; `null` once it was deleted (its runs are kept). */
export function useWorkflowName(id: string | undefined) {
  const workspace = currentWorkspace.get();
  return useQuery({
    queryKey: ['workflows', workspace, 'name', id],
    enabled: id !== undefined,
    queryFn: async () => {
      const answer = await api.GET('/api/v1/workflows/{id}', { params: { path: { id: id! } } });
      return answer.response.status === 404 ? null : unwrap(answer).name;
    },
    staleTime: 30_000,
  });
}
