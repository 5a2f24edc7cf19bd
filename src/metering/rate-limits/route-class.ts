import type { RouteClass } from './verdict.ts';

/** URL prefixes of the classes other than `global`; a route's `rateLimitClass` config wins over them. */
const PREFIXES: [string, RouteClass][] = [
  ['/api/v1/billing', 'billing'],
  ['/api/v1/ai', 'chat'],
  ['/api/v1/chat', 'chat'],
];

/** The class of an /api/v1 route, from its config or its URL pattern (e.g. `/api/v1/billing/checkout` → billing). */
export function routeClassOf(routeUrl: string, configured: RouteClass | undefined): RouteClass {
  if (configured) return configured;
  for (const [prefix, routeClass] of PREFIXES) {
    if (routeUrl === prefix || routeUrl.startsWith(`${prefix}/`)) return routeClass;
  }
  return 'global';
}
