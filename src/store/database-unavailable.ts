/**
 * SQLSTATE classes and codes that mean the database cannot take a write now, not that the write is
 * wrong: connection exceptions (08), insufficient resources (53: disk full, out of memory, too many
 * connections), operator intervention (57: shutdown, statement timeout), a read-only standby (25006),
 * a lock that could not be had (55P03), serialization failures and deadlocks (40001, 40P01).
 */
const UNAVAILABLE_CLASSES = ['08', '53', '57'];
const UNAVAILABLE_CODES = new Set(['25006', '55P03', '40001', '40P01']);
/** Socket errors of a database connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Drivers' own words for a lost or unobtainable connection (they carry no SQLSTATE). */
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /pglite is closed/i, /driver has already been destroyed/i];

/** Whether an error from a database call means "try again later" (answered 503 with Retry-After). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_CLASSES.includes(code.slice(0, 2));
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
