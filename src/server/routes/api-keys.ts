import type { FastifyInstance } from 'fastify';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../auth/permissions.ts';
import type { WorkspaceService } from '../../accounts/workspace-service.ts';
import type { ApiKeyStore } from '../../store/workspaces/api-key-store.ts';
import { actingIn, workspaceOf } from '../auth/principal.ts';
import { idParams } from './schemas.ts';
import { apiKeySchema, listOf, noContent } from './account-schemas.ts';

export function registerApiKeyRoutes(app: FastifyInstance, service: WorkspaceService, keys: ApiKeyStore): void {
  app.get('/api/v1/api-keys', { config: { permission: 'admin' }, schema: { tags: ['api-keys'], summary: 'Live API keys of the workspace (never their secret)', response: { 200: listOf(apiKeySchema) } } }, async (request) => {
    return { items: await keys.list(workspaceOf(request)), nextCursor: null };
  });

  app.post('/api/v1/api-keys', {
    config: { permission: 'admin' },
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key; the key is in this answer only',
      body: {
        type: 'object',
        required: ['name', 'scopes'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: API_KEY_SCOPES } },
          expiresAt: { type: 'string', format: 'date-time' },
        },
      },
      response: { 201: { ...apiKeySchema, required: [...apiKeySchema.required, 'key'], properties: { ...apiKeySchema.properties, key: { type: 'string', description: 'The key itself: shown this once' } } } },
    },
  }, async (request, reply) => {
    const body = request.body as { name: string; scopes: ApiKeyScope[]; expiresAt?: string };
    const { key, view } = await service.createApiKey(actingIn(request), { name: body.name, scopes: body.scopes, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null });
    reply.status(201);
    return { ...view, key };
  });

  app.delete('/api/v1/api-keys/:id', { config: { permission: 'admin' }, schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: idParams, response: { 204: noContent } } }, async (request, reply) => {
    await service.revokeApiKey(actingIn(request), (request.params as { id: string }).id);
    reply.status(204);
  });
}
