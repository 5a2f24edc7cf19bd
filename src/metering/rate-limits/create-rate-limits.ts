import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { PlansCatalog } from '../../billing/plans.ts';
import type { Database } from '../../store/schema.ts';
import { LoadMonitor } from './load-monitor.ts';
import { databaseLoadProbes } from './load-probes.ts';
import type { RateLimitSettings } from './rate-limit-settings.ts';
import { RateLimiter } from './rate-limiter.ts';
import { WindowCounters } from './window-counters.ts';
import { RateLimitPlans } from './rate-limit-plans.ts';

export interface RateLimits {
  limiter: RateLimiter;
  load: LoadMonitor;
  plans: RateLimitPlans;
  counters: WindowCounters;
}

/**
 * The rate limiter and the load monitor of one process (the monitor is started by the caller). With
 * Redis, waits for the connection (at most its connect timeout): the limiter counts in process while
 * Redis is not ready, so limits are shared from the first request on. `onRedisDown` hears a failure.
 */
export async function createRateLimits(o: {
  settings: RateLimitSettings;
  db: Kysely<Database>;
  catalog: PlansCatalog;
  redis?: Redis;
  keyPrefix: string;
  onRedisDown?: (error: unknown) => void;
}): Promise<RateLimits> {
  if (o.redis && o.settings.enabled && o.redis.status === 'wait') await o.redis.connect().catch((error) => o.onRedisDown?.(error));
  const load = new LoadMonitor(o.settings.load, databaseLoadProbes(o.db));
  const plans = new RateLimitPlans(o.db, o.catalog, { ttlMs: o.settings.planCacheMs, keyByPlan: o.settings.keyByPlan });
  const counters = new WindowCounters({ redis: o.redis, keyPrefix: o.keyPrefix });
  return { limiter: new RateLimiter({ settings: o.settings, counters, plans, load }), load, plans, counters };
}
