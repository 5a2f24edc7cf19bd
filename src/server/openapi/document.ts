/**
 * The @fastify/swagger options: the document's frame (servers, security schemes, the one error schema)
 * and the request bodies whose documentation differs from what the route validates.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { errorSchema } from '../routes/schemas.ts';
import { errorResponses } from './error-responses.ts';
import { workflowDefinitionJsonSchema } from './workflow-definition-schema.ts';

type Json = Record<string, any>;

/** Routes that read a workflow definition as JSON or YAML (validated by the definition reader, not the route schema). */
const DEFINITION_BODIES = new Set(['POST /api/v1/workflows', 'POST /api/v1/workflows/validate', 'PUT /api/v1/workflows/:id']);

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const text = (media: string[], description: string) => ({ description, content: Object.fromEntries(media.map((m) => [m, { schema: { type: 'string' } }])) });
const redirect = (description: string) => ({ type: 'null', description, headers: { location: { type: 'string', description: 'Where to go next' } } });

/**
 * Answers that are not JSON (files, metrics, redirects), documented here: a response schema on the
 * route itself would have Fastify serialise the body as JSON.
 */
const DOCUMENTED_ANSWERS: Record<string, Json> = {
  'GET /metrics': { 200: text(['text/plain'], 'Prometheus text exposition format') },
  'GET /api/v1/runs/export': { 200: text(['application/x-ndjson', 'text/csv'], 'One run per line (format=jsonl) or per CSV row (format=csv)') },
  'GET /api/v1/audit/export': { 200: text(['application/x-ndjson', 'text/csv'], 'One audit event per line (format=jsonl) or per CSV row (format=csv)') },
  'GET /api/v1/events': { 200: text(['text/event-stream'], 'Server-sent events: `event: <name>` and `data: <JSON>` per event, comment lines as heartbeats') },
  'GET /api/packs/:id/download': { 200: text(['application/yaml'], 'The pack file') },
  'GET /api/v1/auth/sso/:workspace/start': { 302: redirect("To the identity provider's sign-in page") },
  'GET /api/v1/auth/sso/callback': { 302: redirect('Signed in: to the path given at start (or back to sign-in with an error)') },
};

function transform({ schema, url, route }: { schema: Json; url: string; route: Json }): { schema: Json; url: string } {
  const methods: string[] = Array.isArray(route.method) ? route.method : [route.method];
  if (schema && DEFINITION_BODIES.has(`${methods[0]} ${url}`)) {
    return {
      url,
      schema: {
        ...schema,
        body: {
          description: 'The workflow definition, as JSON or as YAML text of the same shape',
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/WorkflowDefinition' } },
            'application/yaml': { schema: { type: 'string', description: 'YAML text of a WorkflowDefinition' } },
          },
        },
      },
    };
  }
  const answers = DOCUMENTED_ANSWERS[`${methods[0]} ${url}`];
  if (schema && answers) return { url, schema: { ...schema, response: { ...schema.response, ...answers } } };
  if (url === '/hooks/:workspace/*') {
    // The path after the workspace is the trigger's path (one to five segments), named for the document.
    return {
      url: '/hooks/:workspace/:path',
      schema: {
        ...schema,
        params: {
          type: 'object',
          required: ['workspace', 'path'],
          properties: { workspace: { type: 'string', description: 'Workspace slug' }, path: { type: 'string', description: "The trigger's path; may contain /" } },
        },
        // Documentation only: the route itself has no response schema, as a workflow may answer anything.
        response: {
          200: { description: "A sync webhook's answer: the workflow's response step, or the run's output" },
          202: { description: 'Accepted: the run is queued (or held by the run quota)', type: 'object', additionalProperties: true, properties: { runId: { type: 'string' }, status: { type: 'string' } } },
          ...errorResponses(402, 404, 405, 409, 413, 429, 503),
          500: { ...errorSchema, description: 'The sync run failed (run_failed)' },
          504: { ...errorSchema, description: 'The sync run did not answer in time (sync_timeout); it continues' },
        },
      },
    };
  }
  return { schema, url };
}

function transformObject({ openapiObject }: { openapiObject: Json }): Json {
  openapiObject.servers = [{ url: '/', description: 'This server' }];
  openapiObject.components ??= {};
  openapiObject.components.schemas = { ...openapiObject.components.schemas, Error: errorSchema, WorkflowDefinition: workflowDefinitionJsonSchema };
  for (const item of Object.values(openapiObject.paths ?? {}) as Json[]) {
    for (const operation of Object.values(item) as Json[]) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
        if (/^[45]/.test(status) && response.content?.['application/json']) response.content['application/json'].schema = ERROR_REF;
      }
    }
  }
  return openapiObject;
}

export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    info: { title: 'Levqor API', version: '1', description: 'Workflow automation: workflows, runs, triggers.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API key (lvq_live_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'levqor_session', description: 'The session cookie set by sign-in (POST /api/v1/auth/login)' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The csrfToken from sign-in; a session sends it on every state-changing request' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'LEVQOR_METRICS_TOKEN' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  },
  transform: transform as unknown as FastifyDynamicSwaggerOptions['transform'],
  transformObject: transformObject as unknown as FastifyDynamicSwaggerOptions['transformObject'],
};
