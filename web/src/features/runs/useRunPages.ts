import { useInfiniteQuery } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import type { RunStatus } from './run-types.ts';

const PAGE = 200;

export interface RunFilter {
  workflowId?: string;
  status?: RunStatus;
  since?: string;
}

/** The run history matching `filter`, newest first, fetched a page at a time as the list scrolls. */
export function useRunPages(filter: RunFilter) {
  const workspace = currentWorkspace.get();
  return useInfiniteQuery({
    queryKey: ['runs', workspace, 'history', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/runs', { params: { query: { limit: PAGE, cursor: pageParam, ...filter } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
