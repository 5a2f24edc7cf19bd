import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

/** Fixed one-minute windows: every limit is "per minute". */
export const WINDOW_SECONDS = 60;

/** The state of one counter after a request was counted in it. */
export interface WindowCount {
  /** Requests in the current window, this one included. */
  consumed: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Per-minute counters over rate-limiter-flexible: in Redis (shared by every process) when a client is
 * given, with an in-memory insurance limiter that takes over while Redis is unreachable, else in process.
 * The limiters only count (their own limit is out of reach): what a count is allowed depends on the
 * plan and the load tier at the moment, which the caller decides. Counts of one request issued together
 * go to Redis in one pipeline (the client auto-pipelines).
 */
export class WindowCounters {
  readonly kind: 'redis' | 'memory';
  private readonly limiter: RateLimiterAbstract;

  constructor(options: { redis?: Redis; keyPrefix: string }) {
    const common = { points: Number.MAX_SAFE_INTEGER, duration: WINDOW_SECONDS, keyPrefix: options.keyPrefix };
    if (options.redis) {
      this.kind = 'redis';
      this.limiter = new RateLimiterRedis({
        ...common,
        storeClient: options.redis,
        // While Redis is down, count in process at once instead of waiting on each request.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(common),
      });
    } else {
      this.kind = 'memory';
      this.limiter = new RateLimiterMemory(common);
    }
  }

  async count(key: string): Promise<WindowCount> {
    let res: RateLimiterRes;
    try {
      res = await this.limiter.consume(key, 1);
    } catch (rejected) {
      // Only reachable if a count passes MAX_SAFE_INTEGER; an Error is a store failure with no insurance.
      if (rejected instanceof Error) throw rejected;
      res = rejected as RateLimiterRes;
    }
    return { consumed: res.consumedPoints, resetMs: Math.max(0, res.msBeforeNext) };
  }
}
