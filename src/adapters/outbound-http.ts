import dns from 'node:dns';
import net from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import type { OutboundHttp, OutboundRequest, OutboundResponse } from '../engine/ports.ts';
import { StepError } from '../engine/errors.ts';

/** Throws to refuse a connection to `address` (the resolved IP of `host`). */
export type AddressCheck = (address: string, family: 4 | 6, host: string) => void;

/** Resolves a hostname to all its addresses (tests inject one instead of DNS). */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface OutboundHttpOptions {
  maxRedirects?: number;
  checkAddress?: AddressCheck;
  /** Default: `dns.lookup` with `all: true`. */
  resolve?: Resolve;
}

export type ClosableOutboundHttp = OutboundHttp & { close(): Promise<void> };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const INVALID_REQUEST_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_CHAR']);

export function createOutboundHttp(options: OutboundHttpOptions = {}): ClosableOutboundHttp {
  const maxRedirects = options.maxRedirects ?? 5;
  const checkAddress: AddressCheck = options.checkAddress ?? (() => {});
  const agent = new Agent({ connect: { lookup: guardedLookup(checkAddress, options.resolve) }, keepAliveTimeout: 4_000 });

  async function send(req: OutboundRequest): Promise<OutboundResponse> {
    let url = parseUrl(req.url);
    let { method, body } = req;
    let headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      checkLiteralAddress(url, checkAddress);
      const res = await request(url, { method: method as 'GET', headers, body, signal: req.signal, dispatcher: agent });
      const location = res.headers.location;
      if (!REDIRECT_STATUSES.has(res.statusCode) || typeof location !== 'string') {
        const responseBody = await readLimited(res.body, res.headers['content-length'], req);
        return { status: res.statusCode, headers: flattenHeaders(res.headers), body: responseBody };
      }
      await res.body.dump();
      if (hop >= maxRedirects) {
        throw new StepError('too_many_redirects', `stopped after ${maxRedirects} redirects (last to ${location})`, {
          details: { maxRedirects },
        });
      }
      const next = parseUrl(location, url);
      // Same rules as browsers: 303 always, and 301/302 after a POST, continue as a body-less GET.
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers = withoutHeaders(headers, (name) => name === 'content-type' || name === 'content-length');
      }
      if (next.origin !== url.origin) headers = withoutHeaders(headers, (name) => CREDENTIAL_HEADERS.has(name));
      url = next;
    }
  }

  return {
    async request(req) {
      try {
        return await send(req);
      } catch (error) {
        throw translateError(error, req.signal);
      }
    },
    close: () => agent.close(),
  };
}

/**
 * A socket `lookup` that passes every resolved address through `checkAddress`, for any undici Agent
 * (the outbound HTTP adapter here, and the guarded fetch of src/adapters/guarded-fetch.ts).
 */
export function guardedLookup(checkAddress: AddressCheck, resolve?: Resolve): net.LookupFunction {
  // Every resolved address passes through the check, so a hostname cannot smuggle in a refused IP; the
  // socket connects to the addresses of this same answer, so a second, different answer (DNS
  // rebinding) is never used.
  return (hostname, lookupOptions, callback) => {
    const answer = resolve ? resolve(hostname) : dns.promises.lookup(hostname, { ...lookupOptions, all: true });
    answer.then(
      (resolved) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : undefined;
        const addresses = resolved
          .map((a) => ({ address: a.address, family: (a.family === 6 ? 6 : 4) as 4 | 6 }))
          .filter((a) => wanted === undefined || a.family === wanted);
        if (addresses.length === 0) return callback(Object.assign(new Error(`no address found for ${hostname}`), { code: 'ENOTFOUND' }), '');
        try {
          for (const a of addresses) checkAddress(a.address, a.family, hostname);
        } catch (refusal) {
          return callback(refusal as Error, '');
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(error, ''),
    );
  };
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new StepError('invalid_url', `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StepError('invalid_url', `only http: and https: URLs are allowed, got ${url.protocol}`);
  }
  return url;
}

// IP literals never reach the DNS lookup, so they are checked before connecting. The URL parser has
// already turned decimal, octal, hex and short IPv4 forms into dotted decimal and compressed IPv6.
export function checkLiteralAddress(url: URL, checkAddress: AddressCheck): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = net.isIP(host);
  if (family === 4 || family === 6) checkAddress(host, family, host);
}

async function readLimited(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
  req: OutboundRequest,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > req.maxResponseBytes) throw tooLarge(body, req.maxResponseBytes);
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > req.maxResponseBytes) throw tooLarge(body, req.maxResponseBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(body: Dispatcher.ResponseData['body'], limit: number): StepError {
  // Destroying emits an abort error nobody else listens for; the StepError below is the real outcome.
  body.on('error', () => {}).destroy();
  return new StepError('response_too_large', `response body exceeds the limit of ${limit} bytes`, { details: { maxResponseBytes: limit } });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function withoutHeaders(headers: Record<string, string>, drop: (lowerName: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));
}

function translateError(error: unknown, signal: AbortSignal): unknown {
  const refusal = findStepError(error);
  if (refusal) return refusal;
  if (signal.aborted) return abortError(signal.reason);
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === undefined) return error;
  if (INVALID_REQUEST_CODES.has(code)) return new StepError('invalid_request', `invalid request: ${message}`, { cause: error });
  if (/CERT|TLS|SSL/.test(code)) return new StepError('tls_error', `TLS failure (${code}): ${message}`, { cause: error });
  return new StepError('network_error', `network error (${code}): ${message}`, { retryable: true, details: { code }, cause: error });
}

/** Keeps timeouts distinguishable; anything else that aborted the signal surfaces as an AbortError. */
function abortError(reason: unknown): Error {
  if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError')) return reason;
  const error = new Error('the request was aborted', { cause: reason });
  error.name = 'AbortError';
  return error;
}

function findStepError(error: unknown): StepError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StepError) return e;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (e instanceof AggregateError) {
      const inner = e.errors.map(errorCode).find((c) => c !== undefined);
      if (inner) return inner;
    }
  }
  return undefined;
}
