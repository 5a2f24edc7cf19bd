/**
 * Failure taxonomy callers branch on. A step throws `StepError`; the executor decides from
 * `retryable` and `retryAfterMs` whether to try again.
 */
export class StepError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StepError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/** An expression failed to evaluate; names the step, field and expression. */
export class ExpressionError extends StepError {
  constructor(message: string, details: { field: string; expression: string; step?: string }, cause?: unknown) {
    super('expression_failed', message, { details, cause });
    this.name = 'ExpressionError';
  }
}

/** The run's lease was lost (another worker owns it now): stop without writing anything. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`lease on run ${runId} was lost; another worker owns it now`);
    this.name = 'LeaseLostError';
  }
}

/** Serialisable form of an error stored on runs and steps. */
export interface ErrorRecord {
  code: string;
  message: string;
  details?: unknown;
}

export function coerceError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : JSON.stringify(error));
}

export function toErrorRecord(error: unknown): ErrorRecord {
  const e = coerceError(error);
  if (e instanceof StepError) {
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details };
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return { code: 'aborted', message: e.message };
  return { code: 'step_failed', message: e.message };
}

/** Progress could not be written (database unreachable). The run is abandoned to be resumed elsewhere. */
export class JournalError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'JournalError';
  }
}
