/**
 * Errors that mean "the database cannot be reached right now" (a restart, a failover, a network cut),
 * as opposed to a bad statement: the request may succeed if tried again shortly.
 */

/** SQLSTATEs a restarting or overloaded server sends: class 08 (connection exception) is added below. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command (restart, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
  '53300', // too_many_connections
]);

/** What the pg driver says when a connection dropped or could not be made in time (it sets no code). */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^Client has encountered a connection error and is not queryable/, /^timeout exceeded when trying to connect/];

/**
 * Socket errors (ECONNREFUSED, ECONNRESET, a connect timeout…) look the same whichever server refused,
 * so the database layer marks the ones its connections raise: an outbound call's ECONNREFUSED is not
 * the database's.
 */
const connectionErrors = new WeakSet<object>();

export function markConnectionError<E>(error: E): E {
  if (error instanceof Error) connectionErrors.add(error);
  return error;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (connectionErrors.has(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** A short description of why, for logs and the /readyz answer (never includes credentials). */
export function unavailableReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || (error instanceof AggregateError ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : '');
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
