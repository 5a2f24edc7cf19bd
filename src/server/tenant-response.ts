import type { SyncResponse } from '../engine/run-types.ts';
import { isSendableHeader } from '../steps/respond.ts';

/**
 * Headers a tenant's respond step never sends, whatever its definition says (versions saved before the
 * respond step refused some of them, or a header name computed at run time):
 * cookies would be set on Levqor's origin; hop-by-hop and framing headers belong to the connection and
 * are computed by the server (a wrong content-length or transfer-encoding corrupts the answer);
 * Location comes only from a declared `redirect`; the security headers are the server's; and a
 * header Node cannot send (a line break in its value) would abort the answer halfway.
 */
const SERVER_OWNED = new Set([
  'set-cookie', 'set-cookie2',
  'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length',
  'location',
  'content-security-policy', 'content-security-policy-report-only', 'x-content-type-options', 'x-frame-options', 'referrer-policy',
]);

function serverOwned(name: string): boolean {
  const lower = name.toLowerCase();
  return SERVER_OWNED.has(lower) || lower.startsWith('proxy-');
}

/** The headers to send for a respond step's answer: the tenant's, less the server's own, plus a declared redirect. */
export function tenantResponseHeaders(response: SyncResponse): Record<string, string> {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name, value]) => !serverOwned(name) && isSendableHeader(name, value)));
  if (response.redirect !== undefined && response.status >= 300 && response.status < 400) headers.location = response.redirect;
  return headers;
}

