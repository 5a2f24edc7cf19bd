import { createGuardedFetch } from '../../adapters/guarded-fetch.ts';
import { createOutboundPolicy } from '../../adapters/outbound-policy.ts';
import { StepError } from '../../engine/errors.ts';
import { Refusal } from '../../contracts/refusal.ts';

/** Largest pack text fetched (the same bound as a pack file: parseDefinitionText reads at most 1 MB). */
export const MAX_PACK_BYTES = 1024 * 1024;
/** Whole download, connection to last byte. */
export const PACK_FETCH_TIMEOUT_MS = 10_000;

export interface FetchPackOptions {
  /** LEVQOR_OUTBOUND_ALLOW: the same address policy as the http step. */
  outboundAllow: string[];
  /** Plain http (and the loopback address) for localhost, 127.0.0.1 and [::1] only: explicit consent. */
  allowHttpLocalhost: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Downloads a pack text: https only (http for localhost behind `allowHttpLocalhost`), the outbound
 * address policy of the http step, no redirects, at most `maxBytes` (streamed, abandoned when exceeded)
 * within `timeoutMs`. Every failure is a Refusal with its own code: url_not_allowed, address_blocked,
 * pack_too_large, fetch_timeout, fetch_failed.
 */
export async function fetchPackText(rawUrl: string, o: FetchPackOptions): Promise<string> {
  const url = checkUrl(rawUrl, o.allowHttpLocalhost);
  const maxBytes = o.maxBytes ?? MAX_PACK_BYTES;
  const timeoutMs = o.timeoutMs ?? PACK_FETCH_TIMEOUT_MS;
  const local = LOCAL_HOSTS.has(url.hostname);
  // The flag is consent to fetch from this machine: its loopback address passes the policy for this URL.
  const allow = local && o.allowHttpLocalhost ? [...o.outboundAllow, '127.0.0.1', '::1', 'localhost'] : o.outboundAllow;
  const guarded = createGuardedFetch({ checkAddress: createOutboundPolicy(allow), maxResponseBytes: maxBytes });
  try {
    const response = await guarded.fetch(url.toString(), {
      method: 'GET',
      headers: { accept: 'application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.1' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      throw new Refusal(502, 'fetch_failed', `${url.origin} answered ${response.status} (a redirect${location ? ` to ${location}` : ''}); redirects are not followed, give the final https URL`, { status: response.status, location });
    }
    if (response.status !== 200) {
      throw new Refusal(502, 'fetch_failed', `${url} answered HTTP ${response.status}, not 200 with the pack; check the URL`, { status: response.status });
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(await response.arrayBuffer());
  } catch (error) {
    throw mapFailure(error, url, maxBytes, timeoutMs);
  } finally {
    await guarded.close();
  }
}

function checkUrl(raw: string, allowHttpLocalhost: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refusal(400, 'url_not_allowed', `url: "${raw}" is not a URL; give https://host/path/pack.yaml`, [{ path: 'url', message: 'not a URL' }]);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) {
    if (allowHttpLocalhost) return url;
    throw new Refusal(400, 'url_not_allowed', `url: plain http is refused; for a pack served on this machine pass --allow-http-localhost (CLI) or set LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST=true (API)`, [{ path: 'url', message: 'http needs the localhost flag' }]);
  }
  if (url.protocol === 'http:') {
    throw new Refusal(400, 'url_not_allowed', `url: plain http is refused (the pack could be changed in transit); use https://${url.host}${url.pathname}`, [{ path: 'url', message: 'must be https' }]);
  }
  throw new Refusal(400, 'url_not_allowed', `url: the ${url.protocol} scheme is not supported; packs are fetched over https only`, [{ path: 'url', message: 'must be https' }]);
}

function mapFailure(error: unknown, url: URL, maxBytes: number, timeoutMs: number): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof StepError && error.code === 'address_blocked') {
    return new Refusal(403, 'address_blocked', `cannot fetch ${url}: ${error.message}`, error.details);
  }
  const e = error as Error;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new Refusal(504, 'fetch_timeout', `${url} did not deliver the pack within ${timeoutMs / 1000} s; check the server or try again`, { timeoutMs });
  }
  if (/is larger than \d+ bytes/.test(e?.message ?? '')) {
    return new Refusal(413, 'pack_too_large', `the pack at ${url} is larger than ${maxBytes} bytes (the limit for a pack); it was not read further`, { maxBytes });
  }
  return new Refusal(502, 'fetch_failed', `cannot fetch ${url}: ${e?.message ?? String(error)}`, { cause: (e as { code?: string })?.code ?? null });
}
