import type { ExpressionLimits } from '../engine/expressions/index.ts';

/** Messages between the expression sandbox (main thread) and its evaluation threads. */

export interface EvaluationTask {
  id: number;
  value: unknown;
  scope: Record<string, unknown>;
  where: { field: string; step?: string };
  limits: ExpressionLimits;
}

/** An `ExpressionError` as plain data (errors lose their class crossing threads). */
export interface FailureRecord {
  message: string;
  details: { field: string; expression: string; step?: string };
}

export type EvaluationReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; failure: FailureRecord };

/**
 * Progress cells the thread writes (with Atomics) so the main thread can tell, without a message, which
 * expression is running and since when: a blocked thread cannot answer messages.
 */
export const PROGRESS_CELLS = 3;
/** Incremented every time an expression starts. */
export const STARTED = 0;
/** Id of the task being evaluated, 0 when idle. */
export const TASK = 1;
/** 0-based position of the running expression within its task (`listTemplates` order). */
export const ORDINAL = 2;
