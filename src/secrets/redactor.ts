/**
 * Replaces secret values with `[redacted:NAME]` inside strings (and object keys) of JSON values, deeply.
 * Also catches the URL-encoded and JSON-escaped forms of a value. Values shorter than
 * `MIN_REDACTED_LENGTH` are left alone: replacing "on" or "1" everywhere would mangle output and say
 * nothing about the secret anyway. Derived forms (hashes, base64 as in a Basic auth header) are not
 * recognised.
 */
export const MIN_REDACTED_LENGTH = 4;

export interface Redactor {
  /** False when there is nothing to redact: every method returns its argument unchanged. */
  readonly active: boolean;
  text(value: string): string;
  value<T>(value: T): T;
  /** A loggable copy of an error with its message, stack and causes redacted. */
  error(error: unknown): unknown;
}

export const NO_REDACTION: Redactor = {
  active: false,
  text: (value) => value,
  value: (value) => value,
  error: (error) => error,
};

export function createRedactor(secrets: Readonly<Record<string, string>>): Redactor {
  const pairs = new Map<string, string>();
  for (const [name, secret] of Object.entries(secrets)) {
    if (typeof secret !== 'string' || secret.length < MIN_REDACTED_LENGTH) continue;
    const marker = `[redacted:${name}]`;
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (!pairs.has(form)) pairs.set(form, marker);
    }
  }
  if (pairs.size === 0) return NO_REDACTION;
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...pairs].sort((a, b) => b[0].length - a[0].length);
  const shortest = ordered[ordered.length - 1][0].length;

  const text = (value: string): string => {
    if (value.length < shortest) return value;
    let out = value;
    for (const [secret, marker] of ordered) {
      if (out.includes(secret)) out = out.split(secret).join(marker);
    }
    return out;
  };

  const value = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object' || depth > 200) return input;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1));
    const proto = Object.getPrototypeOf(input);
    if (proto !== Object.prototype && proto !== null) {
      if (input instanceof Error) return redactError(input, 0);
      return input; // Dates, buffers: serialised without free text
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) out[text(key)] = value(item, depth + 1);
    return out;
  };

  const redactError = (error: unknown, depth: number): unknown => {
    if (!(error instanceof Error)) return value(error, 0);
    // Same prototype (loggers print the class name), own text redacted.
    const copy = Object.create(Object.getPrototypeOf(error)) as Error;
    const define = (key: string, v: unknown) => Object.defineProperty(copy, key, { value: v, writable: true, configurable: true, enumerable: false });
    define('message', text(error.message));
    if (Object.hasOwn(error, 'name')) define('name', error.name);
    if (error.stack !== undefined) define('stack', text(error.stack));
    for (const [key, item] of Object.entries(error)) {
      if (key !== 'cause') (copy as unknown as Record<string, unknown>)[key] = value(item, 0);
    }
    if (error.cause !== undefined && depth < 5) define('cause', redactError(error.cause, depth + 1));
    return copy;
  };

  return {
    active: true,
    text,
    value: <T>(input: T) => value(input, 0) as T,
    error: (error) => redactError(error, 0),
  };
}
