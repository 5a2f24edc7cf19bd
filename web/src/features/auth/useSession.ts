import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiFailure, currentWorkspace, unwrap } from '../../api/client.ts';

export const SESSION_KEY = ['me'] as const;

/** The signed-in user and their workspaces; `null` when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        const me = unwrap(await api.GET('/api/v1/me'));
        // Remember the workspace the server chose when the browser had none (or one it lost access to).
        if (me.currentWorkspace && currentWorkspace.get() !== me.currentWorkspace) currentWorkspace.set(me.currentWorkspace);
        return me;
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });
}

/**
 * Forgets the session and everything that depends on who and where the user is. Reset, not just
 * invalidated: a page opened next must wait for the new answer rather than show the old one (a cached
 * "nobody signed in" would send a user who just signed in back to the login page).
 */
export function useRefreshSession() {
  const client = useQueryClient();
  return () => client.resetQueries();
}
