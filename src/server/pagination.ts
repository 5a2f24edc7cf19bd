import type { ListPosition } from '../store/newest-first.ts';
import { HttpError } from './http-error.ts';

/** Opaque cursor over `(created_at desc, id desc)` orderings. */
export type Cursor = ListPosition;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (!text) return undefined;
  const [iso, id] = Buffer.from(text, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new HttpError(400, 'invalid_cursor', 'cursor is not valid; pass the nextCursor value from the previous page unchanged');
  }
  return { createdAt, id };
}

/** Fetch one more than the page size to know whether a next page exists. */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const paginationQuerySchema = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Page size' },
  cursor: { type: 'string', description: 'nextCursor from the previous page' },
} as const;
