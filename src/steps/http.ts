import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';
import type { OutboundResponse } from '../engine/ports.ts';
import { StepError } from '../engine/errors.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name');
const ERROR_BODY_BYTES = 2048;

/** An absolute http(s) URL; a missing one is reported as `required`, any other bad value by the URL rule. */
export const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.input === undefined ? 'required' : 'must be an http:// or https:// URL'),
});

const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
]);

const httpWith = z
  .strictObject({
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS))
      .default('GET'),
    url: httpUrl,
    query: z.record(z.string(), scalar).optional(),
    headers: z.record(headerName, z.string()).optional(),
    json: z.unknown().optional(),
    form: z.record(z.string(), scalar).optional(),
    text: z.string().optional(),
    auth: authSchema.optional(),
    responseType: z.enum(['auto', 'json', 'text']).default('auto'),
    failOnStatus: z.boolean().default(true),
    maxResponseBytes: z.number().int().positive().max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  })
  .check((ctx) => {
    const bodies = (['json', 'form', 'text'] as const).filter((k) => ctx.value[k] !== undefined);
    if (bodies.length > 1) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: [bodies[1]], message: `use only one of json, form or text (got ${bodies.join(' and ')})` });
    }
    if (ctx.value.auth && ctx.value.headers && findHeader(ctx.value.headers, 'authorization') !== undefined) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['auth'], message: 'set either auth or an Authorization header, not both' });
    }
  });
export type HttpWith = z.infer<typeof httpWith>;

export const httpStep: StepType<HttpWith> = {
  type: 'http',
  description: 'Send an HTTP request and return its status, headers and body.',
  sideEffect: true,
  secretFields: ['url', 'query', 'headers', 'json', 'form', 'text', 'auth'],
  schema: httpWith,
  async run(input, ctx) {
    const url = new URL(input.url);
    for (const [name, value] of Object.entries(input.query ?? {})) url.searchParams.append(name, String(value));
    const headers: Record<string, string> = { ...input.headers };
    const setDefault = (name: string, value: string) => {
      if (findHeader(headers, name) === undefined) headers[name] = value;
    };
    let body: string | undefined;
    if (input.json !== undefined) {
      body = JSON.stringify(input.json);
      setDefault('content-type', 'application/json');
    } else if (input.form !== undefined) {
      body = new URLSearchParams(Object.entries(input.form).map(([k, v]) => [k, String(v)])).toString();
      setDefault('content-type', 'application/x-www-form-urlencoded');
    } else if (input.text !== undefined) {
      body = input.text;
      setDefault('content-type', 'text/plain; charset=utf-8');
    }
    if (input.auth?.type === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${input.auth.username}:${input.auth.password}`).toString('base64')}`;
    } else if (input.auth?.type === 'bearer') {
      headers.authorization = `Bearer ${input.auth.token}`;
    }
    setDefault('idempotency-key', ctx.idempotencyKey);
    setDefault('user-agent', 'Levqor');

    const res = await ctx.http.request({
      method: input.method,
      url: url.href,
      headers,
      body,
      signal: ctx.signal,
      maxResponseBytes: input.maxResponseBytes,
    });
    if (input.failOnStatus && res.status >= 400) throw statusError('http_status', `${input.method} ${url.origin}${url.pathname}`, res, ctx.clock.now());
    return { output: { status: res.status, headers: lowerCaseKeys(res.headers), body: parseBody(res, input.responseType) } };
  },
};

/** Error for a failed HTTP answer: 5xx and 429 are worth retrying, honouring Retry-After. */
export function statusError(code: string, what: string, res: OutboundResponse, now: Date): StepError {
  const retryable = res.status >= 500 || res.status === 429;
  const text = Buffer.from(res.body.subarray(0, ERROR_BODY_BYTES)).toString('utf8');
  const truncated = res.body.byteLength > ERROR_BODY_BYTES;
  const retryAfterMs = retryable ? parseRetryAfter(headerValue(res.headers, 'retry-after'), now) : undefined;
  const snippet = text.trim().slice(0, 200);
  return new StepError(code, `${what} answered ${res.status}${snippet ? `: ${snippet}` : ''}`, {
    retryable,
    retryAfterMs,
    details: { status: res.status, body: text, ...(truncated ? { bodyTruncated: true } : {}) },
  });
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function parseBody(res: OutboundResponse, responseType: HttpWith['responseType']): unknown {
  const text = Buffer.from(res.body).toString('utf8');
  const isJson = /^application\/([\w.+-]*\+)?json\b/i.test(headerValue(res.headers, 'content-type') ?? '');
  if (responseType === 'text' || (responseType === 'auto' && !isJson)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    // Auto mode trusts the server's content-type only as a hint.
    if (responseType === 'auto') return text;
    throw new StepError('invalid_json', `the response body is not valid JSON: ${(error as Error).message}`, {
      details: { status: res.status, body: text.slice(0, ERROR_BODY_BYTES) },
    });
  }
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  return Object.keys(headers).find((key) => key.toLowerCase() === name);
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = findHeader(headers, name);
  return key === undefined ? undefined : headers[key];
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
