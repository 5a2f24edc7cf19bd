import type { RetryPolicy } from '../contracts/workflow.ts';
import { durationMs } from './durations.ts';

/**
 * Delay before attempt `attempt + 1`. Exponential backoff uses "full jitter" (a random delay up to the
 * exponential bound) so that many runs failing together do not retry in lock-step. A server's
 * Retry-After wins when it asks for longer.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  const initial = durationMs(policy.initialDelay);
  const max = durationMs(policy.maxDelay);
  const bound = policy.backoff === 'fixed' ? initial : Math.min(max, initial * 2 ** (attempt - 1));
  const jittered = policy.backoff === 'fixed' ? bound : initial / 2 + random() * Math.max(0, bound - initial / 2);
  return Math.min(max, Math.max(jittered, retryAfterMs ?? 0));
}

/** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
