import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { KEPT_REFUSALS, WebhookRefusals } from '../../store/workflows/webhook-refusals.ts';
import type { WorkflowStore } from '../../store/workflows/workflow-store.ts';
import { workspaceOf } from '../auth/principal.ts';
import { notFound } from '../http-error.ts';
import { idParams } from './schemas.ts';

const refusalSchema = {
  type: 'object',
  required: ['at', 'reason', 'header', 'method', 'source_ip', 'version'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    reason: { type: 'string', description: 'ip_not_allowed, missing_header, malformed_header, token_mismatch, credentials_mismatch, signature_mismatch, timestamp_outside_tolerance or secret_missing' },
    header: { type: ['string', 'null'], description: 'The header concerned, when one is' },
    method: { type: 'string' },
    source_ip: { type: 'string' },
    version: { type: 'integer', description: 'The workflow version whose verify block refused it' },
  },
} as const;

/** The webhook requests a workflow's `verify` block refused, newest first (docs/workflows.md). */
export function registerWebhookRefusalRoutes(app: FastifyInstance, o: { db: Kysely<Database>; workflows: WorkflowStore }): void {
  const refusals = new WebhookRefusals(o.db);
  app.get('/api/v1/workflows/:id/webhook-refusals', {
    config: { permission: 'read' },
    schema: {
      tags: ['workflows'],
      summary: `The last ${KEPT_REFUSALS} webhook requests refused by the trigger's verify block, newest first (reason and source, never the body)`,
      params: idParams,
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: refusalSchema } } } },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const workspaceId = workspaceOf(request);
    if (!(await o.workflows.get(workspaceId, id))) throw notFound('workflow', id);
    const items = await refusals.recent(workspaceId, id);
    return { items: items.map((r) => ({ at: r.at.toISOString(), reason: r.reason, header: r.header, method: r.method, source_ip: r.sourceIp, version: r.version })) };
  });
}
