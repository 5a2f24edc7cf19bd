import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ApiCallMeter } from './api-call-meter.ts';
import type { WorkspacePlans } from './quota-plans.ts';
import { callsRefusal, type QuotaRefusal } from './quota-refusal.ts';
import { daysBetween } from './usage-service.ts';
import { ledgerCallsByDay, utcDay } from './usage-ledger.ts';

interface Entry {
  used: number;
  periodStart: number;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * The API-call quota of workflow plans and the trial (API tiers are never refused: they pay overage).
 * Costs no query per request: the calls of the period (the hot counters in Redis, shared by every
 * process, or else the ledger; plus this process's unflushed counts) are cached per workspace and
 * increased locally for every call let through; an entry older than `refreshMs` is reloaded in the
 * background. Other processes' calls are seen once they flushed and the entry refreshed, so at the
 * boundary a deployment of several processes may let a few calls over (docs/metering.md, "Quotas").
 */
export class CallQuota {
  readonly #db: Kysely<Database>;
  readonly #plans: WorkspacePlans;
  readonly #meter: ApiCallMeter;
  readonly #refreshMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(db: Kysely<Database>, plans: WorkspacePlans, meter: ApiCallMeter, refreshMs: number) {
    this.#db = db;
    this.#plans = plans;
    this.#meter = meter;
    this.#refreshMs = refreshMs;
  }

  /** Null when the call may go ahead (it is then counted here); the refusal when the quota is used up. */
  async check(workspaceId: string): Promise<QuotaRefusal | null> {
    const plan = await this.#plans.get(workspaceId);
    if (!plan || plan.quota.overage || plan.quota.includedCalls === null) return null;
    let entry = this.#entries.get(workspaceId);
    if (!entry || entry.periodStart !== plan.period.start.getTime()) {
      entry = { used: await this.#used(workspaceId, plan.period.start), periodStart: plan.period.start.getTime(), loadedAt: Date.now(), refreshing: false };
      this.#entries.set(workspaceId, entry);
    } else if (Date.now() - entry.loadedAt > this.#refreshMs && !entry.refreshing) {
      this.#refresh(workspaceId, entry, plan.period.start);
    }
    if (entry.used >= plan.quota.includedCalls) return callsRefusal(plan.quota, plan.quota.includedCalls, entry.used, plan.period.reset, plan.upgradeHint);
    entry.used++;
    return null;
  }

  invalidate(workspaceId: string): void {
    this.#entries.delete(workspaceId);
  }

  #refresh(workspaceId: string, entry: Entry, periodStart: Date): void {
    entry.refreshing = true;
    this.#used(workspaceId, periodStart)
      .then((used) => {
        // Calls let through while the read ran may be missing from it; within a period the count only grows.
        entry.used = Math.max(entry.used, used);
        entry.loadedAt = Date.now();
      })
      .catch(() => {})
      .finally(() => (entry.refreshing = false));
  }

  /**
   * Calls of the period so far. Redis counters are shared by every process; counters in process only
   * see this process's flushes, so without Redis the ledger (which has every process's flushes) is read.
   * While Redis is unreachable the ledger is read too: the check is on the request path, and a Redis
   * outage must cost a query, not the request.
   */
  async #used(workspaceId: string, periodStart: Date): Promise<number> {
    const fromDay = utcDay(periodStart);
    const today = utcDay(this.#plans.now());
    if (this.#meter.counterKind === 'redis') {
      try {
        return await this.#meter.hotCalls(workspaceId, daysBetween(fromDay, today));
      } catch {
        // Falls through to the ledger.
      }
    }
    return this.#meter.consistent(async () => {
      const ledger = await ledgerCallsByDay(this.#db, workspaceId, fromDay, today);
      const local = this.#meter.unflushed(workspaceId).filter((d) => d.day >= fromDay && d.day <= today);
      return [...ledger.values(), ...local.map((d) => d.calls)].reduce((sum, n) => sum + n, 0);
    });
  }
}
