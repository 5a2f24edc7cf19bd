import { Refusal } from './refusal.ts';

/**
 * Reading the opaque cursors of list answers back. A cursor is base64url text the server wrote; one
 * that was edited or made up is refused here with a 400 that names it, before any of it reaches a query.
 */
export function invalidCursor(reason: string): Refusal {
  return new Refusal(400, 'invalid_cursor', `cursor is not valid: ${reason}; use the nextCursor value from a previous page`, [{ path: 'querystring.cursor', message: reason }]);
}

/** The text inside a cursor; only exact base64url (as the server writes it) is accepted. */
export function cursorText(cursor: string): string {
  const bytes = Buffer.from(cursor, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor) || bytes.toString('base64url') !== cursor) throw invalidCursor('it is not base64url text');
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw invalidCursor('it is not base64url of text');
  return text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function cursorUuid(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalidCursor('its id is not a uuid');
  return value;
}

/** A time as the server writes it (`toISOString`, years 0000–9999), which the database reads back alike. */
export function cursorTime(value: unknown): Date {
  const time = typeof value === 'string' && ISO_TIME.test(value) ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime()) || time.toISOString() !== value) throw invalidCursor('its time is not an ISO 8601 UTC timestamp');
  return time;
}
