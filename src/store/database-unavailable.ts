/**
 * Errors that mean "the database cannot take this request right now" (a restart, a failover, a network
 * cut, a full disk, a read-only standby), as opposed to a bad statement: the request may succeed if
 * tried again shortly, and nothing of it was committed.
 */

/**
 * SQLSTATE classes and codes: connection exceptions (08), insufficient resources (53: disk full, out of
 * memory, too many connections), operator intervention (57: shutdown, crash, starting up, statement
 * timeout), a read-only standby (25006), a lock that could not be had (55P03), serialization failures
 * and deadlocks (40001, 40P01).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57']);
const UNAVAILABLE_CODES = new Set(['25006', '55P03', '40001', '40P01']);

/** What the drivers say when a connection dropped or could not be made in time (they set no code). */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /pglite is closed/i,
  /driver has already been destroyed/i,
];

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
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.has(code.slice(0, 2)))) return true;
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
