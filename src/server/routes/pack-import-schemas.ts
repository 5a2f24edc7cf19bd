/** JSON Schemas of the pack catalog, import and export routes (they also become the OpenAPI document). */

const columnSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, type: { type: 'string' }, required: { type: 'boolean' }, unique: { type: 'boolean' } },
} as const;

export const importBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048, description: 'https URL of the pack (http://localhost only with LEVQOR_PACK_IMPORT_ALLOW_HTTP_LOCALHOST)' },
    pack: { type: 'string', minLength: 1, maxLength: 1024 * 1024, description: 'The pack YAML text itself (instead of url)' },
    variables: { type: 'object', additionalProperties: true, description: 'Values of the pack\'s variables: { "jobApiUrl": "https://jobs.example.com" }' },
    dry_run: { type: 'boolean', default: false, description: 'Only compute and return the plan; nothing is changed' },
    activate: { type: 'boolean', default: false, description: 'Activate the imported workflows (their endpoints answer only when active)' },
    secrets: {
      type: 'object',
      maxProperties: 100,
      additionalProperties: { type: 'string' },
      description: 'Values of secrets the pack\'s workflows read, set in the import\'s transaction: { "JOB_API_TOKEN": "…" }. Needs the permission of PUT /api/v1/secrets; values are never returned or recorded',
    },
    overwrite_secrets: { type: 'boolean', default: false, description: 'Replace secrets the workspace already has (otherwise they are kept)' },
  },
} as const;

export const importPlanSchema = {
  type: 'object',
  properties: {
    pack: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, version: { type: 'string' }, checksum: { type: 'string' } } },
    workspace: { type: 'object', properties: { id: { type: 'string' }, slug: { type: 'string' } } },
    variables: { type: 'object', additionalProperties: true },
    tables: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, action: { type: 'string', enum: ['create', 'add_columns', 'unchanged'] }, columns: { type: 'array', items: columnSchema } } },
    },
    workflows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          action: { type: 'string', enum: ['create', 'update', 'unchanged'] },
          workflowId: { type: ['string', 'null'] },
          matchedBy: { type: ['string', 'null'], enum: ['pack', 'name', null] },
          fromVersion: { type: ['integer', 'null'] },
          toVersion: { type: 'integer' },
          hookPath: { type: ['string', 'null'] },
          replaces: {
            type: ['object', 'null'],
            description: "Set when an update replaces a definition the pack did not write (edited since the last import, or a same-named workflow); earlier versions stay in the workflow's history",
            properties: { reason: { type: 'string', enum: ['edited_since_import', 'not_from_this_pack'] }, importedVersion: { type: 'integer' } },
          },
          active: { type: 'boolean' },
        },
      },
    },
    endpoints: {
      type: 'array',
      items: { type: 'object', properties: { workflow: { type: 'string' }, method: { type: 'string' }, path: { type: 'string' }, url: { type: 'string' } } },
    },
    secrets: {
      type: 'array',
      description: 'Each secret the workflows read (never its value): present or missing, or, when a value was given, create, replace or kept',
      items: { type: 'object', properties: { name: { type: 'string' }, present: { type: 'boolean' }, status: { type: 'string', enum: ['present', 'missing', 'create', 'replace', 'kept'] } } },
    },
  },
} as const;

export const importResultSchema = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean' },
    importId: { type: ['string', 'null'] },
    plan: importPlanSchema,
    workflowIds: { type: 'object', additionalProperties: { type: 'string' }, description: 'Pack workflow id → workspace workflow id' },
    secretsSet: { type: 'array', items: { type: 'string' }, description: 'Names of the secrets created or replaced' },
    checks: {
      type: 'object',
      properties: {
        workflows: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, workflowId: { type: 'string' }, version: { type: 'integer' }, valid: { type: 'boolean' }, errors: { type: 'array', items: { type: 'string' } } } },
        },
        endpoints: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              workflow: { type: 'string' },
              method: { type: 'string' },
              url: { type: 'string' },
              result: { type: 'string', enum: ['reachable', 'not_found', 'unreachable', 'skipped'] },
              detail: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

export const exportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pack_id: { type: 'string', maxLength: 63, description: 'Pack id (default: the workspace slug)' },
    pack_name: { type: 'string', minLength: 1, maxLength: 120, description: 'Pack name (default: "<workspace name> export")' },
    pack_version: { type: 'string', maxLength: 64, description: 'Semantic version (default 1.0.0)' },
  },
} as const;

