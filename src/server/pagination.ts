import type { ListPosition } from '../store/newest-first.ts';
import { cursorText, cursorTime, cursorUuid, invalidCursor } from '../contracts/list-cursor.ts';

/** Opaque cursor over `(created_at desc, id desc)` orderings. */
export type Cursor = ListPosition;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (!text) return undefined;
  const parts = cursorText(text).split('|');
  if (parts.length !== 2) throw invalidCursor('it is not "<time>|<id>"');
  return { createdAt: cursorTime(parts[0]), id: cursorUuid(parts[1]) };
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
