import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import type { Template } from '../../templates/load-templates.ts';
import { TEMPLATE_CATEGORIES } from '../../templates/template-format.ts';
import { type InstallRequest, type TemplateInstaller } from '../../templates/template-installer.ts';
import { roleAllows } from '../../auth/permissions.ts';
import { cursorText, invalidCursor } from '../../contracts/list-cursor.ts';
import { actingIn, actorOf, principalOf, workspaceOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';
import type { PublicUrl } from '../public-url.ts';
import { templateDetailSchema, templateInstallSchema, templateListSchema } from './template-schemas.ts';

export interface TemplateRoutesOptions {
  /** Loads the catalog; called on first use, so start-up does not pay for parsing every template. */
  templates: () => readonly Template[];
  installer: TemplateInstaller;
  audit: AuditLog;
  /** For the installed workflow's webhook URL, as the workflow routes answer it. */
  publicUrl: PublicUrl;
  onWorkflowsChanged: () => void;
}

const summary = (t: Template, installs: number) => ({
  id: t.id,
  name: t.name,
  category: t.category,
  tags: t.tags,
  description: t.description,
  trigger: t.workflow.trigger.type,
  stepTypes: [...new Set(t.diagram.nodes.filter((n) => n.kind !== 'trigger').map((n) => n.kind))],
  inputs: t.inputs,
  installs,
});

function matches(t: Template, words: string[]): boolean {
  const text = [t.id, t.name, t.category, t.description, ...t.tags].join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = cursorText(cursor);
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(id)) throw invalidCursor('it does not name a template');
  return id;
}

/** The public template catalog and the workspace route that installs a template as a workflow. */
export function registerTemplateRoutes(app: FastifyInstance, o: TemplateRoutesOptions): void {
  let loaded: { list: readonly Template[]; byId: Map<string, Template> } | undefined;
  const catalog = () => {
    if (!loaded) {
      const list = o.templates();
      loaded = { list, byId: new Map(list.map((t) => [t.id, t])) };
    }
    return loaded;
  };
  const find = (id: string) => {
    const template = catalog().byId.get(id);
    if (!template) throw new HttpError(404, 'not_found', `template "${id}" does not exist; GET /api/templates lists them`);
    return template;
  };

  app.get('/api/templates', {
    config: { access: 'public' },
    schema: {
      tags: ['templates'],
      operationId: 'listTemplates',
      summary: 'The built-in template catalog, by id (no credentials needed)',
      security: [],
      querystring: {
        type: 'object',
        properties: {
          category: { type: 'string', enum: [...TEMPLATE_CATEGORIES] },
          tag: { type: 'string', maxLength: 40 },
          q: { type: 'string', maxLength: 200, description: 'Free text: every word must appear in the id, name, description or tags' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          cursor: { type: 'string', description: 'nextCursor from the previous page' },
        },
      },
      response: { 200: templateListSchema },
    },
  }, async (request) => {
    const query = request.query as { category?: string; tag?: string; q?: string; limit: number; cursor?: string };
    const after = decodeCursor(query.cursor);
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const selected = catalog().list.filter(
      (t) => (!query.category || t.category === query.category) && (!query.tag || t.tags.includes(query.tag.toLowerCase())) && matches(t, words) && (after === undefined || t.id > after),
    );
    const items = selected.slice(0, query.limit);
    const counts = await o.installer.counts();
    return {
      items: items.map((t) => summary(t, counts.get(t.id) ?? 0)),
      nextCursor: selected.length > query.limit ? encodeCursor(items[items.length - 1].id) : null,
    };
  });

  app.get('/api/templates/:id', {
    config: { access: 'public' },
    schema: {
      tags: ['templates'],
      operationId: 'getTemplate',
      summary: 'One template: inputs, data tables, workflow definition and diagram (nodes and edges)',
      security: [],
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
      response: { 200: templateDetailSchema },
    },
  }, async (request) => {
    const template = find((request.params as { id: string }).id);
    const counts = await o.installer.counts();
    return { ...summary(template, counts.get(template.id) ?? 0), tables: template.tables, definition: template.workflow, diagram: template.diagram };
  });

  app.post('/api/v1/templates/:id/install', {
    config: { permission: 'write' },
    schema: {
      tags: ['templates'],
      operationId: 'installTemplate',
      summary: 'Install a template as an inactive workflow of the workspace',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          vars: { type: 'object', description: 'Values of the template\'s vars (required ones must be given)' },
          secrets: { type: 'object', additionalProperties: { type: 'string' }, description: 'Use another workspace secret for a declared one: { "CRM_TOKEN": "ACME_CRM_TOKEN" }' },
          path: { type: 'string', description: 'Webhook/form path instead of the template\'s' },
          name: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      response: { 201: templateInstallSchema },
    },
  }, async (request, reply) => {
    const template = find((request.params as { id: string }).id);
    const body = (request.body ?? {}) as InstallRequest;
    const workspaceId = workspaceOf(request);
    const definition = await o.installer.prepare(workspaceId, template, body);
    const plan = await o.installer.planTables(workspaceId, template);
    const principal = principalOf(request);
    const mayCreateTables = roleAllows(principal.role, 'admin');
    if (plan.create.length > 0 && !mayCreateTables) {
      const names = plan.create.map((t) => t.name).join(', ');
      throw new HttpError(403, 'forbidden', `installing this template creates the data tables ${names}, which needs admin permission; ask an admin to install it, or to create those tables first`);
    }
    const { workflow, created, reused } = await o.installer.install(workspaceId, template, definition, body.path !== undefined, plan);
    for (const table of created) {
      await o.audit.record({ workspaceId, actor: actorOf(request), action: 'table.create', target: { type: 'table', id: table.name }, details: { columns: table.columns, templateId: template.id } });
    }
    await o.audit.record({
      workspaceId,
      actor: actorOf(request),
      action: 'template.install',
      target: { type: 'workflow', id: workflow.id },
      details: { templateId: template.id, hookPath: workflow.hookPath, vars: Object.keys(definition.vars), tablesCreated: created.map((t) => t.name), tablesReused: reused },
    });
    o.onWorkflowsChanged();
    reply.status(201);
    const hookUrl = workflow.hookPath ? `${o.publicUrl()}/hooks/${actingIn(request).workspaceSlug}/${workflow.hookPath}` : null;
    return { templateId: template.id, workflow: { ...workflow, hookUrl }, definition, tables: { created: created.map((t) => t.name), reused } };
  });
}
