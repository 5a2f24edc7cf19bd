/** `"500ms"`, `"10s"`, `"5m"`, `"2h"`, `"1d"`, or a number of milliseconds. */
export type Duration = number | string;

export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY_MS = 86_400_000;

/**
 * Longest time limit or retry wait: a timer longer than 2^31-1 ms (about 24.8 days) would fire at once,
 * so a step, run or webhook time limit and a retry delay are at most 24 days.
 */
export const MAX_TIMER_MS = 24 * DAY_MS;

/** Milliseconds in a validated duration (`"10s"`, `"5m"`, or a number of ms). */
export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = DURATION_PATTERN.exec(duration);
  if (!match) throw new Error(`invalid duration "${duration}"`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

/** `24d`, `90m`, `1500ms`: the shortest exact way to write a length of time. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', DAY_MS], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Why a duration is longer than `maxMs` allows (`what` says what it limits), or null; not a duration is not this problem. */
export function durationLimitProblem(duration: unknown, maxMs: number, what: string): string | null {
  if (typeof duration !== 'number' && (typeof duration !== 'string' || !DURATION_PATTERN.test(duration))) return null;
  const ms = durationMs(duration);
  return ms <= maxMs ? null : `${what} is at most ${formatDuration(maxMs)} (got ${typeof duration === 'number' ? `${duration} ms` : duration})`;
}
