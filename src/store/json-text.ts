/**
 * JSON text for a jsonb parameter. PostgreSQL's jsonb rejects the NUL character (`\u0000`), which can
 * arrive in webhook bodies; it is replaced by U+FFFD rather than failing the write.
 */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value);
  return text.includes('\\u0000') ? text.replace(/(?<!\\)\\u0000/g, '\\ufffd') : text;
}

export function toNullableJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : toJsonText(value);
}
