import { Agent, fetch as undiciFetch } from 'undici';
import { checkLiteralAddress, guardedLookup, type AddressCheck, type Resolve } from './outbound-http.ts';

/** A fetch whose connections pass the outbound address policy; `close()` releases its sockets. */
export interface GuardedFetch {
  fetch(url: string, init: { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal; redirect?: 'manual' }): Promise<Response>;
  close(): Promise<void>;
}

export interface GuardedFetchOptions {
  checkAddress: AddressCheck;
  /** Responses larger than this are refused (default 1 MB). */
  maxResponseBytes?: number;
  resolve?: Resolve;
}

/**
 * Fetch for library clients that speak HTTP themselves (openid-client): the same address policy as
 * the outbound HTTP adapter (every resolved address and IP literal is checked; the socket connects to
 * the checked address), no redirects followed, and a bounded response body.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const limit = options.maxResponseBytes ?? 1024 * 1024;
  const agent = new Agent({ connect: { lookup: guardedLookup(options.checkAddress, options.resolve) }, keepAliveTimeout: 4_000 });
  return {
    async fetch(url, init) {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`only http: and https: URLs are allowed, got ${target.protocol}`);
      checkLiteralAddress(target, options.checkAddress);
      let response;
      try {
        response = await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher: agent });
      } catch (error) {
        // undici wraps connection failures (including a policy refusal from the lookup) in "fetch failed".
        const cause = (error as { cause?: unknown }).cause;
        throw cause instanceof Error ? cause : error;
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limit) {
        await response.body?.cancel();
        throw new Error(`the response from ${target.origin} is larger than ${limit} bytes`);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (response.body) {
        for await (const chunk of response.body) {
          size += chunk.byteLength;
          if (size > limit) throw new Error(`the response from ${target.origin} is larger than ${limit} bytes`);
          chunks.push(chunk);
        }
      }
      const body = [101, 204, 205, 304].includes(response.status) ? null : Buffer.concat(chunks);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
    },
    close: () => agent.close(),
  };
}
