import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Why a run was held instead of started: the run quota of the workspace is used up for the period. */
export interface QuotaHold {
  message: string;
  /** When the period resets (the run is released then at the latest, quota allowing). */
  reset: Date;
  /** Limit, usage and plan, as the API shows them. */
  details: Record<string, unknown>;
}

/**
 * Decides whether a new run may start now or must be held (`quota_exceeded`); it counts the runs it
 * admits. Implemented by the run quota (src/metering/quota-runs.ts). `db`: the executor of a caller
 * that is inside a transaction.
 */
export interface RunAdmission {
  admit(workspaceId: string, db?: Kysely<Database>): Promise<QuotaHold | null>;
}
