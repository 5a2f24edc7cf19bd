import { LruCache } from './lru.ts';

/** One piece of a template string: literal text, an expression, or an opener never closed. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; source: string }
  | { kind: 'unterminated'; source: string };

export interface ParsedTemplate {
  parts: readonly TemplatePart[];
  /** The string is one template with at most whitespace around it: it yields the raw value. */
  single: boolean;
  /** At least one `{{` opener (closed or not) was found. */
  templated: boolean;
}

const NOT_TEMPLATED: ParsedTemplate = Object.freeze({ parts: Object.freeze([]), single: false, templated: false });
const cache = new LruCache<string, ParsedTemplate>(5000);

/**
 * Finds the `}}` that closes a template opened just before `start`, skipping JSONata string
 * literals, backtick names, comments and balanced `{ }` (object constructors), so that
 * `{{ {"a": {"b": 1}} }}` is one template. Returns the index of the closing `}}`, or -1.
 */
function findClose(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 1;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      if (depth > 0) depth--;
      else if (text[i + 1] === '}') return i;
    }
  }
  return -1;
}

function parse(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('{{', position);
    if (open < 0) break;
    if (open > position) parts.push({ kind: 'text', text: text.slice(position, open) });
    const close = findClose(text, open + 2);
    if (close < 0) {
      parts.push({ kind: 'unterminated', source: text.slice(open + 2).trim() });
      position = text.length;
      break;
    }
    parts.push({ kind: 'expression', source: text.slice(open + 2, close).trim() });
    position = close + 2;
  }
  if (position < text.length) parts.push({ kind: 'text', text: text.slice(position) });
  const templates = parts.filter((part) => part.kind !== 'text');
  const single = templates.length === 1 && templates[0].kind === 'expression' && parts.every((part) => part.kind !== 'text' || part.text.trim() === '');
  return { parts, single, templated: templates.length > 0 };
}

/** Splits a string into text and `{{ }}` parts (cached; templates come from stored definitions). */
export function parseTemplate(text: string): ParsedTemplate {
  if (!text.includes('{{')) return NOT_TEMPLATED;
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parse(text);
    cache.set(text, parsed);
  }
  return parsed;
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** true when the value (recursively) contains a {{ }} template string */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return parseTemplate(value).templated;
  if (!isContainer(value)) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some(hasTemplate);
}

/** true when the string is exactly one {{ }} template */
export function isSingleTemplate(value: string): boolean {
  return typeof value === 'string' && parseTemplate(value).single;
}

/** Plain objects and arrays are walked for templates; anything else is a leaf. */
export { isContainer as isTemplateContainer };
