import type { Duration } from '../contracts/workflow.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in a validated duration (`"10s"`, `"5m"`, or a number of ms). */
export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`invalid duration "${duration}"`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
