import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import { formatIssues } from '../../engine/definition/definition-issue.ts';
import { readDefinition } from '../../engine/definition/read-definition.ts';
import type { StepRegistry } from '../../engine/step-registry.ts';
import { nextSlot } from '../../queue/schedule-slots.ts';
import type { RunStarter } from '../../queue/start-run.ts';
import type { WorkflowSummary } from '../../store/workflows/workflow-rows.ts';
import { HookPathTakenError, WorkflowStore } from '../../store/workflows/workflow-store.ts';
import type { Kysely } from 'kysely';
import type { PlanLimits } from '../../metering/plan-limits.ts';
import { inTransaction } from '../../store/in-transaction.ts';
import type { Database } from '../../store/schema.ts';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import { actorOf, workspaceOf } from '../auth/principal.ts';
import { HttpError, notFound } from '../http-error.ts';
import { decodeCursor, page, paginationQuerySchema } from '../pagination.ts';
import { idParams, workflowSummarySchema } from './schemas.ts';
import { workflowDetailSchema, workflowPageSchema, workflowViewSchema } from './workflow-schemas.ts';
import { workflowRunStats } from '../../store/workflows/workflow-run-stats.ts';
import { heldBody } from './hooks.ts';
import type { PublicUrl } from '../public-url.ts';

export interface WorkflowRoutesOptions {
  db: Kysely<Database>;
  /** Active workflows per plan; none: not enforced. */
  limits?: PlanLimits;
  audit: AuditLog;
  workflows: WorkflowStore;
  registry: StepRegistry;
  starter: RunStarter;
  publicUrl: PublicUrl;
  onWorkflowsChanged: () => void;
}

const definitionBody = {
  description: 'The workflow definition itself, as JSON (application/json) or YAML (application/yaml).',
  type: ['object', 'string'],
} as const;

export function registerWorkflowRoutes(app: FastifyInstance, o: WorkflowRoutesOptions): void {
  const view = (request: FastifyRequest, w: WorkflowSummary, workspaceSlug: string) => ({
    ...w,
    hookUrl: w.hookPath ? `${o.publicUrl()}/hooks/${workspaceSlug}/${w.hookPath}` : null,
  });
  const read = (request: FastifyRequest) => {
    const format = /yaml/.test(String(request.headers['content-type'] ?? '')) ? 'yaml' : undefined;
    const result = readDefinition(request.body, o.registry, format);
    if (!result.ok) {
      throw new HttpError(422, 'validation_failed', `the workflow definition is not valid: ${formatIssues(result.errors).join('; ')}`, { details: result.errors });
    }
    return result;
  };
  const pathTaken = (error: unknown): never => {
    if (error instanceof HookPathTakenError) throw new HttpError(409, 'hook_path_taken', `${error.message}; choose another trigger.path or delete that workflow`);
    throw error;
  };

  app.post('/api/v1/workflows', { config: { permission: 'write' }, schema: { tags: ['workflows'], summary: 'Create a workflow (version 1)', body: definitionBody, response: { 201: workflowSummarySchema } } }, async (request, reply) => {
    const { definition, source } = read(request);
    const created = await o.workflows.create(workspaceOf(request), definition, source).catch(pathTaken);
    reply.status(201);
    return view(request, created, request.principal!.workspaceSlug!);
  });

  app.post('/api/v1/workflows/validate', { config: { permission: 'read' }, schema: { tags: ['workflows'], summary: 'Validate a definition without saving it', body: definitionBody } }, async (request) => {
    const format = /yaml/.test(String(request.headers['content-type'] ?? '')) ? 'yaml' : undefined;
    const result = readDefinition(request.body, o.registry, format);
    return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors };
  });

  app.get('/api/v1/workflows', {
    config: { permission: 'read' },
    schema: {
      tags: ['workflows'],
      operationId: 'listWorkflows',
      summary: 'List workflows, newest first, each with its last run and recent success rate',
      querystring: {
        type: 'object',
        properties: { ...paginationQuerySchema, q: { type: 'string', maxLength: 200, description: 'Only workflows whose name contains this text (any case)' } },
      },
      response: { 200: workflowPageSchema },
    },
  }, async (request) => {
    const query = request.query as { limit: number; cursor?: string; q?: string };
    const workspaceId = workspaceOf(request);
    const rows = await o.workflows.list(workspaceId, query.limit + 1, decodeCursor(query.cursor), query.q?.trim() || undefined);
    const result = page(rows, query.limit);
    const stats = await workflowRunStats(o.db, workspaceId, result.items.map((w) => w.id));
    const none = { lastRunAt: null, lastRunStatus: null, successRate: null, finishedRuns: 0 };
    return { items: result.items.map((w) => ({ ...view(request, w, request.principal!.workspaceSlug!), ...(stats.get(w.id) ?? none) })), nextCursor: result.nextCursor };
  });

  app.get('/api/v1/workflows/:id', { config: { permission: 'read' }, schema: { tags: ['workflows'], operationId: 'getWorkflow', summary: 'Get a workflow with its current definition', params: idParams, response: { 200: workflowDetailSchema } } }, async (request) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    const workflow = await o.workflows.get(workspaceId, id);
    if (!workflow) throw notFound('workflow', id);
    const version = await o.workflows.version(workspaceId, id, workflow.version);
    return { ...view(request, workflow, request.principal!.workspaceSlug!), definition: version?.definition };
  });

  app.put('/api/v1/workflows/:id', { config: { permission: 'write' }, schema: { tags: ['workflows'], summary: 'Save a new version of a workflow', params: idParams, body: definitionBody } }, async (request) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    const { definition, source } = read(request);
    const updated = await o.workflows.update(workspaceId, id, definition, source).catch(pathTaken);
    if (!updated) throw notFound('workflow', id);
    const result = updated.active ? await o.workflows.setActive(workspaceId, id, true, scheduleStart(definition)) : updated;
    o.onWorkflowsChanged();
    return view(request, result ?? updated, request.principal!.workspaceSlug!);
  });

  app.delete('/api/v1/workflows/:id', { config: { permission: 'write' }, schema: { tags: ['workflows'], operationId: 'deleteWorkflow', summary: 'Delete a workflow (its run history is kept)', params: idParams, response: { 204: { type: 'null', description: 'Deleted' } } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    if (!(await o.workflows.delete(workspaceId, id))) throw notFound('workflow', id);
    await o.audit.record({ workspaceId, actor: actorOf(request), action: 'workflow.delete', target: { type: 'workflow', id } });
    o.onWorkflowsChanged();
    reply.status(204);
  });

  for (const active of [true, false]) {
    app.post(`/api/v1/workflows/:id/${active ? 'activate' : 'deactivate'}`, { config: { permission: 'write' }, schema: { tags: ['workflows'], operationId: active ? 'activateWorkflow' : 'deactivateWorkflow', summary: active ? 'Activate: start listening to its trigger' : 'Deactivate: stop listening to its trigger', params: idParams, response: { 200: workflowViewSchema } } }, async (request) => {
      const { id } = request.params as { id: string };
      const workspaceId = workspaceOf(request);
      // One transaction with the workspace row locked: two activations at the limit cannot both pass.
      const { workflow, updated } = await inTransaction(o.db, async (tx) => {
        const store = new WorkflowStore(tx);
        if (active) await o.limits?.lock(tx, workspaceId);
        const workflow = await store.get(workspaceId, id);
        if (!workflow) throw notFound('workflow', id);
        if (active && !workflow.active) await o.limits?.assertRoom(tx, workspaceId, 'activeWorkflows');
        const version = await store.version(workspaceId, id, workflow.version);
        return { workflow, updated: await store.setActive(workspaceId, id, active, active && version ? scheduleStart(version.definition) : null) };
      });
      await o.audit.record({ workspaceId, actor: actorOf(request), action: active ? 'workflow.activate' : 'workflow.deactivate', target: { type: 'workflow', id }, details: { version: workflow.version } });
      o.onWorkflowsChanged();
      return view(request, updated!, request.principal!.workspaceSlug!);
    });
  }

  app.get('/api/v1/workflows/:id/versions', { config: { permission: 'read' }, schema: { tags: ['workflows'], summary: 'List the versions of a workflow, newest first', params: idParams } }, async (request) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    if (!(await o.workflows.get(workspaceId, id))) throw notFound('workflow', id);
    return { items: await o.workflows.versions(workspaceId, id), nextCursor: null };
  });

  app.get('/api/v1/workflows/:id/versions/:version', {
    config: { permission: 'read' },
    schema: { tags: ['workflows'], summary: 'Get one version with its definition and original text', params: { type: 'object', properties: { id: idParams.properties.id, version: { type: 'integer', minimum: 1 } }, required: ['id', 'version'] } },
  }, async (request) => {
    const { id, version } = request.params as { id: string; version: number };
    const found = await o.workflows.version(workspaceOf(request), id, version);
    if (!found) throw notFound('workflow version', `${id}@${version}`);
    return found;
  });

  app.post('/api/v1/workflows/:id/run', {
    config: { permission: 'write' },
    schema: {
      tags: ['runs'],
      summary: 'Run a workflow now (active or not) with the body as input',
      description: 'When the monthly run quota is used up the run is stored held: status quota_exceeded, with a message and the reset date.',
      params: idParams,
      response: { 202: { type: 'object', properties: { runId: { type: 'string' }, status: { type: 'string', enum: ['quota_exceeded'] }, message: { type: 'string' }, reset_date: { type: 'string', format: 'date-time' } } } },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    const workflow = await o.workflows.get(workspaceId, id);
    if (!workflow) throw notFound('workflow', id);
    const idempotencyKey = request.headers['idempotency-key'];
    const started = await o.starter.startAsync({
      workspaceId,
      workflowId: id,
      version: workflow.version,
      trigger: { type: 'manual', body: request.body ?? null, headers: {}, query: {} },
      dedupeKey: typeof idempotencyKey === 'string' ? `manual:${idempotencyKey.slice(0, 200)}` : null,
    });
    reply.status(202);
    return started.hold ? heldBody(started.runId, started.hold) : { runId: started.runId };
  });
}

/** First slot for a schedule being activated; other triggers have none. */
function scheduleStart(definition: WorkflowDefinition): Date | null {
  return definition.trigger.type === 'schedule' ? nextSlot(definition.trigger.cron, definition.trigger.timezone, new Date()) : null;
}
