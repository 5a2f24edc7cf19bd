import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { allowEntryProblem } from '../adapters/outbound-policy.ts';
import type { RunBudget } from '../engine/run-budget.ts';
import { MASTER_KEY_FORMAT, parseMasterKey } from '../secrets/master-key-format.ts';
import { parseRateLimitSettings, type RateLimitSettings } from '../metering/rate-limits/rate-limit-settings.ts';
import { MAX_TIMER_MS } from '../engine/durations.ts';
import { parsePublishers, PROJECT_PUBLISHER, PUBLISHER_NAME } from '../packs/pack-signature.ts';
import type { PackTrustSettings } from '../packs/pack-trust.ts';

const port = z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0).max(65535);
const positiveInt = (min = 1) => z.coerce.number({ error: `must be a whole number of at least ${min}` }).int().min(min);
const optionalUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.join(' or ')} URL such as ${example}`)
    .optional();
// Comma-separated hostnames, *.hostnames, IPs and CIDRs; unset or empty allows nothing.
const outboundAllow = z
  .string()
  .transform((v) => v.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = allowEntryProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  })
  .default([]);

// Which peers may set X-Forwarded-For: true (every hop), false, or comma-separated proxy IPs and CIDRs.
const trustProxy = z
  .string()
  .transform((v, ctx): boolean | string[] => {
    if (v === 'true' || v === 'false') return v === 'true';
    const entries = v.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    for (const entry of entries) {
      if (!isProxyAddress(entry)) ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR range; use true, false, or the proxies' addresses, e.g. 10.0.0.2,10.1.0.0/16` });
    }
    return entries;
  })
  .default(false);

function isProxyAddress(entry: string): boolean {
  if (ipaddr.isValid(entry)) return true;
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

// host:port of a listener of its own, e.g. 127.0.0.1:9464 or [::1]:9464.
const hostAndPort = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(v);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be host:port, such as 127.0.0.1:9464 or [::1]:9464' });
      return z.NEVER;
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });

/** Every environment variable Levqor reads, parsed once at start. Documented in docs/operations.md. */
const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LEVQOR_TRUST_PROXY: trustProxy,
  LEVQOR_DATA_DIR: z.string().min(1).default('./.levqor'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/levqor'),
  DATABASE_POOL_SIZE: positiveInt().max(200).default(10),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  LEVQOR_REDIS_PREFIX: z.string().min(1).max(100).default('levqor:'),
  LEVQOR_USAGE_FLUSH_MS: positiveInt(50).max(60_000).default(1000),
  // Quotas and usage alerts (src/metering/quota-*.ts, usage-alerts.ts; docs/metering.md).
  LEVQOR_QUOTAS: z.enum(['enforce', 'off']).default('enforce'),
  // Plan limits on active workflows, members and client workspaces (src/metering/plan-limits.ts); off with LEVQOR_QUOTAS=off too.
  LEVQOR_PLAN_LIMITS: z.enum(['enforce', 'off']).default('enforce'),
  LEVQOR_QUOTA_REFRESH_MS: positiveInt(50).max(60_000).default(2000),
  LEVQOR_QUOTA_RELEASE_MS: positiveInt(100).max(3_600_000).default(60_000),
  LEVQOR_USAGE_ALERT_MS: positiveInt(100).max(3_600_000).default(60_000),
  // Run-history retention (src/metering/retention.ts): time between purge rounds; 0 turns purging off.
  LEVQOR_RETENTION_MS: positiveInt(0).max(86_400_000).default(3_600_000),
  LEVQOR_PLANS_CATALOG: z.string().min(1).optional(),
  // The plan of the operator's `default` workspace when none was set: `self_hosted` (no quotas or limits)
  // unless Stripe sells the plans; `trial` keeps it on the trial (billing/plans.ts SELF_HOSTED_PLAN_ID).
  LEVQOR_DEFAULT_WORKSPACE_PLAN: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'must be a plan id such as self_hosted, trial or growth').optional(),
  LEVQOR_MASTER_KEY: z.string().refine((v) => parseMasterKey(v) !== undefined, `must be ${MASTER_KEY_FORMAT}`).optional(),
  LEVQOR_BOOTSTRAP_API_KEY: z.string().min(24, 'must be at least 24 characters; use a long random string').optional(),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.com:587'),
  SMTP_FROM: z.string().min(3).optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  // Only to point the Stripe SDK at a local stand-in (tests, stripe-mock); production leaves it unset.
  STRIPE_API_BASE: optionalUrl(['http:', 'https:'], 'http://127.0.0.1:12111'),
  LEVQOR_USAGE_REPORT_MS: positiveInt(60_000).default(3_600_000),
  LEVQOR_PUBLIC_URL: optionalUrl(['http:', 'https:'], 'https://levqor.example.com'),
  // /metrics is not public (src/server/routes/metrics.ts): a bearer token, or a listener of its own.
  LEVQOR_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters; use a long random string').optional(),
  LEVQOR_METRICS_LISTEN: hostAndPort.optional(),
  LEVQOR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LEVQOR_WORKER_CONCURRENCY: positiveInt().max(10_000).default(100),
  // Live event streams (GET /api/v1/events) one server keeps open per workspace; beyond it 429.
  LEVQOR_EVENT_STREAMS_PER_WORKSPACE: positiveInt().max(10_000).default(20),
  LEVQOR_EVENT_HEARTBEAT_MS: positiveInt(100).max(300_000).default(15_000),
  LEVQOR_MAX_INLINE_RUNS: positiveInt(0).max(10_000).default(500),
  LEVQOR_LEASE_MS: positiveInt(1000).default(30_000),
  LEVQOR_POLL_MS: positiveInt(10).default(250),
  LEVQOR_STEP_TIMEOUT_MS: positiveInt(100).max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} (24 days, the longest a step time limit may be)`).default(300_000),
  LEVQOR_MAX_LEASE_EXPIRIES: positiveInt().default(5),
  // Per-run budget (src/engine/run-budget.ts) and the expression sandbox (src/sandbox/); docs/expressions.md.
  LEVQOR_RUN_MAX_STEPS: positiveInt(1).max(10_000_000).default(50_000),
  LEVQOR_RUN_MAX_LANES: positiveInt(1).max(10_000).default(50),
  LEVQOR_RUN_MAX_OUTPUT_MB: positiveInt(1).max(16_384).default(64),
  LEVQOR_SANDBOX_THREADS: positiveInt(1).max(64).optional(),
  LEVQOR_SANDBOX_MEMORY_MB: positiveInt(16).max(16_384).default(256),
  LEVQOR_SHUTDOWN_TIMEOUT_MS: positiveInt(100).max(3_600_000).default(10_000),
  LEVQOR_WEBHOOK_BODY_LIMIT: positiveInt(1024).default(10 * 1024 * 1024),
  LEVQOR_HOOK_CACHE_MS: positiveInt(0).max(60_000).default(1000),
  LEVQOR_SCHEDULE_MISSED: z.enum(['run-once', 'skip']).default('run-once'),
  LEVQOR_OUTBOUND_ALLOW: outboundAllow,
  // Pack import by URL over plain http to localhost (docs/packs.md); https everywhere else.
  LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST: z.enum(['true', 'false']).default('false'),
  // Signed packs and the pack store (docs/packs.md, "Signed packs"): paid packs are never shipped in packs/.
  LEVQOR_PACK_STORE_DIR: z.string().optional(),
  LEVQOR_PACK_SIGNING_KEY_FILE: z.string().optional(),
  LEVQOR_PACK_PUBLISHER: z.string().regex(PUBLISHER_NAME, 'must be a publisher name: lower-case letters, digits and "-"').default(PROJECT_PUBLISHER),
  LEVQOR_PACK_PUBLISHERS: z.string().optional().transform((v, ctx) => {
    const result = parsePublishers(v);
    if ('publishers' in result) return result.publishers;
    for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }),
  // JSON overriding the rate-limit defaults field by field (src/metering/rate-limits/rate-limit-settings.ts).
  LEVQOR_RATE_LIMITS: z.string().optional().transform((v, ctx) => {
    const result = parseRateLimitSettings(v);
    if ('settings' in result) return result.settings;
    for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }),
});

export type Env = z.infer<typeof envSchema>;

export interface LevqorConfig {
  http: { port: number; host: string; trustProxy: boolean | string[]; publicUrl: string | undefined; webhookBodyLimit: number; hookCacheMs: number };
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null };
  redisUrl: string | undefined;
  /** Live event streams (src/live/, GET /api/v1/events): open streams per workspace and process, heartbeat interval. */
  events: { streamsPerWorkspace: number; heartbeatMs: number };
  /** Usage metering (src/metering/): Redis key prefix for hot counters, and how often API-call counts reach the ledger. */
  usage: { redisPrefix: string; flushMs: number };
  /** Quotas (402 on API calls, held runs) and usage alert mails; `enforce: false` refuses and holds nothing. */
  quotas: { enforce: boolean; refreshMs: number; releaseMs: number; alertMs: number; planLimits: boolean };
  /** Run-history retention: `intervalMs` between purge rounds, 0 = never purge (docs/metering.md "Retention"). */
  retention: { intervalMs: number };
  /** A plans catalog file replacing the shipped src/billing/plans-catalog.yaml (LEVQOR_PLANS_CATALOG). */
  plansCatalog: string | undefined;
  /** The plan of the `default` workspace unless one was set; checked against the catalog at start. */
  defaultWorkspacePlan: string;
  bootstrapApiKey: string | undefined;
  smtp: { url: string | undefined; from: string | undefined };
  /** Stripe (src/billing/stripe/): without a secret key, billing routes answer 409 billing_not_configured. */
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; apiBase: string | undefined; usageReportMs: number };
  /** `masterKey`: LEVQOR_MASTER_KEY as given; without it, the key file lives in `dataDir` (see src/secrets/master-key.ts). */
  secrets: { masterKey: string | undefined; dataDir: string };
  /** Hosts and ranges outbound steps may reach although the address policy blocks them. */
  outbound: { allow: string[] };
  /** Pack import by URL (src/packs/import/fetch-pack.ts): may the API fetch http://localhost packs? */
  packImport: { allowHttpLocalhost: boolean };
  /** Trusted pack publishers, the store's signing key and its packs (src/packs/pack-trust.ts, pack-catalog.ts). */
  packs: PackTrustSettings & { storeDir: string | undefined };
  logLevel: Env['LEVQOR_LOG_LEVEL'];
  /** Who may read /metrics: `token` (Bearer) on any listener; `listen`, a listener serving only /metrics. */
  metrics: { token: string | undefined; listen: { host: string; port: number } | undefined };
  /** Rate limits and load tiers (src/metering/rate-limits/, docs/metering.md). */
  rateLimits: RateLimitSettings;
  runs: {
    workerConcurrency: number;
    maxInlineRuns: number;
    leaseMs: number;
    pollMs: number;
    stepTimeoutMs: number;
    maxLeaseExpiries: number;
    missedSlots: Env['LEVQOR_SCHEDULE_MISSED'];
    budget: RunBudget;
  };
  /** Expression evaluation threads: how many at most, and the heap of each (MiB). */
  sandbox: { threads: number; memoryMb: number };
  /** After SIGTERM/SIGINT, how long `levqor start`/`worker` may take to close before it exits anyway. */
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LevqorConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    http: { port: e.PORT, host: e.HOST, trustProxy: e.LEVQOR_TRUST_PROXY, publicUrl: e.LEVQOR_PUBLIC_URL, webhookBodyLimit: e.LEVQOR_WEBHOOK_BODY_LIMIT, hookCacheMs: e.LEVQOR_HOOK_CACHE_MS },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(e.LEVQOR_DATA_DIR) },
    redisUrl: e.REDIS_URL,
    events: { streamsPerWorkspace: e.LEVQOR_EVENT_STREAMS_PER_WORKSPACE, heartbeatMs: e.LEVQOR_EVENT_HEARTBEAT_MS },
    usage: { redisPrefix: e.LEVQOR_REDIS_PREFIX, flushMs: e.LEVQOR_USAGE_FLUSH_MS },
    quotas: { enforce: e.LEVQOR_QUOTAS === 'enforce', refreshMs: e.LEVQOR_QUOTA_REFRESH_MS, releaseMs: e.LEVQOR_QUOTA_RELEASE_MS, alertMs: e.LEVQOR_USAGE_ALERT_MS, planLimits: e.LEVQOR_QUOTAS === 'enforce' && e.LEVQOR_PLAN_LIMITS === 'enforce' },
    retention: { intervalMs: e.LEVQOR_RETENTION_MS },
    plansCatalog: e.LEVQOR_PLANS_CATALOG,
    defaultWorkspacePlan: e.LEVQOR_DEFAULT_WORKSPACE_PLAN ?? (e.STRIPE_SECRET_KEY ? 'trial' : 'self_hosted'),
    bootstrapApiKey: e.LEVQOR_BOOTSTRAP_API_KEY,
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM },
    stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE, usageReportMs: e.LEVQOR_USAGE_REPORT_MS },
    secrets: { masterKey: e.LEVQOR_MASTER_KEY, dataDir: resolve(e.LEVQOR_DATA_DIR) },
    outbound: { allow: e.LEVQOR_OUTBOUND_ALLOW },
    packImport: { allowHttpLocalhost: e.LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST === 'true' },
    packs: {
      storeDir: e.LEVQOR_PACK_STORE_DIR && resolve(e.LEVQOR_PACK_STORE_DIR),
      signingKeyFile: e.LEVQOR_PACK_SIGNING_KEY_FILE && resolve(e.LEVQOR_PACK_SIGNING_KEY_FILE),
      publisher: e.LEVQOR_PACK_PUBLISHER,
      publishers: e.LEVQOR_PACK_PUBLISHERS,
    },
    logLevel: e.LEVQOR_LOG_LEVEL,
    metrics: { token: e.LEVQOR_METRICS_TOKEN, listen: e.LEVQOR_METRICS_LISTEN },
    rateLimits: e.LEVQOR_RATE_LIMITS,
    runs: {
      workerConcurrency: e.LEVQOR_WORKER_CONCURRENCY,
      maxInlineRuns: e.LEVQOR_MAX_INLINE_RUNS,
      leaseMs: e.LEVQOR_LEASE_MS,
      pollMs: e.LEVQOR_POLL_MS,
      stepTimeoutMs: e.LEVQOR_STEP_TIMEOUT_MS,
      maxLeaseExpiries: e.LEVQOR_MAX_LEASE_EXPIRIES,
      missedSlots: e.LEVQOR_SCHEDULE_MISSED,
      budget: { maxSteps: e.LEVQOR_RUN_MAX_STEPS, maxLanes: e.LEVQOR_RUN_MAX_LANES, maxOutputBytes: e.LEVQOR_RUN_MAX_OUTPUT_MB * 1024 * 1024 },
    },
    // The main thread keeps a core for requests; evaluation threads start only under load.
    sandbox: { threads: e.LEVQOR_SANDBOX_THREADS ?? Math.min(4, Math.max(2, availableParallelism() - 1)), memoryMb: e.LEVQOR_SANDBOX_MEMORY_MB },
    shutdownTimeoutMs: e.LEVQOR_SHUTDOWN_TIMEOUT_MS,
  };
}
