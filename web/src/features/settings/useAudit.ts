import { useInfiniteQuery } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';

const PAGE = 50;

export interface AuditFilter {
  actorId?: string;
  action?: string;
  since?: string;
}

/** The workspace's audit events, newest first, a page at a time (admins only). */
export function useAudit(filter: AuditFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['audit', currentWorkspace.get(), filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/audit', { params: { query: { limit: PAGE, cursor: pageParam, ...filter } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
