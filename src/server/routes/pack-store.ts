import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { DEFAULT_LINK_TTL_MS, signDownload, verifyDownload } from '../../packs/download-links.ts';
import { formatPrice } from '../../packs/load-pack.ts';
import type { CatalogPack } from '../../packs/pack-catalog.ts';
import { assertPackEntitled, listPackEntitlements, recordPackEvent } from '../../packs/pack-entitlements.ts';
import { notConfigured } from '../../billing/billing-error.ts';
import type { BillingCheckout } from '../../billing/stripe/checkout.ts';
import type { Database } from '../../store/schema.ts';
import { asHttp } from './billing.ts';
import { sessionAnswer } from './billing-schemas.ts';
import { downloadLinkSchema, entitlementListSchema, packListSchema, packSummarySchema } from './pack-store-schemas.ts';
import { principalOf, workspaceOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';
import type { PublicUrl } from '../public-url.ts';

export interface PackStoreRoutesOptions {
  db: Kysely<Database>;
  /** The packs shipped with Levqor, loaded on first use. */
  catalog: () => Map<string, CatalogPack>;
  /** Signs download links (derived from the master key, so every process agrees). */
  linkKey: Buffer;
  linkTtlMs?: number;
  publicUrl: PublicUrl;
  /** Stripe Checkout; undefined when billing is not configured. */
  checkout: BillingCheckout | undefined;
  now?: () => number;
}

const packIdParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

const summary = ({ pack }: CatalogPack) => ({
  id: pack.id,
  name: pack.name,
  description: pack.description,
  version: pack.version,
  price: { ...pack.price, display: formatPrice(pack.price) },
  tags: pack.tags,
  checksum: pack.checksum ?? null,
  workflows: pack.workflows.map((w) => w.id),
  tables: pack.tables.map((t) => t.name),
  endpoints: pack.endpoints.map((e) => `${e.method} ${e.path}`),
  variables: pack.variables.map((v) => ({ name: v.name, description: v.description, required: v.required, ...(v.default === undefined ? {} : { default: v.default }) })),
});

/** Who did it, as recorded in pack_events. */
export function actorName(request: FastifyRequest): string {
  const p = principalOf(request);
  return p.kind === 'api_key' ? `api_key:${p.keyName ?? p.keyId}` : `user:${p.email}`;
}

/** The pack catalog, entitlements and signed, expiring downloads (docs/packs.md, "Paid packs"). */
export function registerPackStoreRoutes(app: FastifyInstance, o: PackStoreRoutesOptions): void {
  const now = o.now ?? Date.now;
  const ttl = o.linkTtlMs ?? DEFAULT_LINK_TTL_MS;
  const find = (id: string) => {
    const entry = o.catalog().get(id);
    if (!entry) throw new HttpError(404, 'not_found', `pack "${id}" does not exist; GET /api/packs lists them`);
    return entry;
  };

  app.get('/api/packs', {
    config: { access: 'public' },
    schema: { tags: ['packs'], operationId: 'listPacks', summary: 'The packs on offer, with prices (no credentials needed)', security: [], response: { 200: packListSchema } },
  }, async () => ({ items: [...o.catalog().values()].map(summary) }));

  app.get('/api/packs/:id', {
    config: { access: 'public' },
    schema: { tags: ['packs'], operationId: 'getPack', summary: 'One pack: metadata, price, what it creates', security: [], params: packIdParams, response: { 200: packSummarySchema } },
  }, async (request) => summary(find((request.params as { id: string }).id)));

  app.get('/api/v1/packs/entitlements', {
    config: { permission: 'read' },
    schema: { tags: ['packs'], summary: 'The paid packs this workspace may import (granted or bought)', response: { 200: entitlementListSchema } },
  }, async (request) => {
    const items = await listPackEntitlements(o.db, workspaceOf(request));
    return { items: items.map((e) => ({ pack_id: e.packId, source: e.source, granted_by: e.grantedBy, created_at: e.createdAt.toISOString() })) };
  });

  app.post('/api/v1/packs/:id/download-link', {
    config: { permission: 'read' },
    schema: { tags: ['packs'], operationId: 'createPackDownloadLink', summary: 'A signed link to download the pack file, valid for a short time; paid packs need an entitlement', params: packIdParams, response: { 201: downloadLinkSchema } },
  }, async (request, reply) => {
    const { pack } = find((request.params as { id: string }).id);
    const workspaceId = workspaceOf(request);
    await assertPackEntitled(o.db, workspaceId, pack);
    const expires = now() + ttl;
    const query = signDownload(o.linkKey, { packId: pack.id, version: pack.version, workspaceId, expires });
    reply.status(201);
    return { url: `${o.publicUrl()}/api/packs/${pack.id}/download?${query}`, expires_at: new Date(expires).toISOString() };
  });

  app.post('/api/v1/packs/:id/checkout', {
    config: { permission: 'admin' },
    schema: { tags: ['packs'], summary: 'Start a Stripe Checkout to buy a paid pack; the pack is granted when Stripe reports it paid', params: packIdParams, response: { 200: sessionAnswer } },
  }, async (request) => {
    const { pack } = find((request.params as { id: string }).id);
    const workspaceId = workspaceOf(request);
    const held = await o.db.selectFrom('pack_entitlements').select('pack_id').where('workspace_id', '=', workspaceId).where('pack_id', '=', pack.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (held) throw new HttpError(409, 'already_entitled', `this workspace already holds pack "${pack.id}"; import it (POST /api/v1/packs/import)`);
    return asHttp(() => {
      if (!o.checkout) throw notConfigured();
      return o.checkout.packCheckout(workspaceId, pack, o.publicUrl());
    });
  });

  app.get('/api/packs/:id/download', {
    config: { access: 'public' },
    schema: {
      tags: ['packs'],
      operationId: 'downloadPack',
      summary: 'Download a pack file through a signed link (from POST /api/v1/packs/{id}/download-link)',
      security: [],
      params: packIdParams,
      querystring: {
        type: 'object',
        properties: { version: { type: 'string', maxLength: 64 }, workspace: { type: 'string', maxLength: 64 }, expires: { type: 'string', maxLength: 20 }, signature: { type: 'string', maxLength: 100 } },
      },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const check = verifyDownload(o.linkKey, id, request.query as Record<string, string | undefined>, now());
    if (!check.ok) throw new HttpError(check.code === 'link_expired' ? 410 : 403, check.code, check.message);
    const { pack, text } = find(id);
    if (pack.version !== check.grant.version) {
      throw new HttpError(410, 'version_replaced', `the link is for version ${check.grant.version}, which was replaced by ${pack.version}; ask for a new link`);
    }
    // Entitlement again: a link outlives neither a revoked grant nor a deleted workspace.
    const workspace = await o.db.selectFrom('workspaces').select('id').where('id', '=', check.grant.workspaceId).executeTakeFirst();
    if (!workspace) throw new HttpError(410, 'workspace_gone', 'the workspace this link was issued to no longer exists');
    await assertPackEntitled(o.db, check.grant.workspaceId, pack);
    await recordPackEvent(o.db, { workspaceId: check.grant.workspaceId, packId: pack.id, kind: 'download', actor: 'signed_link', version: pack.version });
    reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${pack.id}-${pack.version}.yaml"`).header('cache-control', 'private, no-store');
    return text;
  });
}
