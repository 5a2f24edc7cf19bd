/** First wait after a failure; doubled after each further one. */
export const BACKOFF_INITIAL_MS = 100;
/** Longest wait between two attempts while the database stays unreachable. */
export const BACKOFF_MAX_MS = 5000;

/**
 * Exponential backoff with jitter for a background loop whose database calls fail (a restart, a
 * failover): 100 ms, 200 ms, 400 ms … up to 5 s between attempts, each shortened by up to half at
 * random so many processes do not reconnect in step. One success resets it.
 */
export class RetryBackoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  readonly #now: () => number;
  #failures = 0;
  #retryAt = 0;

  constructor(options: { initialMs?: number; maxMs?: number; random?: () => number; now?: () => number } = {}) {
    this.#initialMs = options.initialMs ?? BACKOFF_INITIAL_MS;
    this.#maxMs = options.maxMs ?? BACKOFF_MAX_MS;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** Failures in a row so far. */
  get failures(): number {
    return this.#failures;
  }

  /** Records a failure; returns how long to wait before the next attempt. */
  failed(): number {
    const full = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    const delay = Math.round(full * (1 - this.#random() / 2));
    this.#retryAt = this.#now() + delay;
    return delay;
  }

  /** Records a success; true when it ended a run of failures (the loop may say it recovered). */
  succeeded(): boolean {
    const recovered = this.#failures > 0;
    this.#failures = 0;
    this.#retryAt = 0;
    return recovered;
  }

  /** For loops driven by a fixed timer: true while the wait after the last failure has not passed. */
  waiting(): boolean {
    return this.#now() < this.#retryAt;
  }
}
