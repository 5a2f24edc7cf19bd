import type { Column, ColumnType } from './table-types.ts';

/** A stored value as the text a field shows (JSON as JSON, no value as empty). */
export function valueText(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (type === 'json') return JSON.stringify(value);
  return String(value);
}

/**
 * The typed value of a field's text, or `error` when it cannot be one (JSON that does not parse).
 * A number that does not parse is sent as typed, so the server's own check names the field.
 * Empty text is "no value" (null).
 */
export function parseValue(text: string, type: ColumnType): { value: unknown } | { error: string } {
  if (text.trim() === '') return { value: null };
  if (type === 'number') return { value: Number.isFinite(Number(text)) ? Number(text) : text };
  if (type === 'boolean') return { value: text === 'true' ? true : text === 'false' ? false : text };
  if (type === 'json') {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return { error: 'not valid JSON: write a JSON value, such as {"a": 1}, [1, 2] or "text"' };
    }
  }
  return { value: text };
}

/** The field path the server's row errors name (`data.email`). */
export const rowField = (column: string) => `data.${column}`;

/**
 * The `data` of a row from its fields' texts: a new row leaves out empty fields, an edit sends only
 * the fields that changed (null clears one). Answers local errors by field when some do not parse.
 */
export function rowData(columns: readonly Column[], texts: Record<string, string>, before?: Record<string, unknown>) {
  const data: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const c of columns) {
    const text = texts[c.name] ?? '';
    if (before && text === valueText(before[c.name], c.type)) continue;
    const parsed = parseValue(text, c.type);
    if ('error' in parsed) errors[rowField(c.name)] = parsed.error;
    else if (parsed.value !== null || before) data[c.name] = parsed.value;
  }
  return { data, errors };
}
