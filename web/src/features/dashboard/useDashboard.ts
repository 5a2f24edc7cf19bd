import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';

export type AnalyticsWindow = 7 | 30 | 90;
export type RunAnalytics = paths['/api/v1/analytics/runs']['get']['responses'][200]['content']['application/json'];
export type WorkspaceHealth = paths['/api/v1/workspace/health']['get']['responses'][200]['content']['application/json'];
export type Usage = paths['/api/v1/usage']['get']['responses'][200]['content']['application/json'];
export type ReferralSummary = paths['/api/v1/referrals']['get']['responses'][200]['content']['application/json'];

/** Health changes on its own (queue, workers): refreshed while the dashboard is open. */
const HEALTH_REFRESH_MS = 15_000;

export function useRunAnalytics(workspace: string | null, days: AnalyticsWindow) {
  return useQuery({
    queryKey: ['analytics', workspace, days],
    queryFn: async () => unwrap(await api.GET('/api/v1/analytics/runs', { params: { query: { days } } })),
    placeholderData: (previous) => previous,
  });
}

export function useWorkspaceHealth(workspace: string | null) {
  return useQuery({
    queryKey: ['health', workspace],
    queryFn: async () => unwrap(await api.GET('/api/v1/workspace/health')),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useUsage(workspace: string | null) {
  return useQuery({ queryKey: ['usage', workspace], queryFn: async () => unwrap(await api.GET('/api/v1/usage')) });
}

export function useReferrals(workspace: string | null) {
  return useQuery({ queryKey: ['referrals', workspace], queryFn: async () => unwrap(await api.GET('/api/v1/referrals')) });
}
