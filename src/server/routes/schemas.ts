/** JSON Schemas shared by routes (they also become the OpenAPI document). */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

export const workflowSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    workspaceId: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'integer' },
    active: { type: 'boolean' },
    triggerType: { type: 'string' },
    hookPath: { type: ['string', 'null'] },
    hookUrl: { type: ['string', 'null'] },
    scheduleNextAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
} as const;
