import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, currentWorkspace, unwrap } from '../../api/client.ts';
import { useLiveStatus } from '../live/useLiveEvents.ts';
import { isUnfinished } from './run-types.ts';

/** How often an unfinished run's page asks again while the event stream is down; a finished run is never polled. */
const REFRESH_MS = 1500;

/** One run; refreshed by its live events (useLiveEvents.ts), polled only while the stream is not live. */
export function useRun(id: string) {
  const workspace = currentWorkspace.get();
  const live = useLiveStatus() === 'live';
  return useQuery({
    queryKey: ['runs', workspace, 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/runs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (live || (query.state.data && !isUnfinished(query.state.data.status)) ? false : REFRESH_MS),
  });
}

/** Cancel and retry; both refresh the run (and the lists it appears in) once the server has answered. */
export function useRunActions(id: string) {
  const client = useQueryClient();
  const settled = () => client.invalidateQueries({ queryKey: ['runs'] });
  const cancel = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/runs/{id}/cancel', { params: { path: { id } } })),
    onSettled: settled,
  });
  const retry = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/runs/{id}/retry', { params: { path: { id } } })),
    onSettled: settled,
  });
  return { cancel, retry };
}
