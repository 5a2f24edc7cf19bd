import type { LoadTier } from './load-tiers.ts';

/** Route classes with their own load-tier limits (DESIGN.md "Load tiers"). */
export const ROUTE_CLASSES = ['global', 'chat', 'billing'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

/** Which limit a verdict is about. */
export type LimitKind = 'api_key' | 'workspace_class' | 'ip' | 'webhook_workspace' | 'webhook_ip';

/** One limit applied to one request: the counter's state after counting it. */
export interface LimitCheck {
  kind: LimitKind;
  limit: number;
  consumed: number;
  resetMs: number;
  /** Says in words which limit this is and why, for the 429 message. */
  describe: () => string;
  routeClass?: RouteClass;
  tier?: LoadTier;
}

/** What the limiter decided: the check that refused, else the tightest one (for the RateLimit-* headers). */
export interface Verdict {
  allowed: boolean;
  check: LimitCheck;
}

export function remainingOf(check: LimitCheck): number {
  return Math.max(0, check.limit - check.consumed);
}

/** A refused check if any (the one that frees last), else the one with the fewest requests left. */
export function verdictOf(checks: LimitCheck[]): Verdict | undefined {
  const refused = checks.filter((c) => c.consumed > c.limit);
  if (refused.length > 0) return { allowed: false, check: refused.reduce((a, b) => (b.resetMs > a.resetMs ? b : a)) };
  if (checks.length === 0) return undefined;
  return { allowed: true, check: checks.reduce((a, b) => (remainingOf(b) < remainingOf(a) ? b : a)) };
}

/** The `RateLimit-*` headers (IETF draft, delta seconds), plus Retry-After when refused. */
export function verdictHeaders(verdict: Verdict): Record<string, string> {
  const reset = String(Math.max(1, Math.ceil(verdict.check.resetMs / 1000)));
  const headers: Record<string, string> = {
    'ratelimit-limit': String(verdict.check.limit),
    'ratelimit-remaining': String(remainingOf(verdict.check)),
    'ratelimit-reset': reset,
  };
  if (!verdict.allowed) headers['retry-after'] = reset;
  return headers;
}
