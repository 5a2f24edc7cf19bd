import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { LevqorConfig } from '../config/config.ts';
import type { StepRegistry } from '../engine/step-registry.ts';
import type { RunStarter } from '../queue/start-run.ts';
import type { VersionCache } from '../queue/version-cache.ts';
import { RunQueries } from '../store/runs/run-queries.ts';
import type { Database } from '../store/schema.ts';
import type { HookRouteCache } from '../store/workflows/hook-route-cache.ts';
import type { WorkflowStore } from '../store/workflows/workflow-store.ts';
import type { WorkspaceStore } from '../store/workspaces/workspace-store.ts';
import cookie from '@fastify/cookie';
import type { Tenancy } from '../accounts/tenancy.ts';
import { installAuthentication } from './auth/authenticate.ts';
import { registerApiKeyRoutes } from './routes/api-keys.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerWorkspaceRoutes } from './routes/workspaces.ts';
import { installErrorHandler } from './http-error.ts';
import { publicUrlOf } from './public-url.ts';
import { installSecurityHeaders } from './security-headers.ts';
import type { LevqorMetrics } from './metrics.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { hookRoutes } from './routes/hooks.ts';
import { createWebhookGuard } from './webhook-guard.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerEventRoutes } from './routes/events.ts';
import type { LiveEvents } from '../live/live-events.ts';
import { registerSecretRoutes } from './routes/secrets.ts';
import { registerTableRoutes } from './routes/tables.ts';
import { TableStore } from '../tables/table-store.ts';
import { registerSsoRoutes } from './routes/sso.ts';
import { SsoService } from '../accounts/sso-service.ts';
import { createGuardedFetch } from '../adapters/guarded-fetch.ts';
import { createOutboundPolicy } from '../adapters/outbound-policy.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { swaggerOptions } from './openapi/document.ts';
import { describeRoute } from './openapi/route-docs.ts';
import { registerWorkflowRoutes } from './routes/workflows.ts';
import { registerWebhookRefusalRoutes } from './routes/webhook-refusals.ts';
import { registerUsageRoutes } from './routes/usage.ts';
import type { ApiCallMeter } from '../metering/api-call-meter.ts';
import { categoryOf } from '../metering/categories.ts';
import type { RateLimits } from '../metering/rate-limits/create-rate-limits.ts';
import { installRateLimits } from './rate-limit-hook.ts';
import { UsageService } from '../metering/usage-service.ts';
import type { Quotas } from '../metering/quotas.ts';
import { upgradeHint } from '../metering/quota-limits.ts';
import { installQuotaGuard } from './quota-guard.ts';
import { createBillingServices } from '../billing/stripe/billing-services.ts';
import { registerBillingRoutes } from './routes/billing.ts';
import { registerTemplateRoutes } from './routes/templates.ts';
import { registerPackStoreRoutes } from './routes/pack-store.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerPackRoutes } from './routes/packs.ts';
import { PackCatalog } from '../packs/pack-catalog.ts';
import { packTrustFrom } from '../packs/pack-trust.ts';
import { loadTemplates } from '../templates/load-templates.ts';
import { TemplateInstaller } from '../templates/template-installer.ts';
import { registerWebApp } from './web-app.ts';
import { registerAnalyticsRoutes } from './routes/analytics.ts';
import { registerReferralRoutes } from './routes/referrals.ts';
import { registerWorkspaceHealthRoutes, type EngineStatus } from './routes/workspace-health.ts';

export interface ServerOptions {
  config: LevqorConfig;
  db: Kysely<Database>;
  workflows: WorkflowStore;
  hookRoutes: HookRouteCache;
  workspaces: WorkspaceStore;
  tenancy: Tenancy;
  registry: StepRegistry;
  secrets: SecretStore;
  starter: RunStarter;
  versions: VersionCache;
  metrics: LevqorMetrics;
  /** Counts authenticated /api/v1 calls (src/metering/). */
  meter: ApiCallMeter;
  /** Rate limits and the load tier (src/metering/rate-limits/). */
  rateLimits: RateLimits;
  /** API-call and run quotas, and the plans catalog they read (src/metering/quotas.ts). */
  quotas: Quotas;
  logger: Logger;
  /** Run and step changes of every process (GET /api/v1/events). */
  live: LiveEvents;
  onWorkflowsChanged: () => void;
  onRunsQueued: () => void;
  onCancelRequested: (runId: string) => void;
  /** The worker and scheduler of this process, for the workspace health endpoint; none when not given. */
  engine?: EngineStatus;
  /** Called after a Stripe webhook changed a workspace's plan or period (quotas are re-evaluated). */
  onPlanChanged?: (workspaceId: string) => void | Promise<void>;
}

/** Builds the HTTP app without listening, so tests drive it with `inject()`. */
export async function buildServer(o: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: o.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, X-Forwarded-For gives the client address used by audit and throttling.
    trustProxy: o.config.http.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allowUnionTypes: true } },
  });
  installErrorHandler(app);
  installSecurityHeaders(app);
  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // An empty body sent as JSON (common from scripts calling action routes) means "no body".
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onRoute', describeRoute);
  await app.register(cookie);
  installAuthentication(app, { workspaces: o.workspaces, sessions: o.tenancy.sessions, access: o.tenancy.access, prefix: '/api/v1/' });
  // After authentication: the API limits are per key and per workspace.
  installRateLimits(app, o.rateLimits.limiter);
  // After authentication too: 402 once a plan without overage used its included calls.
  const quotaGuard = o.quotas.enforce ? installQuotaGuard(app, o.quotas.calls) : undefined;
  // Metering: every /api/v1 call that passed authentication (a principal with a workspace) is counted,
  // except those refused by a rate limit.
  app.addHook('onResponse', async (request) => {
    const principal = request.principal;
    const route = request.routeOptions.url;
    if (!principal?.workspaceId || !route?.startsWith('/api/v1/') || request.rateLimited || quotaGuard?.refused(request)) return;
    o.meter.record(principal.workspaceId, principal.keyId, categoryOf(route));
  });
  const publicUrl = publicUrlOf(o.config.http.publicUrl, app, o.config.http);
  registerHealthRoutes(app, o.db, o.metrics, { token: o.config.metrics.token, listenerOfItsOwn: false }, () => o.rateLimits.load.status());
  const catalog = o.quotas.plans.catalog;
  registerPlanRoutes(app, catalog);
  registerUsageRoutes(app, new UsageService(o.db, catalog, o.meter));
  const billing = await createBillingServices({ config: o.config.stripe, db: o.db, catalog, onPlanChanged: o.onPlanChanged, onError: (err, what) => o.logger.warn({ err }, what) });
  registerBillingRoutes(app, { ...billing, catalog, usage: new UsageService(o.db, catalog, o.meter), publicUrl });
  registerReferralRoutes(app, { referrals: billing.referrals, publicUrl });
  registerAnalyticsRoutes(app, o.db);
  registerWorkspaceHealthRoutes(app, { db: o.db, engine: o.engine, load: () => o.rateLimits.load.status() });
  const usageReports = billing.scheduleUsageReports((err) => o.logger.warn({ err }, 'reporting metered usage to Stripe failed; the next run retries'));
  app.addHook('onClose', () => usageReports.stop());
  registerWorkflowRoutes(app, { db: o.db, limits: o.tenancy.limits, audit: o.tenancy.audit, workflows: o.workflows, registry: o.registry, starter: o.starter, publicUrl, onWorkflowsChanged: o.onWorkflowsChanged });
  registerWebhookRefusalRoutes(app, { db: o.db, workflows: o.workflows });
  const t = o.tenancy;
  registerAuthRoutes(app, { accounts: t.accounts, sessions: t.sessions, audit: t.audit, publicUrl, configuredPublicUrl: o.config.http.publicUrl });
  registerWorkspaceRoutes(app, { service: t.workspaceService, workspaces: o.workspaces, access: t.access, members: t.members, invitations: t.invitations, publicUrl });
  registerApiKeyRoutes(app, t.workspaceService, t.apiKeys);
  registerAuditRoutes(app, t.audit);
  registerSecretRoutes(app, { secrets: o.secrets, audit: o.tenancy.audit });
  const tableStore = new TableStore(o.db);
  registerTableRoutes(app, { tables: tableStore, audit: o.tenancy.audit });
  registerTemplateRoutes(app, {
    templates: () => loadTemplates(o.registry),
    installer: new TemplateInstaller({ db: o.db, workflows: o.workflows, registry: o.registry, tables: tableStore, secretNames: async (workspaceId) => new Set((await o.secrets.list(workspaceId, { limit: 10_000 })).map((s) => s.name)) }),
    audit: o.tenancy.audit,
    publicUrl,
    onWorkflowsChanged: o.onWorkflowsChanged,
  });
  const packCatalog = new PackCatalog(o.registry, { trust: packTrustFrom(o.config.packs), storeDir: o.config.packs.storeDir });
  registerPackStoreRoutes(app, { db: o.db, catalog: () => packCatalog.entries(), linkKey: o.secrets.derivedKey('pack-download-links'), publicUrl, checkout: billing.checkout });
  registerPackRoutes(app, {
    db: o.db, registry: o.registry, audit: o.tenancy.audit, secrets: o.secrets, outboundAllow: o.config.outbound.allow,
    allowHttpLocalhost: o.config.packImport.allowHttpLocalhost, identity: packCatalog, publicUrl, onWorkflowsChanged: o.onWorkflowsChanged, limits: o.tenancy.limits,
  });
  // The identity provider is reached under the same address policy as outbound steps.
  const ssoFetch = createGuardedFetch({ checkAddress: createOutboundPolicy(o.config.outbound.allow) });
  app.addHook('onClose', () => ssoFetch.close());
  registerSsoRoutes(app, { sso: new SsoService(t, o.secrets, ssoFetch.fetch), publicUrl, configuredPublicUrl: o.config.http.publicUrl });
  const runQueries = new RunQueries(o.db);
  registerExportRoutes(app, { db: o.db, catalog, runs: runQueries, audit: o.tenancy.audit, upgradeHint: upgradeHint(!o.config.stripe.secretKey) });
  registerRunRoutes(app, runQueries, { onRetried: o.onRunsQueued, onCancelRequested: o.onCancelRequested, live: o.live });
  registerEventRoutes(app, { live: o.live, streamsPerWorkspace: o.config.events.streamsPerWorkspace, heartbeatMs: o.config.events.heartbeatMs });
  const load = o.rateLimits.load;
  await app.register(hookRoutes, {
    routes: o.hookRoutes, versions: o.versions, starter: o.starter, bodyLimit: o.config.http.webhookBodyLimit,
    guard: createWebhookGuard({ db: o.db, secrets: o.secrets }),
    shedSyncSeconds: () => (load.tier === 'critical' ? Math.max(1, Math.ceil(load.calmDownMs / 1000)) : undefined),
  });
  registerWebApp(app);
  return app;
}
