import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';

const PAGE = 100;

/** Secret names and dates (never values), by name, a page at a time. */
export function useSecrets() {
  return useInfiniteQuery({
    queryKey: ['secrets', currentWorkspace.get()],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/secrets', { params: { query: { limit: PAGE, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSecretActions() {
  const client = useQueryClient();
  const onSettled = () => client.invalidateQueries({ queryKey: ['secrets'] });
  /** Creates the secret, or replaces the value of the one with that name. */
  const put = useMutation({
    mutationFn: async ({ name, value }: { name: string; value: string }) => unwrap(await api.PUT('/api/v1/secrets/{name}', { params: { path: { name } }, body: { value } })),
    onSettled,
  });
  const remove = useMutation({
    mutationFn: async (name: string) => {
      unwrap(await api.DELETE('/api/v1/secrets/{name}', { params: { path: { name } } }));
    },
    onSettled,
  });
  return { put, remove };
}
