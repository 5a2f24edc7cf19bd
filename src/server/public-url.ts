import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** The base of the links we hand out (mails, hook URLs, SSO redirect URIs, checkout return URLs). */
export type PublicUrl = () => string;

/**
 * The configured LEVQOR_PUBLIC_URL, or else the address the server listens on. Never the request's
 * Host or X-Forwarded-* headers: whoever sends the request would choose where our links point
 * (a password-reset mail leading to their site, say), and a proxy setting must not change that.
 */
export function publicUrlOf(configured: string | undefined, app: FastifyInstance, listen: { host: string; port: number }): PublicUrl {
  const fixed = configured?.replace(/\/+$/, '');
  if (fixed) return () => fixed;
  return () => {
    // Before listening (tests drive the app with inject()), the configured address stands in.
    const address = app.server.address() as AddressInfo | string | null;
    const bound = address && typeof address === 'object' ? { host: address.address, port: address.port } : listen;
    return `http://${hostForLink(bound.host)}:${bound.port}`;
  };
}

/** A wildcard bind address is no place to send anyone: links use localhost; IPv6 literals get brackets. */
function hostForLink(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
