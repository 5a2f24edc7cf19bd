import type { Redis } from 'ioredis';

/**
 * Where hot counters live: Redis when REDIS_URL is set, else this process. Never the record: a
 * missing key is rebuilt from the ledger by the meter (see api-call-meter.ts).
 */
export interface HotCounterStore {
  readonly kind: 'redis' | 'memory';
  /** The values of the keys; null where a key is missing. */
  get(keys: string[]): Promise<(number | null)[]>;
  /** Adds `n` to a key that exists and says whether it did; a missing key stays missing (the caller rebuilds it). */
  addIfPresent(key: string, n: number): Promise<boolean>;
  set(key: string, value: number, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

export class MemoryCounterStore implements HotCounterStore {
  readonly kind = 'memory';
  private readonly values = new Map<string, { value: number; expiresAt: number }>();

  async get(keys: string[]): Promise<(number | null)[]> {
    const now = Date.now();
    return keys.map((key) => {
      const entry = this.values.get(key);
      if (!entry || entry.expiresAt <= now) return null;
      return entry.value;
    });
  }

  async addIfPresent(key: string, n: number): Promise<boolean> {
    const entry = this.values.get(key);
    if (!entry || entry.expiresAt <= Date.now()) return false;
    entry.value += n;
    return true;
  }

  async set(key: string, value: number, ttlSeconds: number): Promise<void> {
    this.values.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async close(): Promise<void> {
    this.values.clear();
  }
}

/** INCRBY only when the key exists, so an increment after a FLUSHALL does not start a counter at 0. */
const INCR_IF_PRESENT = `if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) else return false end`;

export class RedisCounterStore implements HotCounterStore {
  readonly kind = 'redis';
  /** Shared with the rate limiter's counters (src/metering/rate-limits/). */
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  async get(keys: string[]): Promise<(number | null)[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys.map((key) => this.prefix + key));
    return values.map((value) => (value === null ? null : Number(value)));
  }

  async addIfPresent(key: string, n: number): Promise<boolean> {
    return (await this.redis.eval(INCR_IF_PRESENT, 1, this.prefix + key, String(n))) !== null;
  }

  async set(key: string, value: number, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, String(value), 'EX', ttlSeconds);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Connects to Redis (lazily, failing fast rather than queueing commands forever). */
export async function openRedisCounters(url: string, prefix: string): Promise<RedisCounterStore> {
  const { Redis } = await import('ioredis');
  // Auto-pipelining: the counts of concurrent requests (rate limits) share round trips.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: true, enableAutoPipelining: true });
  // Errors surface on the commands; without a listener ioredis would print every reconnect attempt.
  redis.on('error', () => {});
  return new RedisCounterStore(redis, prefix);
}
