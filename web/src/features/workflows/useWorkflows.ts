import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';

const PAGE = 25;

/** Workflows of the current workspace matching `search`, a page at a time (newest first). */
export function useWorkflows(search: string) {
  const workspace = currentWorkspace.get();
  return useInfiniteQuery({
    queryKey: ['workflows', workspace, { search }],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/workflows', { params: { query: { limit: PAGE, cursor: pageParam, q: search || undefined } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Activate, deactivate and delete; each refreshes the workflow list (and its runs) once it is done. */
export function useWorkflowActions() {
  const client = useQueryClient();
  const settled = () => client.invalidateQueries({ queryKey: ['workflows'] });
  const setActive = useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) => {
      const path = active ? '/api/v1/workflows/{id}/activate' : '/api/v1/workflows/{id}/deactivate';
      return unwrap(await api.POST(path, { params: { path: { id } } }));
    },
    onSettled: settled,
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/workflows/{id}', { params: { path: { id } } }));
    },
    onSettled: settled,
  });
  return { setActive, remove };
}
