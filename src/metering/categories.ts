/** Endpoint categories API calls are counted under (docs/metering.md). */
export const USAGE_CATEGORIES = ['workflows', 'runs', 'auth', 'tables', 'secrets', 'admin', 'other'] as const;
export type UsageCategory = (typeof USAGE_CATEGORIES)[number];

/** First path segment after /api/v1/ → category; anything not listed is `other`. */
const BY_SEGMENT: Record<string, UsageCategory> = {
  workflows: 'workflows',
  templates: 'workflows',
  runs: 'runs',
  auth: 'auth',
  me: 'auth',
  tables: 'tables',
  secrets: 'secrets',
  workspace: 'admin',
  workspaces: 'admin',
  members: 'admin',
  invitations: 'admin',
  'api-keys': 'admin',
  audit: 'admin',
  sso: 'admin',
};

/** The category of a route, from its URL pattern (e.g. `/api/v1/workflows/:id/run` → `workflows`). */
export function categoryOf(routeUrl: string): UsageCategory {
  const match = /^\/api\/v1\/([^/?]+)/.exec(routeUrl);
  return (match && BY_SEGMENT[match[1]]) || 'other';
}
