import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createOutboundHttp } from './adapters/outbound-http.ts';
import { createOutboundPolicy } from './adapters/outbound-policy.ts';
import { createUnconfiguredMailer } from './adapters/unconfigured-mailer.ts';
import { ConfigError, type LevqorConfig } from './config/config.ts';
import type { RunOutcome, StepRecord } from './engine/run-types.ts';
import { StepRegistry } from './engine/step-registry.ts';
import { RunRunner } from './queue/run-runner.ts';
import { Scheduler } from './queue/scheduler.ts';
import { RunStarter } from './queue/start-run.ts';
import { VersionCache } from './queue/version-cache.ts';
import { Worker } from './queue/worker.ts';
import { buildServer } from './server/build-server.ts';
import { buildMetricsServer } from './server/metrics-server.ts';
import { ApiCallMeter } from './metering/api-call-meter.ts';
import { MemoryCounterStore, openRedisCounters } from './metering/hot-counters.ts';
import { createRateLimits, type RateLimits } from './metering/rate-limits/create-rate-limits.ts';
import { registerLoadMetrics } from './metering/rate-limits/load-metrics.ts';
import { loadPlansCatalog, planIds } from './billing/plans.ts';
import { PlanLimits } from './metering/plan-limits.ts';
import { upgradeHint } from './metering/quota-limits.ts';
import { createQuotas, type Quotas } from './metering/quotas.ts';
import { RetentionPurger } from './metering/retention.ts';
import { UsageService } from './metering/usage-service.ts';
import { LevqorMetrics } from './server/metrics.ts';
import { verifyMasterKey } from './secrets/master-key-check.ts';
import { resolveMasterKey } from './secrets/master-key.ts';
import { SecretStore } from './secrets/secret-store.ts';
import { TableStore } from './tables/table-store.ts';
import { createTablesAccess } from './tables/tables-port.ts';
import { createTenancy } from './accounts/tenancy.ts';
import { builtinSteps } from './steps/builtin-steps.ts';
import { migrateToLatest } from './store/migrate.ts';
import { RunWriter } from './store/runs/run-writer.ts';
import { openDatabase, type OpenedDatabase } from './store/open-database.ts';
import { HookRouteCache } from './store/workflows/hook-route-cache.ts';
import { WorkflowStore } from './store/workflows/workflow-store.ts';
import { WorkspaceStore } from './store/workspaces/workspace-store.ts';
import { ExpressionSandbox } from './sandbox/expression-sandbox.ts';
import { LiveEvents, type LiveTransport } from './live/live-events.ts';
import { postgresChannel } from './live/postgres-channel.ts';
import { redisChannel } from './live/redis-channel.ts';

export interface LevqorRoles {
  api: boolean;
  worker: boolean;
  scheduler: boolean;
}

export interface Levqor {
  config: LevqorConfig;
  database: OpenedDatabase;
  server: FastifyInstance | undefined;
  /** The /metrics-only listener, when LEVQOR_METRICS_LISTEN is set (any role). */
  metricsServer: FastifyInstance | undefined;
  worker: Worker | undefined;
  scheduler: Scheduler | undefined;
  starter: RunStarter;
  runner: RunRunner;
  workflows: WorkflowStore;
  workspaces: WorkspaceStore;
  /** API-call metering (src/metering/): flushes to the usage ledger every second and at close. */
  meter: ApiCallMeter;
  /** Rate limiter, load monitor and cached workspace plans (src/metering/rate-limits/). */
  rateLimits: RateLimits;
  /** Quotas and usage alerts; `quotas.planChanged(workspaceId)` applies a plan change and releases held runs. */
  quotas: Quotas;
  /** Run and step changes, published after their writes and heard by the event streams (src/live/). */
  live: LiveEvents;
  /** Deletes run history past each plan's retention every LEVQOR_RETENTION_MS (src/metering/retention.ts). */
  retention: RetentionPurger;
  registry: StepRegistry;
  secrets: SecretStore;
  logger: Logger;
  /** Set on the first start when no bootstrap key was configured: shown once, never stored. */
  generatedApiKey: string | null;
  /** Start listening (api role; the metrics listener if configured) and start the worker and scheduler (their roles). */
  start(): Promise<{ url: string | undefined; metricsUrl: string | undefined }>;
  close(): Promise<void>;
}

/**
 * Composition root: configuration → database → engine services → queue → HTTP server. Nothing below
 * this function reads the environment or builds its own dependencies.
 */
export interface LevqorHooks {
  logger?: Logger;
  /** Observers of every step and run ending (the CLI prints them). */
  onStep?: (record: StepRecord, runId: string) => void;
  onOutcome?: (outcome: RunOutcome, runId: string) => void;
}

export async function createLevqor(config: LevqorConfig, roles: LevqorRoles, hooks: LevqorHooks = {}): Promise<Levqor> {
  const logger = hooks.logger ?? pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'request.headers.authorization', 'request.headers.cookie'], censor: '[redacted]' },
  });
  const masterKey = resolveMasterKey({ configured: config.secrets.masterKey, database: config.database, dataDir: config.secrets.dataDir, logger: { warn: (m) => logger.warn(m) } });
  const database = await openDatabase(config.database, {
    onConnectionLost: (error) => logger.warn({ err: error }, 'database connection lost; a new one is opened on next use'),
  });
  try {
    await migrateToLatest(database.db);
    await verifyMasterKey(database.db, masterKey);
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;
  const workspaces = new WorkspaceStore(db);
  const catalog = loadPlansCatalog(config.plansCatalog);
  if (!planIds(catalog).includes(config.defaultWorkspacePlan)) {
    await database.close();
    throw new ConfigError(`invalid configuration:\n  LEVQOR_DEFAULT_WORKSPACE_PLAN: plan "${config.defaultWorkspacePlan}" is not in the plans catalog; use one of: ${planIds(catalog).join(', ')}`);
  }
  const { generatedKey } = await workspaces.ensureDefault(config.bootstrapApiKey, config.defaultWorkspacePlan);
  const workflows = new WorkflowStore(db);
  const secrets = new SecretStore(db, masterKey);
  const hookRoutes = new HookRouteCache(workflows, config.http.hookCacheMs);
  const registry = new StepRegistry(builtinSteps);
  const http = createOutboundHttp({ checkAddress: createOutboundPolicy(config.outbound.allow) });
  // The SMTP library is loaded only when mail is configured.
  const mailer = config.smtp.url
    ? (await import('./adapters/smtp-mailer.ts')).createSmtpMailer(config.smtp.url, { defaultFrom: config.smtp.from })
    : createUnconfiguredMailer();
  const tables = new TableStore(db);
  // Without Stripe nothing is sold here: a limit's message names the operator's command instead of checkout.
  const hint = upgradeHint(!config.stripe.secretKey);
  const tenancy = createTenancy(db, workspaces, mailer, config.smtp.from, new PlanLimits(catalog, config.quotas.planLimits, hint));
  const metrics = new LevqorMetrics(db);
  // Hot usage counters in Redis when configured, else in process; the ledger in the database is the record.
  const counters = config.redisUrl ? await openRedisCounters(config.redisUrl, config.usage.redisPrefix) : new MemoryCounterStore();
  const meter = new ApiCallMeter({
    db,
    counters,
    flushMs: config.usage.flushMs,
    onError: (error, what) => logger.warn({ err: error }, what),
  });
  meter.start();
  // Rate-limit counters share the usage counters' Redis client (one connection, auto-pipelined).
  const rateLimits = await createRateLimits({
    settings: config.rateLimits,
    db,
    catalog,
    redis: counters.kind === 'redis' ? counters.redis : undefined,
    keyPrefix: `${config.usage.redisPrefix}rl`,
    onRedisDown: (error) => logger.warn({ err: error }, 'Redis does not answer; rate limits are counted per process until it does'),
  });
  registerLoadMetrics(metrics.registry, rateLimits.load);
  // Events reach other processes through Redis when it is configured, else PostgreSQL NOTIFY; the
  // embedded database serves one process, so there they stay in it.
  const liveError = (error: unknown, what: string) => logger.warn({ err: error }, what);
  const liveTransport: LiveTransport | undefined = counters.kind === 'redis'
    ? redisChannel(counters.redis, `${config.usage.redisPrefix}events`)
    : config.database.kind === 'postgres' ? postgresChannel(db, config.database.url, liveError) : undefined;
  const live = new LiveEvents({ transport: liveTransport, onError: liveError });
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const versions = new VersionCache(db);
  // Leave connections for API reads and claims; PGlite has one connection whatever this says.
  const writeSlots = config.database.kind === 'postgres' ? Math.max(1, Math.floor(config.database.poolSize / 2)) : 1;
  const writer = new RunWriter(db, { maxInFlight: writeSlots, maxBatch: 200, live });
  const sandbox = new ExpressionSandbox({ maxThreads: config.sandbox.threads, memoryMb: config.sandbox.memoryMb });
  const runner = new RunRunner({
    db,
    writer,
    registry,
    services: { http, mailer, clock: { now: () => new Date() }, tables: createTablesAccess(tables), templates: sandbox },
    budget: config.runs.budget,
    owner,
    leaseMs: config.runs.leaseMs,
    defaultStepTimeoutMs: config.runs.stepTimeoutMs,
    secrets,
    live,
    onStep: (record, runId) => {
      metrics.stepRecorded(record);
      hooks.onStep?.(record, runId);
    },
    onOutcome: (outcome, run) => {
      metrics.runEnded(outcome);
      hooks.onOutcome?.(outcome, run.id);
    },
    onError: (error, runId) => logger.warn({ err: error, runId }, 'run left for another attempt'),
  });
  const worker = roles.worker
    ? new Worker({
        db,
        writer,
        runner,
        versions,
        owner,
        leaseMs: config.runs.leaseMs,
        concurrency: config.runs.workerConcurrency,
        batchSize: Math.min(100, config.runs.workerConcurrency),
        pollMs: config.runs.pollMs,
        maxLeaseExpiries: config.runs.maxLeaseExpiries,
        onClaim: (count, ms) => metrics.claimed(count, ms),
        live,
        onError: (error) => logger.error({ err: error }, 'worker error'),
      })
    : undefined;
  const quotas = createQuotas({
    db,
    catalog,
    meter,
    usage: new UsageService(db, catalog, meter),
    mailer,
    mailFrom: config.smtp.from,
    publicUrl: config.http.publicUrl,
    settings: config.quotas,
    upgradeHint: hint,
    onReleased: () => worker?.nudge(),
    live,
    log: (level, message, fields) => logger[level](fields, message),
  });
  const retention = new RetentionPurger({
    db,
    catalog,
    intervalMs: config.retention.intervalMs,
    onPurged: (p) => logger.info({ workspaceId: p.workspaceId, runs: p.runs, retentionDays: p.retentionDays }, 'run history past retention deleted'),
    onError: (error) => logger.error({ err: error }, 'purging run history failed; retried at the next round'),
  });
  const starter = new RunStarter({
    admission: quotas.admission,
    db,
    writer,
    runner,
    versions,
    owner,
    leaseMs: config.runs.leaseMs,
    maxInlineRuns: roles.worker ? config.runs.maxInlineRuns : 0,
    // Under High load accepted runs wait their turn in the queue (the worker's concurrency) instead of
    // adding to the work in progress.
    deferInline: () => rateLimits.load.tierIndex >= 2,
    onQueued: () => worker?.nudge(),
    onError: (error, runId) => logger.warn({ err: error, runId }, 'run could not start here; a worker will take it after its lease expires'),
  });
  const scheduler = roles.scheduler
    ? new Scheduler({
        db,
        tickMs: 1000,
        admission: quotas.admission,
        missedSlots: config.runs.missedSlots,
        missedAfterMs: 60_000,
        live,
        onQueued: () => worker?.nudge(),
        onError: (error) => logger.error({ err: error }, 'scheduler error'),
      })
    : undefined;
  const server = roles.api
    ? await buildServer({
        config, db, workflows, hookRoutes, workspaces, tenancy, registry, secrets, starter, versions, metrics, meter, rateLimits, quotas, logger, live,
        engine: { owner, workerRunning: () => worker?.running ?? false, schedulerRunning: () => scheduler?.running ?? false },
        onPlanChanged: async (workspaceId) => {
          rateLimits.plans.invalidate(workspaceId);
          await quotas.planChanged(workspaceId);
        },
        onWorkflowsChanged: () => {
          hookRoutes.clear();
          void scheduler?.tick();
        },
        onRunsQueued: () => worker?.nudge(),
        onCancelRequested: (runId) => void runner.cancelLocal(runId),
      })
    : undefined;

  const metricsServer = config.metrics.listen ? buildMetricsServer(metrics, config.metrics.token, logger) : undefined;

  let closed = false;
  return {
    config,
    database,
    server,
    metricsServer,
    worker,
    scheduler,
    starter,
    runner,
    workflows,
    workspaces,
    meter,
    rateLimits,
    quotas,
    live,
    retention,
    registry,
    secrets,
    logger,
    generatedApiKey: generatedKey,
    async start() {
      quotas.start();
      retention.start();
      worker?.start();
      scheduler?.start();
      const metricsUrl = metricsServer ? `${await metricsServer.listen(config.metrics.listen)}/metrics` : undefined;
      if (!server) return { url: undefined, metricsUrl };
      // Only a process that serves event streams listens to the other processes' events.
      await live.listen().catch((error: unknown) => liveError(error, 'live events of other processes cannot be received; event streams show this process\'s runs only until the connection is back'));
      const url = await server.listen({ port: config.http.port, host: config.http.host });
      // Measured from here on: start-up's own work (migrations, compiling, first reads) is not load.
      if (config.rateLimits.enabled) rateLimits.load.start();
      return { url, metricsUrl };
    },
    async close() {
      if (closed) return;
      closed = true;
      rateLimits.load.stop();
      await scheduler?.stop();
      await worker?.stop();
      // Runs in flight are handed back at once, so sync callers still waiting get their answer (503)
      // instead of holding the server's close until their timeout.
      await Promise.all([server?.close(), metricsServer?.close(), runner.shutdown()]);
      // After the runs were handed back: their last writes' events still go out.
      await live.close();
      await sandbox.close();
      await quotas.stop();
      await retention.stop();
      // After the server: the last answered calls are in the final flush.
      await meter.close();
      await http.close();
      if ('close' in mailer && typeof mailer.close === 'function') await mailer.close();
      await database.close();
    },
  };
}
