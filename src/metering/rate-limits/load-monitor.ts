import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LOAD_TIERS, tierAt, tierIndexOf, type LoadTier, type TierThresholds } from './load-tiers.ts';
import type { RateLimitSettings } from './rate-limit-settings.ts';

/** One measurement of the three signals. `queueDepth` is undefined when it was not counted this time. */
export interface LoadSample {
  /** p99 event-loop delay over the last interval, ms. */
  eventLoopDelayMs: number;
  /** Time a trivial query took to be answered (pool wait + round trip), ms. */
  databaseWaitMs: number;
  /** Runs ready to be claimed. */
  queueDepth?: number;
}

export interface LoadProbes {
  /** Times a trivial query, in ms. */
  databaseWaitMs(): Promise<number>;
  /** Counts runs ready to be claimed. */
  queueDepth(): Promise<number>;
}

export interface LoadStatus {
  tier: LoadTier;
  /** The last measured values, and the tier each alone would give. */
  signals: { eventLoopDelayMs: number; databaseWaitMs: number; queueDepth: number };
  /** Since when the current tier holds. */
  since: string;
}

type Signal = 'eventLoopDelayMs' | 'databaseWaitMs' | 'queueDepth';
const SIGNALS: Signal[] = ['eventLoopDelayMs', 'databaseWaitMs', 'queueDepth'];

/**
 * The load tier of this process: each signal maps to a tier by its thresholds, the worst wins. The tier
 * reflects sustained load: it rises only after riseSamples samples in a row above the current tier (to
 * the lowest tier every one of them reached), so one slow sample — a garbage collection, a first query,
 * a neighbour's burst — changes nothing. It comes down only after every signal stayed under its
 * thresholds × calmRatio for calmSamples samples in a row (then to the worst tier seen during that calm
 * streak), so a load hovering at a threshold does not flap the limits. Samples come from a timer
 * (`start`, called once the server listens: start-up work is not load) or are fed in (`observe`).
 */
export class LoadMonitor {
  private readonly settings: RateLimitSettings['load'];
  private readonly probes: LoadProbes | undefined;
  private current = 0;
  private calmStreak = 0;
  private calmTarget = 0;
  private riseStreak = 0;
  private riseTarget = 0;
  private sinceAt = new Date();
  private last = { eventLoopDelayMs: 0, databaseWaitMs: 0, queueDepth: 0 };
  private histogram: ReturnType<typeof monitorEventLoopDelay> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;
  private sampling = false;
  private readonly listeners: ((tier: LoadTier) => void)[] = [];

  constructor(settings: RateLimitSettings['load'], probes?: LoadProbes) {
    this.settings = settings;
    this.probes = probes;
  }

  get tier(): LoadTier {
    return tierAt(this.current);
  }

  get tierIndex(): number {
    return this.current;
  }

  status(): LoadStatus {
    return { tier: this.tier, signals: { ...this.last }, since: this.sinceAt.toISOString() };
  }

  onChange(listener: (tier: LoadTier) => void): void {
    this.listeners.push(listener);
  }

  /** Applies one sample and returns the tier after it. */
  observe(sample: LoadSample): LoadTier {
    this.last = { eventLoopDelayMs: sample.eventLoopDelayMs, databaseWaitMs: sample.databaseWaitMs, queueDepth: sample.queueDepth ?? this.last.queueDepth };
    const up = this.worst(1);
    if (up > this.current) {
      this.calmStreak = 0;
      this.calmTarget = 0;
      this.riseTarget = this.riseStreak === 0 ? up : Math.min(this.riseTarget, up);
      if (++this.riseStreak >= this.settings.riseSamples) this.move(this.riseTarget);
      return this.tier;
    }
    this.riseStreak = 0;
    if (up === this.current) {
      this.calmStreak = 0;
      this.calmTarget = 0;
      return this.tier;
    }
    const calm = this.worst(this.settings.calmRatio);
    if (calm >= this.current) {
      this.calmStreak = 0;
      this.calmTarget = 0;
      return this.tier;
    }
    this.calmStreak++;
    this.calmTarget = Math.max(this.calmTarget, calm);
    if (this.calmStreak >= this.settings.calmSamples) {
      this.move(this.calmTarget);
      this.calmStreak = 0;
      this.calmTarget = 0;
    }
    return this.tier;
  }

  /** Measures every `sampleMs` (0: never). The timer does not keep the process alive. */
  start(): void {
    if (this.timer || this.settings.sampleMs === 0 || !this.probes) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => void this.sample(), this.settings.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
    this.histogram = undefined;
  }

  private async sample(): Promise<void> {
    if (this.sampling || !this.probes || !this.histogram) return;
    this.sampling = true;
    try {
      const eventLoopDelayMs = this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
      // A query that fails counts as the worst wait: a database that does not answer is overloaded.
      const databaseWaitMs = await this.probes.databaseWaitMs().catch(() => Number.MAX_SAFE_INTEGER);
      const countQueue = this.samples++ % this.settings.queueEverySamples === 0;
      const queueDepth = countQueue ? await this.probes.queueDepth().catch(() => undefined) : undefined;
      if (this.timer) this.observe({ eventLoopDelayMs, databaseWaitMs, queueDepth });
    } finally {
      this.sampling = false;
    }
  }

  private worst(ratio: number): number {
    let worst = 0;
    for (const signal of SIGNALS) worst = Math.max(worst, tierIndexOf(this.last[signal], this.settings[signal] as TierThresholds, ratio));
    return Math.min(worst, LOAD_TIERS.length - 1);
  }

  /** How long the tier takes at least to come down: what a refused caller should wait before retrying. */
  get calmDownMs(): number {
    return this.settings.calmSamples * this.settings.sampleMs;
  }

  private move(index: number): void {
    this.riseStreak = 0;
    this.current = index;
    this.sinceAt = new Date();
    for (const listener of this.listeners) listener(this.tier);
  }
}
