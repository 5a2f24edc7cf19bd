import { sql, type Kysely } from 'kysely';
import type { PlansCatalog } from '../billing/plans.ts';
import type { Mailer } from '../engine/ports.ts';
import type { Database } from '../store/schema.ts';
import { usageAlertMail, type UsageAlert } from './alert-mail.ts';
import { planQuota } from './quota-limits.ts';
import type { UsageService } from './usage-service.ts';

/** A claim whose mail never completed (a crash mid-send) is taken again after this long. */
const STALE_CLAIM_MS = 5 * 60_000;
const THRESHOLDS = [100, 80] as const;

export interface UsageAlertsOptions {
  db: Kysely<Database>;
  usage: UsageService;
  catalog: PlansCatalog;
  mailer: Mailer;
  from: string | undefined;
  publicUrl: string | undefined;
  /** How often the workspaces with new usage are checked. */
  checkMs: number;
  log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

/**
 * Emails the owners of a workspace (and of the agency managing a client workspace) when it crosses 80% and 100% of its included API calls (plans and
 * API tiers) or runs (plans), once per period for each (metric, threshold): the `usage_alerts` primary
 * key makes that hold across processes and restarts. Workspaces are checked when they had calls (after
 * a meter flush) or runs counted, every `checkMs`, with the exact usage numbers. A mail that cannot be
 * sent (no SMTP, a refusal) is logged and its claim given back, so a later check tries again.
 */
export class UsageAlerts {
  readonly #o: UsageAlertsOptions;
  readonly #touched = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<number> | undefined;

  constructor(options: UsageAlertsOptions) {
    this.#o = options;
  }

  /** The workspace used something: check it at the next round. */
  touch(workspaceId: string): void {
    this.#touched.add(workspaceId);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.checkTouched(), this.#o.checkMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#checking;
  }

  /** Checks every workspace touched since the last round; resolves with the number of alerts sent. */
  checkTouched(): Promise<number> {
    this.#checking ??= (async () => {
      const ids = [...this.#touched];
      this.#touched.clear();
      let sent = 0;
      for (const id of ids) {
        try {
          sent += await this.check(id);
        } catch (error) {
          this.#o.log('warn', 'usage alert check failed; retried at the next round', { err: error, workspaceId: id });
          this.#touched.add(id);
        }
      }
      return sent;
    })().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  /** Sends the alerts a workspace is due; resolves with the number of alerts sent. */
  async check(workspaceId: string): Promise<number> {
    const report = await this.#o.usage.report(workspaceId);
    const quota = planQuota(this.#o.catalog, report.plan.id);
    const reset = new Date(report.reset_date);
    const candidates: UsageAlert[] = [];
    const metrics = [
      { metric: 'calls' as const, used: report.calls_used, limit: quota.includedCalls },
      { metric: 'runs' as const, used: report.runs_used, limit: quota.runsPerMonth },
    ];
    for (const { metric, used, limit } of metrics) {
      if (limit === null || limit <= 0) continue;
      // Only the highest threshold crossed is mailed; a lower one crossed at the same time is recorded with it.
      const crossed = THRESHOLDS.find((t) => used * 100 >= limit * t);
      if (crossed) candidates.push({ metric, threshold: crossed, used, limit, reset, quota });
    }
    let sent = 0;
    for (const alert of candidates) {
      if (await this.#send(workspaceId, new Date(report.period_start), alert)) sent++;
    }
    return sent;
  }

  async #send(workspaceId: string, periodStart: Date, alert: UsageAlert): Promise<boolean> {
    const { db } = this.#o;
    const thresholds = THRESHOLDS.filter((t) => t <= alert.threshold);
    const claimed = await this.#claim(workspaceId, periodStart, alert.metric, alert.threshold);
    if (!claimed) {
      await this.#claimLower(workspaceId, periodStart, alert.metric, thresholds);
      return false;
    }
    // A client workspace has no owner of its own: the agency managing it (and paying for it) is told.
    const workspace = await db.selectFrom('workspaces').select(['name', 'parent_id']).where('id', '=', workspaceId).executeTakeFirst();
    const owners = !workspace ? [] : await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.email')
      .distinct()
      .where('memberships.workspace_id', 'in', workspace.parent_id ? [workspaceId, workspace.parent_id] : [workspaceId])
      .where('memberships.role', '=', 'owner')
      .orderBy('users.email')
      .execute();
    const fields = { workspaceId, metric: alert.metric, threshold: alert.threshold, used: alert.used, limit: alert.limit };
    if (workspace && owners.length > 0) {
      const mail = usageAlertMail(workspace.name, alert, this.#o.publicUrl);
      try {
        await this.#o.mailer.send({ from: this.#o.from ?? 'Levqor <noreply@localhost>', to: owners.map((o) => o.email), ...mail }, AbortSignal.timeout(15_000));
      } catch (error) {
        await sql`update usage_alerts set claimed_at = 'epoch' where workspace_id = ${workspaceId}::uuid and period_start = ${periodStart}
          and metric = ${alert.metric} and threshold = ${alert.threshold} and sent_at is null`.execute(db);
        this.#o.log('warn', 'usage alert not sent; retried at the next check', { ...fields, err: error });
        this.touch(workspaceId);
        return false;
      }
    } else {
      this.#o.log('info', 'usage alert has no recipient: the workspace has no owner', fields);
    }
    await sql`update usage_alerts set sent_at = now(), recipients = ${owners.length}
      where workspace_id = ${workspaceId}::uuid and period_start = ${periodStart} and metric = ${alert.metric} and threshold = any(${thresholds})`.execute(db);
    await this.#claimLower(workspaceId, periodStart, alert.metric, thresholds);
    return owners.length > 0;
  }

  /** Takes the alert unless it was sent or another process holds a fresh claim. */
  async #claim(workspaceId: string, periodStart: Date, metric: string, threshold: number): Promise<boolean> {
    const { rows } = await sql<{ threshold: number }>`
      insert into usage_alerts (workspace_id, period_start, metric, threshold, claimed_at)
      values (${workspaceId}::uuid, ${periodStart}, ${metric}, ${threshold}, now())
      on conflict (workspace_id, period_start, metric, threshold) do update set claimed_at = excluded.claimed_at
        where usage_alerts.sent_at is null and usage_alerts.claimed_at < now() - ${`${STALE_CLAIM_MS} milliseconds`}::interval
      returning threshold`.execute(this.#o.db);
    return rows.length > 0;
  }

  /** Lower thresholds crossed with a higher one are recorded as sent, so they never mail afterwards. */
  async #claimLower(workspaceId: string, periodStart: Date, metric: string, thresholds: readonly number[]): Promise<void> {
    for (const threshold of thresholds.filter((t) => t !== Math.max(...thresholds))) {
      await sql`insert into usage_alerts (workspace_id, period_start, metric, threshold, sent_at)
        values (${workspaceId}::uuid, ${periodStart}, ${metric}, ${threshold}, now())
        on conflict (workspace_id, period_start, metric, threshold) do nothing`.execute(this.#o.db);
    }
  }
}
