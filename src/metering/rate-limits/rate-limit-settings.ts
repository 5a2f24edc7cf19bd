import { z } from 'zod';

/**
 * Rate-limit settings: the defaults below, overridden field by field by the JSON in LEVQOR_RATE_LIMITS
 * (docs/metering.md, "Rate limits"). Per-minute figures throughout; arrays "per tier" are
 * [Low, Medium, High, Critical].
 */
const perMinute = z.int({ error: 'expected a whole number of requests per minute' }).min(0);
const perTier = z.tuple([perMinute, perMinute, perMinute, perMinute], { error: 'expected 4 numbers: [Low, Medium, High, Critical]' });
const positive = z.number({ error: 'expected a positive number' }).positive();
const thresholds = z
  .tuple([positive, positive, positive], { error: 'expected 3 ascending thresholds: [Medium, High, Critical]' })
  .refine(([m, h, c]) => m < h && h < c, 'thresholds must ascend: Medium < High < Critical');

const settingsSchema = z.strictObject({
  enabled: z.boolean(),
  /** Per workspace and route class, by load tier (DESIGN.md "Load tiers"). */
  classes: z.strictObject({ global: perTier, chat: perTier, billing: perTier }),
  /** Per API key or session, by plan id (or `trial`); overrides the plans catalog's apiRequestsPerMinute. */
  keyByPlan: z.record(z.string(), perMinute),
  /** Per client IP on routes that need no credentials (sign-in, sign-up, public catalogs). */
  publicPerIp: perMinute,
  webhooks: z.strictObject({
    /** Per workspace, all its webhook and form triggers together. */
    perWorkspace: perMinute,
    /** Per client IP, whatever the workspace. */
    perIp: perMinute,
  }),
  load: z.strictObject({
    /** How often the load is measured; 0 turns measuring off (the tier stays Low unless samples are fed in). */
    sampleMs: z.int().min(0).max(60_000),
    eventLoopDelayMs: thresholds,
    databaseWaitMs: thresholds,
    queueDepth: thresholds,
    /** The queue is counted every this many samples (a count over the ready-run index). */
    queueEverySamples: z.int().min(1).max(600),
    /** Going up: the signals must stay above the current tier for riseSamples samples in a row. */
    riseSamples: z.int().min(1).max(3600),
    /** Coming down: every signal must stay under its threshold × calmRatio for calmSamples samples in a row. */
    calmRatio: z.number().gt(0).max(1),
    calmSamples: z.int().min(1).max(3600),
  }),
  /** How long a workspace's plan is cached before it is read again (in the background). */
  planCacheMs: z.int().min(0).max(3_600_000),
});

export type RateLimitSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  classes: { global: [200, 100, 70, 50], chat: [50, 30, 20, 10], billing: [30, 20, 15, 10] },
  keyByPlan: {},
  publicPerIp: 60,
  webhooks: { perWorkspace: 6000, perIp: 30_000 },
  load: {
    sampleMs: 1000,
    eventLoopDelayMs: [100, 250, 500],
    databaseWaitMs: [50, 200, 1000],
    queueDepth: [5_000, 20_000, 100_000],
    queueEverySamples: 5,
    riseSamples: 5,
    calmRatio: 0.7,
    calmSamples: 10,
  },
  planCacheMs: 30_000,
};

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (numbers, tier arrays) replaces the default. */
function merge(base: unknown, override: unknown): unknown {
  if (!isPlain(base) || !isPlain(override)) return override;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? merge(base[key], value) : value;
  return out;
}

/**
 * The settings from LEVQOR_RATE_LIMITS (unset: the defaults). Returns the problems instead of throwing,
 * each naming its path (e.g. `classes.chat: expected 4 numbers…`), for the configuration loader.
 */
export function parseRateLimitSettings(json: string | undefined): { settings: RateLimitSettings } | { problems: string[] } {
  if (json === undefined) return { settings: DEFAULT_RATE_LIMITS };
  let override: unknown;
  try {
    override = JSON.parse(json);
  } catch (error) {
    return { problems: [`not valid JSON (${(error as Error).message}); expected an object such as {"classes":{"global":[400,200,100,50]}}`] };
  }
  if (!isPlain(override)) return { problems: ['expected a JSON object such as {"enabled":false}'] };
  const parsed = settingsSchema.safeParse(merge(DEFAULT_RATE_LIMITS, override));
  if (parsed.success) return { settings: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
}
