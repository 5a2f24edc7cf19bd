/** The "since when" choices of the history filters (runs, audit log): the start is now minus `ms`. */
export const RANGES = [
  { id: 'any', label: 'Any time', ms: null },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 86_400_000 },
] as const;

/** The start of range `id` as an ISO instant, or undefined for any time. */
export function rangeStart(id: string): string | undefined {
  const ms = RANGES.find((r) => r.id === id)?.ms ?? null;
  return ms === null ? undefined : new Date(Date.now() - ms).toISOString();
}
