import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { HmacPreset, HmacVerify, WebhookVerify } from '../contracts/webhook-verify.ts';
import { durationMs } from '../engine/durations.ts';

/** Why a webhook request was refused; recorded for the workspace (never the body or a secret). */
export type RefusalReason =
  | 'ip_not_allowed'
  | 'missing_header'
  | 'malformed_header'
  | 'token_mismatch'
  | 'credentials_mismatch'
  | 'signature_mismatch'
  | 'timestamp_outside_tolerance'
  | 'secret_missing';

export interface Refused {
  reason: RefusalReason;
  /** The header concerned, when one is. */
  header?: string;
}

export interface HookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received. */
  rawBody: Buffer;
  ip: string;
  now: number;
}

interface HmacSpec {
  algorithm: 'sha256' | 'sha1' | 'sha512';
  header: string;
  encoding: 'hex' | 'base64';
  prefix: string;
  payload: string;
  timestampHeader?: string;
  /** Stripe's `t=<ts>,v1=<sig>,v1=<sig>` header instead of one signature. */
  stripeHeader?: boolean;
  toleranceMs: number;
}

const FIVE_MINUTES = 5 * 60_000;

const PRESETS: Record<HmacPreset, Omit<HmacSpec, 'toleranceMs'>> = {
  stripe: { algorithm: 'sha256', header: 'stripe-signature', encoding: 'hex', prefix: '', payload: '{timestamp}.{body}', stripeHeader: true },
  github: { algorithm: 'sha256', header: 'x-hub-signature-256', encoding: 'hex', prefix: 'sha256=', payload: '{body}' },
  shopify: { algorithm: 'sha256', header: 'x-shopify-hmac-sha256', encoding: 'base64', prefix: '', payload: '{body}' },
  slack: { algorithm: 'sha256', header: 'x-slack-signature', encoding: 'hex', prefix: 'v0=', payload: 'v0:{timestamp}:{body}', timestampHeader: 'x-slack-request-timestamp' },
};

export function hmacSpec(v: HmacVerify): HmacSpec {
  const toleranceMs = v.tolerance === undefined ? FIVE_MINUTES : durationMs(v.tolerance);
  if (v.preset) return { ...PRESETS[v.preset], toleranceMs };
  return {
    algorithm: v.algorithm ?? 'sha256',
    header: v.header!.toLowerCase(),
    encoding: v.encoding ?? 'hex',
    prefix: v.prefix ?? '',
    payload: v.payload ?? '{body}',
    ...(v.timestampHeader ? { timestampHeader: v.timestampHeader.toLowerCase() } : {}),
    toleranceMs,
  };
}

/** Compared as SHA-256 digests, so neither the content nor the length of the secret shows in the time taken. */
export function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}

function single(headers: HookRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The bytes signed: the payload template with the timestamp and the raw body in place. */
function signedBytes(template: string, timestamp: string, body: Buffer): Buffer {
  const [before, after = ''] = template.split('{body}');
  return Buffer.concat([Buffer.from(before.replaceAll('{timestamp}', timestamp)), body, Buffer.from(after.replaceAll('{timestamp}', timestamp))]);
}

function checkHmac(spec: HmacSpec, secret: string, r: HookRequest): Refused | undefined {
  const value = single(r.headers, spec.header);
  if (value === undefined) return { reason: 'missing_header', header: spec.header };
  let timestamp = '';
  let given: string[];
  if (spec.stripeHeader) {
    const parts = value.split(',').map((p) => p.trim().split('='));
    timestamp = parts.find(([k]) => k === 't')?.[1] ?? '';
    given = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v);
    if (!timestamp || given.length === 0) return { reason: 'malformed_header', header: spec.header };
  } else {
    if (!value.startsWith(spec.prefix)) return { reason: 'malformed_header', header: spec.header };
    given = [value.slice(spec.prefix.length)];
    if (spec.timestampHeader) {
      const ts = single(r.headers, spec.timestampHeader);
      if (ts === undefined) return { reason: 'missing_header', header: spec.timestampHeader };
      timestamp = ts;
    }
  }
  const expected = createHmac(spec.algorithm, secret).update(signedBytes(spec.payload, timestamp, r.rawBody)).digest(spec.encoding);
  // Every candidate is compared, so the time taken does not tell which one matched.
  const matched = given.map((g) => sameText(spec.encoding === 'hex' ? g.toLowerCase() : g, expected)).includes(true);
  if (!matched) return { reason: 'signature_mismatch', header: spec.header };
  // Checked after the signature, so only a genuinely signed (but stale or early) request reports it.
  if (spec.payload.includes('{timestamp}')) {
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isFinite(seconds)) return { reason: 'malformed_header', header: spec.timestampHeader ?? spec.header };
    if (Math.abs(r.now - seconds * 1000) > spec.toleranceMs) return { reason: 'timestamp_outside_tolerance', header: spec.timestampHeader ?? spec.header };
  }
  return undefined;
}

function plainAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

function allowedAddress(ranges: readonly string[], ip: string): boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  const address = plainAddress(ip);
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function checkBasic(basic: NonNullable<WebhookVerify['basic']>, password: string, r: HookRequest): Refused | undefined {
  const value = single(r.headers, 'authorization');
  if (value === undefined) return { reason: 'missing_header', header: 'authorization' };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  if (!match) return { reason: 'malformed_header', header: 'authorization' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const pass = colon < 0 ? '' : decoded.slice(colon + 1);
  // Both compared whatever the first gives, so timing does not reveal a right user name.
  const ok = [sameText(user, basic.username), sameText(pass, password)];
  return ok.every(Boolean) ? undefined : { reason: 'credentials_mismatch', header: 'authorization' };
}

/**
 * Checks a webhook request against its trigger's `verify` block: the address first, then each check
 * given. `secrets` holds the values of the secrets the block names (a missing one refuses the request).
 */
export function checkWebhookRequest(verify: WebhookVerify, secrets: Record<string, string | undefined>, r: HookRequest): Refused | undefined {
  if (verify.ips && !allowedAddress(verify.ips, r.ip)) return { reason: 'ip_not_allowed' };
  if (verify.header) {
    const secret = secrets[verify.header.secret];
    if (secret === undefined) return { reason: 'secret_missing' };
    const value = single(r.headers, verify.header.name);
    if (value === undefined) return { reason: 'missing_header', header: verify.header.name.toLowerCase() };
    if (!sameText(value, secret)) return { reason: 'token_mismatch', header: verify.header.name.toLowerCase() };
  }
  if (verify.basic) {
    const password = secrets[verify.basic.password];
    if (password === undefined) return { reason: 'secret_missing' };
    const refused = checkBasic(verify.basic, password, r);
    if (refused) return refused;
  }
  if (verify.hmac) {
    const secret = secrets[verify.hmac.secret];
    if (secret === undefined) return { reason: 'secret_missing' };
    return checkHmac(hmacSpec(verify.hmac), secret, r);
  }
  return undefined;
}
