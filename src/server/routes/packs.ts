import type { PlanLimits } from '../../metering/plan-limits.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { roleAllows } from '../../auth/permissions.ts';
import type { StepRegistry } from '../../engine/step-registry.ts';
import { exportPack, type ExportOptions } from '../../packs/export-pack.ts';
import { fetchPackText } from '../../packs/import/fetch-pack.ts';
import { importPack } from '../../packs/import/import-pack.ts';
import type { PackCatalog } from '../../packs/pack-catalog.ts';
import { probeEndpoints } from '../../packs/import/probe-endpoints.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import type { Database } from '../../store/schema.ts';
import { actingIn, principalOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';
import { exportQuerySchema, importBodySchema, importResultSchema } from './pack-import-schemas.ts';
import { SECRET_WRITE_PERMISSION } from './secrets.ts';
import type { PublicUrl } from '../public-url.ts';

export interface PackRoutesOptions {
  db: Kysely<Database>;
  registry: StepRegistry;
  audit: AuditLog;
  /** Writes the secrets an import is given, inside the import's transaction. */
  secrets: SecretStore;
  /** LEVQOR_OUTBOUND_ALLOW and LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST, for imports by URL. */
  outboundAllow: string[];
  allowHttpLocalhost: boolean;
  /** Proves paid packs by their publisher's signature (src/packs/pack-catalog.ts). */
  identity: Pick<PackCatalog, 'assertIdentity'>;
  publicUrl: PublicUrl;
  onWorkflowsChanged: () => void;
  /** Active workflows per plan, for imports with activate; none: not enforced. */
  limits?: PlanLimits;
}

interface ImportBody {
  url?: string;
  pack?: string;
  variables?: Record<string, unknown>;
  dry_run: boolean;
  activate: boolean;
  secrets?: Record<string, string>;
  overwrite_secrets: boolean;
}

/** Pack import (a text or a URL; a dry run returns the plan) and export of the workspace as a pack. */
export function registerPackRoutes(app: FastifyInstance, o: PackRoutesOptions): void {
  app.post('/api/v1/packs/import', {
    config: { permission: 'admin' },
    // A 1 MiB pack is a little larger once JSON-escaped.
    bodyLimit: 3 * 1024 * 1024,
    schema: {
      tags: ['packs'],
      operationId: 'importPack',
      summary: 'Import a pack (YAML text or https URL) into the workspace in one transaction; dry_run returns the plan only',
      body: importBodySchema,
      response: { 200: importResultSchema, 201: importResultSchema },
    },
  }, async (request, reply) => {
    const body = request.body as ImportBody;
    if ((body.url === undefined) === (body.pack === undefined)) {
      throw new HttpError(400, 'validation_failed', 'give exactly one of "url" (an https URL of the pack) and "pack" (the pack YAML text)', { details: [{ path: 'url', message: 'exactly one of url and pack' }] });
    }
    const { workspaceId, workspaceSlug, actor } = actingIn(request);
    const secrets = body.secrets ?? {};
    if (Object.keys(secrets).length > 0) assertMaySetSecrets(request);
    const text = body.url !== undefined ? await fetchPackText(body.url, { outboundAllow: o.outboundAllow, allowHttpLocalhost: o.allowHttpLocalhost }) : body.pack!;
    const result = await importPack(o.db, o.registry, {
      workspace: { id: workspaceId, slug: workspaceSlug },
      text,
      source: body.url ?? 'api',
      identity: o.identity,
      variables: body.variables ?? {},
      activate: body.activate,
      dryRun: body.dry_run,
      secrets,
      overwriteSecrets: body.overwrite_secrets,
      secretStore: o.secrets,
      publicUrl: o.publicUrl(),
      actor: `${actor.type}:${actor.label ?? actor.id}`,
      auditActor: actor,
      limits: o.limits,
    });
    if (body.dry_run) return { dryRun: true, importId: null, plan: result.plan, workflowIds: {}, secretsSet: [], checks: { workflows: [], endpoints: [] } };

    o.onWorkflowsChanged();
    // Probed through this server's own routing: the same answer an outside caller gets, without a network hop.
    const endpoints = await probeEndpoints(result.plan, async (url) => (await app.inject({ method: 'HEAD', url })).statusCode);
    reply.status(201);
    return { dryRun: false, importId: result.importId, plan: result.plan, workflowIds: result.workflowIds, secretsSet: result.secretsSet, checks: { workflows: result.checks, endpoints } };
  });

  app.get('/api/v1/packs/export', {
    config: { permission: 'admin' },
    schema: {
      tags: ['packs'],
      operationId: 'exportPack',
      summary: 'The workspace as a pack (YAML): tables, workflows, endpoints, variables; secrets only by name',
      querystring: exportQuerySchema,
      response: { 200: { type: 'string', description: 'The pack, application/yaml' } },
    },
  }, async (request, reply) => {
    const { workspaceId, actor } = actingIn(request);
    const query = request.query as { pack_id?: string; pack_name?: string; pack_version?: string };
    const options: ExportOptions = { id: query.pack_id, name: query.pack_name, version: query.pack_version };
    const { text, pack } = await exportPack(o.db, o.registry, workspaceId, options);
    await o.audit.record({ workspaceId, actor, action: 'pack.export', target: { type: 'pack', id: pack.id }, details: { version: pack.version, workflows: pack.workflows.length, tables: pack.tables.length } });
    return reply.type('application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${pack.id}.yaml"`).send(text);
  });
}

/** Setting secrets through an import needs what PUT /api/v1/secrets needs, whatever the import route asks. */
function assertMaySetSecrets(request: FastifyRequest): void {
  const p = principalOf(request);
  if (!roleAllows(p.role, SECRET_WRITE_PERMISSION)) {
    throw new HttpError(403, 'forbidden', `setting secrets needs ${SECRET_WRITE_PERMISSION} permission (as PUT /api/v1/secrets does); import without "secrets" and ask an admin to set them`, { details: [{ path: 'secrets', message: `needs ${SECRET_WRITE_PERMISSION} permission` }] });
  }
}
