import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WorkflowDefinition } from '../../contracts/workflow.ts';
import { durationMs } from '../../engine/durations.ts';
import type { QuotaHold } from '../../queue/run-admission.ts';
import type { RunStarter } from '../../queue/start-run.ts';
import type { VersionCache } from '../../queue/version-cache.ts';
import type { RunAnswer } from '../../queue/wait-for-run.ts';
import type { HookRouteCache } from '../../store/workflows/hook-route-cache.ts';
import { DATABASE_RETRY_AFTER_S, HttpError, errorBody } from '../http-error.ts';
import { installHookBodyParsers, type WebhookGuard } from '../webhook-guard.ts';
import { renderForm, renderThankYou } from './render-form.ts';
import { wantsHtml } from '../wants-html.ts';
import { allowFormSubmission } from '../security-headers.ts';
import { tenantResponseHeaders } from '../tenant-response.ts';

export interface HookRoutesOptions {
  routes: HookRouteCache;
  versions: VersionCache;
  starter: RunStarter;
  bodyLimit: number;
  /** Checks a trigger's `verify` block; refuses with 401 (src/server/webhook-guard.ts). */
  guard: WebhookGuard;
  /** When sync webhooks are shed (sustained Critical load): the seconds to wait before retrying, else undefined. */
  shedSyncSeconds?: () => number | undefined;
}

/** Headers never stored with a run: they carry the caller's credentials. */
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const MAX_IDEMPOTENCY_KEY = 200;

/** Webhook and form triggers: `/hooks/:workspace/:path`. Registered in its own context for its body parsers. */
export async function hookRoutes(app: FastifyInstance, o: HookRoutesOptions): Promise<void> {
  installHookBodyParsers(app, o.bodyLimit, formToObject);

  /** Pack import checks its endpoints with it (src/packs/import/probe-endpoints.ts). */
  const probe = async (request: FastifyRequest, reply: FastifyReply) => {
    const { workspace, '*': path } = request.params as { workspace: string; '*': string };
    const found = await o.routes.find(workspace, path.replace(/\/+$/, ''));
    const trigger = found?.active ? (await o.versions.get(found.workspace_id, found.id, found.current_version)).trigger : undefined;
    if (trigger?.type !== 'webhook' && trigger?.type !== 'form') {
      throw new HttpError(404, 'hook_not_found', `no active workflow listens on /hooks/${workspace}/${path}; check the path and activate the workflow`);
    }
    return reply.status(204).header('allow', (trigger.type === 'form' ? ['GET', 'POST'] : trigger.methods).join(', ')).send();
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { workspace, '*': path } = request.params as { workspace: string; '*': string };
    const found = await o.routes.find(workspace, path.replace(/\/+$/, ''));
    if (!found || !found.active) {
      throw new HttpError(404, 'hook_not_found', `no active workflow listens on /hooks/${workspace}/${path}; check the path and activate the workflow`);
    }
    const definition = await o.versions.get(found.workspace_id, found.id, found.current_version);
    const trigger = definition.trigger;
    if (trigger.type !== 'webhook' && trigger.type !== 'form') throw new HttpError(404, 'hook_not_found', `no active workflow listens on /hooks/${workspace}/${path}`);
    if (trigger.type === 'form' && request.method === 'GET') {
      return allowFormSubmission(reply).type('text/html; charset=utf-8').send(renderForm(trigger, definition.name, request.url));
    }
    if (trigger.type === 'webhook' && !trigger.methods.includes(request.method as 'GET' | 'POST')) {
      throw new HttpError(405, 'method_not_allowed', `this webhook accepts ${trigger.methods.join(', ')}; add "${request.method}" to trigger.methods to allow it`, { headers: { allow: trigger.methods.join(', ') } });
    }
    await o.guard(request, found, trigger);
    const key = request.headers['idempotency-key'];
    if (typeof key === 'string' && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
      throw new HttpError(400, 'invalid_idempotency_key', `the Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
    }
    const run = {
      workspaceId: found.workspace_id,
      workflowId: found.id,
      version: found.current_version,
      trigger: {
        type: trigger.type,
        method: request.method,
        path,
        // A verify `header` carries the secret itself: it is dropped like the caller's credentials.
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !DROPPED_HEADERS.has(name) && !(trigger.type === 'webhook' && name === trigger.verify?.header?.name.toLowerCase()))),
        query: request.query ?? {},
        body: request.body ?? null,
        receivedAt: new Date().toISOString(),
      },
      dedupeKey: typeof key === 'string' ? `hook:${key}` : null,
    };
    if (trigger.type === 'form' || trigger.respond === 'async') {
      // Load never refuses a run that can be committed: it is accepted and waits its turn in the queue.
      // Only a database that cannot take the write refuses it (503, the error handler).
      const started = await o.starter.startAsync(run);
      reply.header('levqor-run-id', started.runId);
      // A person sending the form from a browser sees a page, not JSON; a held run is accepted too, so
      // they see the same page (the quota is the workspace's business, not the visitor's).
      if (trigger.type === 'form' && wantsHtml(request)) {
        if (trigger.thankYou?.redirect) return reply.redirect(trigger.thankYou.redirect, 303);
        return reply.status(202).type('text/html; charset=utf-8').send(renderThankYou(trigger, definition.name, request.url));
      }
      // Accepted either way: a held run is stored and runs later, so the sender must not retry it.
      if (started.hold) return reply.status(202).send(heldBody(started.runId, started.hold));
      return reply.status(202).send({ runId: started.runId });
    }
    // A sync caller holds a connection and a run slot while it waits: under sustained Critical load it is
    // asked to come back rather than slowing every other request down.
    const shedSeconds = o.shedSyncSeconds?.();
    if (shedSeconds !== undefined) {
      throw new HttpError(503, 'overloaded', `the service is under critical load and answers sync webhooks again shortly; retry after ${shedSeconds} s (async webhooks are still accepted)`, {
        headers: { 'retry-after': String(shedSeconds) },
        details: { loadTier: 'critical', retryAfterSeconds: shedSeconds },
      });
    }
    const { runId, answer } = await o.starter.startSync(run, durationMs(trigger.timeout));
    reply.header('levqor-run-id', runId);
    return sendAnswer(reply, runId, answer, definition);
  };

  const schema = { tags: ['triggers'], summary: 'Trigger a workflow by webhook or form', hide: false };
  // Declared before GET so Fastify does not derive HEAD from the GET handler, which would start a run.
  app.head('/hooks/:workspace/*', { schema: { tags: ['triggers'], summary: 'Probe a webhook or form: 204 (and Allow) when an active workflow listens, 404 otherwise; never starts a run' } }, probe);
  app.post('/hooks/:workspace/*', { schema, bodyLimit: o.bodyLimit }, handler);
  app.get('/hooks/:workspace/*', { schema }, handler);
}

function sendAnswer(reply: FastifyReply, runId: string, answer: RunAnswer, definition: WorkflowDefinition) {
  switch (answer.kind) {
    case 'response': {
      const { status, body } = answer.response;
      const headers = tenantResponseHeaders(answer.response);
      reply.status(status).headers(headers);
      if (typeof body === 'string' && !hasContentType(headers)) reply.type('text/plain; charset=utf-8');
      return reply.send(body);
    }
    case 'ended':
      if (answer.outcome.status === 'succeeded') return reply.status(200).send(answer.outcome.output ?? null);
      if (answer.outcome.status === 'failed') {
        return reply.status(500).send(errorBody('run_failed', `the run failed${answer.outcome.error.step ? ` at step "${answer.outcome.error.step}"` : ''}: ${answer.outcome.error.message}`, { runId, ...answer.outcome.error }));
      }
      if (answer.outcome.status === 'cancelled') return reply.status(409).send(errorBody('run_cancelled', 'the run was cancelled before it answered', { runId }));
      return reply.status(202).send({ runId, status: 'waiting', message: 'the run is waiting (delay) and will answer no further; see the run for its result' });
    case 'timeout':
      return reply.status(504).send(errorBody('sync_timeout', `the run did not answer within ${definition.trigger.type === 'webhook' ? definition.trigger.timeout : ''}; it continues in the background, see GET /api/v1/runs/${runId}`, { runId }));
    case 'held':
      // The caller waited for an answer the run cannot give now; the run itself is kept and runs later.
      return reply.status(402).send(errorBody('quota_exceeded', `${answer.hold.message} The request is stored as run ${runId}; it will run when the quota allows, but this call gets no answer from it.`, { runId, ...answer.hold.details }));
    case 'held_earlier':
      return reply.status(402).send(errorBody('quota_exceeded', `this request repeats one (same Idempotency-Key) stored as run ${runId}, which is held because the workspace has used its plan's runs for this period; it will run when the quota allows (see GET /api/v1/usage), but this call gets no answer from it.`, { runId }));
    case 'abandoned':
      if (!answer.recorded) reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
      return reply.status(503).send(
        answer.recorded
          ? errorBody('run_interrupted', `the run was interrupted before it answered; a worker resumes it, see GET /api/v1/runs/${runId}`, { runId })
          : errorBody('run_not_started', 'the run could not be recorded (the server is shutting down or its database is unavailable), so nothing was done; send the request again'),
      );
  }
}

/** The 202 answer for a run held by the run quota (async webhooks, forms, manual runs). */
export function heldBody(runId: string, hold: QuotaHold) {
  return { runId, status: 'quota_exceeded' as const, message: hold.message, reset_date: hold.reset.toISOString() };
}

function hasContentType(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
}

/** Form fields; a repeated name becomes an array. */
function formToObject(body: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = result[name];
    result[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { ...result };
}
