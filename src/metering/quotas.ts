import type { Kysely } from 'kysely';
import type { PlansCatalog } from '../billing/plans.ts';
import type { Mailer } from '../engine/ports.ts';
import type { RunAdmission } from '../queue/run-admission.ts';
import type { Database } from '../store/schema.ts';
import type { ApiCallMeter } from './api-call-meter.ts';
import { CallQuota } from './quota-calls.ts';
import type { UpgradeHint } from './quota-limits.ts';
import { WorkspacePlans } from './quota-plans.ts';
import { QuotaReleaser } from './quota-releaser.ts';
import type { LiveEvents } from '../live/live-events.ts';
import { refusalDetails } from './quota-refusal.ts';
import { RunQuota } from './quota-runs.ts';
import { UsageAlerts } from './usage-alerts.ts';
import type { UsageService } from './usage-service.ts';

export interface QuotaSettings {
  /** False (LEVQOR_QUOTAS=off): nothing is refused or held; usage and alerts still work. */
  enforce: boolean;
  refreshMs: number;
  releaseMs: number;
  alertMs: number;
}

export interface QuotasOptions {
  db: Kysely<Database>;
  catalog: PlansCatalog;
  meter: ApiCallMeter;
  usage: UsageService;
  mailer: Mailer;
  mailFrom: string | undefined;
  publicUrl: string | undefined;
  settings: QuotaSettings;
  /** Where a refusal sends the workspace (checkout, or the operator's command on a self-hosted install). */
  upgradeHint?: UpgradeHint;
  /** Held runs were queued again: wake the workers. */
  onReleased: (workspaceId: string, count: number) => void;
  /** Told of held runs queued again (the event streams). */
  live?: LiveEvents;
  log: (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
}

/** The quotas of a process: API calls (402), runs (held), their release, and the usage alert mails. */
export function createQuotas(o: QuotasOptions) {
  const plans = new WorkspacePlans(o.db, o.catalog, o.settings.refreshMs, undefined, o.upgradeHint);
  const alerts = new UsageAlerts({ db: o.db, usage: o.usage, catalog: o.catalog, mailer: o.mailer, from: o.mailFrom, publicUrl: o.publicUrl, checkMs: o.settings.alertMs, log: o.log });
  const runs = new RunQuota({ db: o.db, plans, refreshMs: o.settings.refreshMs, onCounted: (id) => alerts.touch(id) });
  const calls = new CallQuota(o.db, plans, o.meter, o.settings.refreshMs);
  const releaser = new QuotaReleaser({
    db: o.db,
    plans,
    runs,
    scanMs: o.settings.releaseMs,
    ignoreLimits: !o.settings.enforce,
    onReleased: (id, count) => {
      alerts.touch(id);
      o.log('info', 'held runs released', { workspaceId: id, count });
      o.onReleased(id, count);
    },
    onError: (error) => o.log('error', 'releasing held runs failed; retried at the next scan', { err: error }),
    live: o.live,
  });
  o.meter.onFlushed((workspaceIds) => {
    for (const id of workspaceIds) alerts.touch(id);
  });
  const admission: RunAdmission = {
    async admit(workspaceId, db) {
      if (!o.settings.enforce) {
        alerts.touch(workspaceId);
        return null;
      }
      const refusal = await runs.admit(workspaceId, db);
      if (refusal) alerts.touch(workspaceId);
      return refusal && { message: refusal.message, reset: refusal.reset, details: refusalDetails(refusal) };
    },
  };
  return {
    enforce: o.settings.enforce,
    plans,
    calls,
    runs,
    releaser,
    alerts,
    admission,
    /**
     * The plan of a workspace changed (billing calls this): its quotas apply at once here, and its held
     * runs are released up to the new limit. Resolves with the number of runs released.
     */
    async planChanged(workspaceId: string): Promise<number> {
      calls.invalidate(workspaceId);
      alerts.touch(workspaceId);
      return releaser.release(workspaceId);
    },
    start(): void {
      releaser.start();
      alerts.start();
    },
    async stop(): Promise<void> {
      await releaser.stop();
      await alerts.stop();
    },
  };
}

export type Quotas = ReturnType<typeof createQuotas>;
