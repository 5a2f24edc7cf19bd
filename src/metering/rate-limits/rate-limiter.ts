import type { LoadMonitor } from './load-monitor.ts';
import type { RateLimitSettings } from './rate-limit-settings.ts';
import { verdictOf, type LimitCheck, type LimitKind, type RouteClass, type Verdict } from './verdict.ts';
import type { WindowCounters } from './window-counters.ts';
import type { PlanAllowance, RateLimitPlans } from './rate-limit-plans.ts';

/** The caller of an authenticated API request. */
export interface ApiCaller {
  /** `key:<api key id>` or `session:<session id>`. */
  principalKey: string;
  workspaceId: string | null;
  workspaceSlug: string | null;
}

interface Block {
  until: number;
  limit: number;
}

const MAX_BLOCKS = 10_000;

/**
 * Decides whether a request may proceed. Every limit is a per-minute counter (WindowCounters, shared
 * through Redis when configured); the allowance of each is read at the moment from the plan (cached) and
 * the load tier. A caller over a limit is remembered in this process until its window resets, so a
 * flood is refused without a Redis round trip (unless the limit has risen since, e.g. the load fell).
 */
export class RateLimiter {
  private readonly settings: RateLimitSettings;
  private readonly counters: WindowCounters;
  private readonly plans: RateLimitPlans;
  private readonly load: LoadMonitor;
  private readonly blocks = new Map<string, Block>();

  constructor(o: { settings: RateLimitSettings; counters: WindowCounters; plans: RateLimitPlans; load: LoadMonitor }) {
    this.settings = o.settings;
    this.counters = o.counters;
    this.plans = o.plans;
    this.load = o.load;
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** An API request with credentials: the key's plan limit and its workspace's limit for the route class. */
  async api(caller: ApiCaller, routeClass: RouteClass): Promise<Verdict | undefined> {
    const plan = caller.workspaceId ? await this.plans.ofWorkspace(caller.workspaceId) : null;
    const keyLimit = plan?.keyPerMinute ?? this.plans.keyPerMinute('trial');
    const tier = this.load.tier;
    const classLimit = this.settings.classes[routeClass][this.load.tierIndex];
    const who = caller.principalKey.startsWith('key:') ? 'this API key' : 'this session';
    return verdictOf(await Promise.all([
      this.check('api_key', caller.principalKey, keyLimit, () => `${who} has sent more than ${keyLimit} requests this minute, the limit of plan "${plan?.planId ?? 'trial'}"`),
      ...(caller.workspaceId
        ? [this.check('workspace_class', `ws:${caller.workspaceId}:${routeClass}`, classLimit, () => `workspace "${caller.workspaceSlug}" has sent more than ${classLimit} ${routeClass} API requests this minute, the limit while the service is under ${tier} load`, { routeClass, tier })]
        : []),
    ]));
  }

  /** A request to a route that needs no credentials, by client IP. */
  async publicRoute(ip: string): Promise<Verdict | undefined> {
    const limit = this.settings.publicPerIp;
    return verdictOf([await this.check('ip', `ip:${ip}`, limit, () => `this IP address has sent more than ${limit} requests this minute to routes that need no credentials`)]);
  }

  /**
   * A webhook or form trigger, by client IP and by the workspace named in the URL. These limits do not
   * move with the load tier: load defers work (queued runs wait their turn), it does not refuse what can
   * be committed. Only sync webhooks are shed under Critical load, by the webhook route (it knows the
   * trigger), and the database refusing a run's write answers 503 there.
   */
  async webhook(ip: string, workspaceSlug: string): Promise<Verdict | undefined> {
    const w = this.settings.webhooks;
    const ipCheck = () => this.check('webhook_ip', `hookip:${ip}`, w.perIp, () => `this IP address has sent more than ${w.perIp} webhook requests this minute`);
    // An address already known to be over its limit is refused before the workspace is looked up: a
    // flood of made-up workspace slugs must not cost a database read each.
    if (this.isBlocked(`hookip:${ip}`, w.perIp)) return verdictOf([await ipCheck()]);
    const found = this.plans.ofSlug(workspaceSlug);
    const plan: PlanAllowance | null = found instanceof Promise ? await found : found;
    const checks: Promise<LimitCheck>[] = [ipCheck()];
    if (plan) {
      checks.push(this.check('webhook_workspace', `hook:${plan.workspaceId}`, w.perWorkspace, () => `workspace "${workspaceSlug}" has received more than ${w.perWorkspace} webhook requests this minute`));
    }
    return verdictOf(await Promise.all(checks));
  }

  private isBlocked(key: string, limit: number): boolean {
    const block = this.blocks.get(key);
    return block !== undefined && block.until > Date.now() && limit <= block.limit;
  }

  private async check(kind: LimitKind, key: string, limit: number, describe: () => string, extra: Pick<LimitCheck, 'routeClass' | 'tier'> = {}): Promise<LimitCheck> {
    const now = Date.now();
    const block = this.blocks.get(key);
    if (limit === 0 || (block && block.until > now && limit <= block.limit)) {
      const resetMs = limit === 0 ? 60_000 : block!.until - now;
      return { kind, limit, consumed: limit + 1, resetMs, describe, ...extra };
    }
    const { consumed, resetMs } = await this.counters.count(key);
    if (consumed > limit) this.block(key, now + resetMs, limit);
    return { kind, limit, consumed, resetMs, describe, ...extra };
  }

  private block(key: string, until: number, limit: number): void {
    if (this.blocks.size >= MAX_BLOCKS) {
      const now = Date.now();
      for (const [k, b] of this.blocks) if (b.until <= now) this.blocks.delete(k);
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.clear();
    }
    this.blocks.set(key, { until, limit });
  }
}
