/** Ports the engine needs from the outside world. Implementations live outside `engine/`. */
import type { ExpressionLimits } from './expressions/limits.ts';

export interface Clock {
  now(): Date;
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  /** Maximum response body size in bytes. */
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Outbound HTTP with the deployment's safety policy (address checks) applied. */
export interface OutboundHttp {
  request(req: OutboundRequest): Promise<OutboundResponse>;
}

export interface MailMessage {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage, signal: AbortSignal): Promise<{ messageId: string; accepted: string[]; rejected: string[] }>;
}

/** A row of a data table as steps see it. */
export interface TableRow {
  id: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Filters on columns: `{ col: value }` (equals) or `{ col: { op: value } }` with op one of eq, ne, gt,
 * gte, lt, lte, contains (text), in (array). Several columns and operators combine with AND.
 */
export type TableWhere = Record<string, unknown>;

/** The data tables of one workspace (the executor binds it to the run's workspace). */
export interface TablesPort {
  insert(table: string, data: Record<string, unknown>): Promise<TableRow>;
  /** Merges `data` into the row found by id or by a unique column's value; null when there is none. */
  update(table: string, target: { id: string } | { key: string; value: unknown }, data: Record<string, unknown>): Promise<TableRow | null>;
  /** Finds the row by the unique column `key` (its value taken from `data`) and merges, or inserts. */
  upsert(table: string, key: string, data: Record<string, unknown>): Promise<TableRow & { created: boolean }>;
  find(table: string, query: { where?: TableWhere; sort?: string; limit: number }): Promise<TableRow[]>;
  get(table: string, id: string): Promise<TableRow | null>;
  /** Deletes the row with this id, or every row matching a non-empty `where`; resolves with the count. */
  delete(table: string, target: { id: string } | { where: TableWhere }): Promise<number>;
}

/** Hands out a workspace's tables; implemented outside the engine (src/tables/). */
export interface TablesAccess {
  forWorkspace(workspaceId: string): TablesPort;
}

/** One value whose `{{ }}` templates are to be resolved against a scope. */
export interface TemplateRequest {
  value: unknown;
  scope: Record<string, unknown>;
  where: { field: string; step?: string };
  limits: ExpressionLimits;
  /** Whose evaluation this is: evaluations are shared fairly between workspaces. */
  workspaceId: string;
}

/**
 * Resolves templates away from the caller's event loop (src/sandbox/): an evaluation past its time or
 * memory limit is stopped, not waited for. Rejects with an `ExpressionError` naming the expression.
 */
export interface TemplateResolver {
  resolve(request: TemplateRequest): Promise<unknown>;
}
