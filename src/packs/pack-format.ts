import { z } from 'zod';
import { SIGNATURE } from './pack-signature.ts';

/** The currencies a pack can be priced in (ISO 4217). */
export const PACK_CURRENCIES = ['USD', 'GBP', 'EUR'] as const;
export type PackCurrency = (typeof PACK_CURRENCIES)[number];

const slug = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, { error: 'must be lower-case letters, digits and "-", starting with a letter' });
const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter or "_" and hold only letters, digits and "_"' });
const description = z.string().min(1).max(1000);

/** Semantic version `MAJOR.MINOR.PATCH`, optionally with `-prerelease` and `+build`. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** `sha256:` and 64 lower-case hex digits (see computePackChecksum). */
export const CHECKSUM = /^sha256:[0-9a-f]{64}$/;

export const packPriceSchema = z.strictObject({
  /** Minor units (cents/pence): 9900 is 99.00; 0 is a free pack. */
  amount: z.number().int().min(0).max(100_000_000),
  currency: z.enum(PACK_CURRENCIES),
});

export const packVariableSchema = z.strictObject({
  name: varName,
  description,
  default: z.unknown().optional(),
  required: z.boolean().default(false),
});

/** Same shape as a template's table; names and columns are checked with src/tables/columns.ts. */
export const packTableSchema = z.strictObject({
  name: z.string(),
  description: description.optional(),
  columns: z.array(z.unknown()).min(1),
});

/** A workflow of the pack; the definition goes through the real validator. */
export const packWorkflowSchema = z.strictObject({
  id: slug,
  definition: z.record(z.string(), z.unknown()),
});

/** A webhook endpoint the pack exposes: a declared workflow whose webhook trigger has this path. */
export const packEndpointSchema = z.strictObject({
  workflow: z.string().min(1),
  path: z.string().min(1),
  method: z.enum(['POST', 'GET']).default('POST'),
});

export const packFileSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).max(120),
  description: z.string().min(1).max(5000),
  version: z.string().regex(SEMVER, { error: 'must be a semantic version like 1.2.0' }),
  price: packPriceSchema,
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'tags are lower-case words with "-"' })).max(20).default([]),
  import_url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  checksum: z.string().regex(CHECKSUM, { error: 'must be "sha256:" and 64 lower-case hex digits' }).optional(),
  /** A publisher's Ed25519 signature of the canonical text (src/packs/pack-signature.ts); paid packs need one. */
  signature: z.string().regex(SIGNATURE, { error: 'must be "ed25519:<publisher>:<86 base64url characters>"' }).optional(),
  variables: z.array(packVariableSchema).default([]),
  tables: z.array(packTableSchema).default([]),
  workflows: z.array(packWorkflowSchema).min(1, 'a pack needs at least one workflow').max(100),
  endpoints: z.array(packEndpointSchema).default([]),
});

export type PackFile = z.infer<typeof packFileSchema>;
export type PackVariable = z.infer<typeof packVariableSchema>;
export type PackEndpoint = z.infer<typeof packEndpointSchema>;
