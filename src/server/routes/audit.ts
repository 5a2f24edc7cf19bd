import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import { workspaceOf } from '../auth/principal.ts';
import { decodeCursor, page, paginationQuerySchema } from '../pagination.ts';
import { auditEventSchema, listOf } from './account-schemas.ts';

export function registerAuditRoutes(app: FastifyInstance, audit: AuditLog): void {
  app.get('/api/v1/audit', {
    config: { permission: 'admin' },
    schema: {
      tags: ['audit'],
      summary: 'Audit events of the workspace, newest first',
      querystring: {
        type: 'object',
        properties: {
          ...paginationQuerySchema,
          action: { type: 'string', maxLength: 100, description: 'e.g. auth.login, member.role_change, api_key.create' },
          actorId: { type: 'string', format: 'uuid' },
          targetId: { type: 'string', maxLength: 200 },
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
        },
      },
      response: { 200: listOf(auditEventSchema) },
    },
  }, async (request) => {
    const q = request.query as { limit: number; cursor?: string; action?: string; actorId?: string; targetId?: string; since?: string; until?: string };
    const rows = await audit.list(
      workspaceOf(request),
      { action: q.action, actorId: q.actorId, targetId: q.targetId, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined },
      q.limit + 1,
      decodeCursor(q.cursor),
    );
    return page(rows, q.limit);
  });
}
