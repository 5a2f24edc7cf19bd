import { isIP } from 'node:net';
import { z } from 'zod';

/** HMAC presets: each sets the header, algorithm, encoding, prefix, signed payload and timestamp. */
export const HMAC_PRESETS = ['stripe', 'github', 'shopify', 'slack'] as const;
export type HmacPreset = (typeof HMAC_PRESETS)[number];

/** Same rule as workspace secret names (src/secrets/secret-store.ts): a reference, never a value. */
const secretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must name a workspace secret (upper-case letters, digits and "_", e.g. STRIPE_WEBHOOK_SECRET); set its value with PUT /api/v1/secrets/<name>, never in the definition');

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name like X-Signature');

const tolerance = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'expected a duration like "30s" or "5m"'),
]);

/** An address or CIDR range: 203.0.113.7, 203.0.113.0/24, 2001:db8::/32. */
export function cidrProblem(value: string): string | undefined {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address ?? '');
  const max = family === 4 ? 32 : 128;
  const bad = `"${value}" is not an IP address or CIDR range like 203.0.113.0/24 or 2001:db8::/32`;
  if (family === 0 || extra !== undefined) return bad;
  if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)) return `${bad} (the prefix length must be 0 to ${max})`;
  return undefined;
}

const HMAC_FIELDS = ['algorithm', 'header', 'encoding', 'prefix', 'payload', 'timestampHeader'] as const;

export const hmacVerifySchema = z
  .strictObject({
    preset: z.enum(HMAC_PRESETS).optional(),
    secret: secretName,
    algorithm: z.enum(['sha256', 'sha1', 'sha512']).optional(),
    header: headerName.optional(),
    encoding: z.enum(['hex', 'base64']).optional(),
    /** Text before the signature in the header, e.g. `sha256=`. */
    prefix: z.string().min(1).max(50).optional(),
    /** What is signed: `{body}` (the raw body, the default) with `{timestamp}` and fixed text around it. */
    payload: z.string().min(1).max(200).optional(),
    timestampHeader: headerName.optional(),
    /** How far the signed timestamp may be from now (default 5m). */
    tolerance: tolerance.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.preset !== undefined) {
      for (const field of HMAC_FIELDS) {
        if (v[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is set by preset "${v.preset}"; drop it, or drop the preset and describe the signature yourself` });
      }
      return;
    }
    if (v.header === undefined) ctx.addIssue({ code: 'custom', path: ['header'], message: `required: the header carrying the signature (or use a preset: ${HMAC_PRESETS.join(', ')})` });
    if (v.payload !== undefined && !v.payload.includes('{body}')) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'must contain {body}, the raw request body' });
    const timed = v.payload?.includes('{timestamp}') ?? false;
    if (timed && v.timestampHeader === undefined) ctx.addIssue({ code: 'custom', path: ['timestampHeader'], message: 'required: payload uses {timestamp}, so name the header that carries it' });
    if (!timed && v.timestampHeader !== undefined) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'must contain {timestamp} when timestampHeader is set (e.g. "{timestamp}.{body}"), or the timestamp is not signed' });
    if (!timed && v.tolerance !== undefined) ctx.addIssue({ code: 'custom', path: ['tolerance'], message: 'applies only to a signed timestamp; add timestampHeader and {timestamp} to payload, or drop it' });
  });

/**
 * Who may start a webhook run (docs/workflows.md, "Verifying webhooks"). Every check given must pass;
 * secrets are named, their values read from the workspace's encrypted secrets at request time.
 */
export const webhookVerifySchema = z
  .strictObject({
    /** A header whose value must equal a secret (a shared token). */
    header: z.strictObject({ name: headerName, secret: secretName }).optional(),
    hmac: hmacVerifySchema.optional(),
    basic: z.strictObject({ username: z.string().min(1).max(200), password: secretName }).optional(),
    /** Addresses or CIDR ranges the request must come from. */
    ips: z
      .array(z.string().max(60).superRefine((v, ctx) => {
        const problem = cidrProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }))
      .min(1)
      .max(100)
      .optional(),
  })
  .refine((v) => v.header || v.hmac || v.basic || v.ips, { message: 'give at least one of header, hmac, basic or ips (or drop verify)' });

export type WebhookVerify = z.infer<typeof webhookVerifySchema>;
export type HmacVerify = z.infer<typeof hmacVerifySchema>;

/** The workspace secrets a verify block reads, by name. */
export function verifySecretNames(verify: unknown): string[] {
  if (verify === null || typeof verify !== 'object') return [];
  const v = verify as Record<string, Record<string, unknown> | undefined>;
  return [v.header?.secret, v.hmac?.secret, v.basic?.password].filter((name): name is string => typeof name === 'string');
}
