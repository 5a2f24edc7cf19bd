import type { FastifyInstance } from 'fastify';
import type { Permission } from '../../auth/permissions.ts';
import { RESERVED_SECRET_NAMES, secretNameProblem, SecretValidationError, type SecretStore } from '../../secrets/secret-store.ts';
import type { AuditLog } from '../../store/audit/audit-log.ts';
import { actorOf, workspaceOf } from '../auth/principal.ts';
import { cursorText, invalidCursor } from '../../contracts/list-cursor.ts';
import { HttpError } from '../http-error.ts';
import { paginationQuerySchema } from '../pagination.ts';
import { noContent } from './account-schemas.ts';

const nameParams = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Upper-case letters, digits and _, starting with a letter; at most 64 (e.g. API_TOKEN)' } },
  required: ['name'],
} as const;

/** What the API shows of a secret. Never its value: the response schema drops anything else. */
const secretSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['name', 'createdAt', 'updatedAt'],
  additionalProperties: false,
} as const;

const putBody = {
  type: 'object',
  properties: { value: { type: 'string', description: 'The secret value (at most 64 KB); it is never returned' } },
  required: ['value'],
  additionalProperties: false,
} as const;

function invalid(path: string, message: string): HttpError {
  return new HttpError(400, 'validation_failed', message, { details: [{ path, message }] });
}

function checkName(name: string): void {
  const problem = secretNameProblem(name);
  if (problem) throw invalid('params.name', problem);
  if (RESERVED_SECRET_NAMES.has(name)) throw invalid('params.name', `secret name "${name}" is reserved: Levqor manages it (the single sign-on client secret, set with PUT /api/v1/sso); choose another name`);
}

/** What writing a secret needs: PUT /api/v1/secrets/:name, and a pack import that sets secrets. */
export const SECRET_WRITE_PERMISSION: Permission = 'admin';

/** Workspace secrets for `{{ secrets.NAME }}`: names and dates are readable, values only writable. */
export interface SecretRoutesOptions {
  secrets: SecretStore;
  /** Records `secret.create`, `secret.update` and `secret.delete` (the name, never the value). */
  audit?: AuditLog;
}

export function registerSecretRoutes(app: FastifyInstance, { secrets, audit }: SecretRoutesOptions): void {
  app.get('/api/v1/secrets', {
    config: { permission: 'read' },
    schema: {
      tags: ['secrets'],
      summary: 'List the workspace\'s secrets by name (names and dates only; values are never returned)',
      querystring: { type: 'object', properties: paginationQuerySchema },
      response: { 200: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: secretSchema }, nextCursor: { type: ['string', 'null'] } } } },
    },
  }, async (request) => {
    const q = request.query as { limit: number; cursor?: string };
    let after: string | undefined;
    if (q.cursor !== undefined) {
      after = cursorText(q.cursor);
      if (secretNameProblem(after)) throw invalidCursor('it does not name a secret');
    }
    const rows = await secrets.list(workspaceOf(request), { limit: q.limit + 1, after });
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? Buffer.from(last.name).toString('base64url') : null };
  });

  app.put('/api/v1/secrets/:name', {
    config: { permission: SECRET_WRITE_PERMISSION },
    schema: {
      tags: ['secrets'],
      summary: 'Create (201) or replace (200) a secret; workflows read it as {{ secrets.NAME }}',
      params: nameParams,
      body: putBody,
      response: { 200: secretSchema, 201: secretSchema },
    },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    checkName(name);
    const { value } = request.body as { value: string };
    const workspaceId = workspaceOf(request);
    try {
      const saved = await secrets.put(workspaceId, name, value);
      await audit?.record({ workspaceId, actor: actorOf(request), action: saved.created ? 'secret.create' : 'secret.update', target: { type: 'secret', id: name } });
      reply.status(saved.created ? 201 : 200);
      return { name: saved.name, createdAt: saved.createdAt, updatedAt: saved.updatedAt };
    } catch (error) {
      if (error instanceof SecretValidationError) throw invalid(error.field === 'name' ? 'params.name' : 'body.value', error.message);
      throw error;
    }
  });

  app.delete('/api/v1/secrets/:name', {
    config: { permission: 'admin' },
    schema: { tags: ['secrets'], summary: 'Delete a secret (runs that use it fail to resolve it)', params: nameParams, response: { 204: noContent } },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    checkName(name);
    const workspaceId = workspaceOf(request);
    if (!(await secrets.delete(workspaceId, name))) throw new HttpError(404, 'not_found', `secret "${name}" was not found in this workspace`);
    await audit?.record({ workspaceId, actor: actorOf(request), action: 'secret.delete', target: { type: 'secret', id: name } });
    reply.status(204);
  });
}
