/** JSON Schemas of the template catalog and install routes (they also become the OpenAPI document). */
import { workflowSummarySchema } from './schemas.ts';

const templateVarSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    required: { type: 'boolean' },
    default: { description: 'Used when no value is given (any JSON value)' },
    example: { description: 'An example value (any JSON value)' },
  },
  required: ['name', 'description', 'required'],
} as const;

const templateSecretSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, description: { type: 'string' } },
  required: ['name', 'description'],
} as const;

const summaryProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  category: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  description: { type: 'string', description: 'Plain text with Markdown-style `code` marks' },
  trigger: { type: 'string', description: 'The trigger type: webhook, form, schedule or manual' },
  stepTypes: { type: 'array', items: { type: 'string' }, description: 'The step types the workflow uses, in order of first use' },
  inputs: {
    type: 'object',
    properties: { vars: { type: 'array', items: templateVarSchema }, secrets: { type: 'array', items: templateSecretSchema } },
    required: ['vars', 'secrets'],
  },
  installs: { type: 'integer' },
} as const;
const summaryRequired = ['id', 'name', 'category', 'tags', 'description', 'trigger', 'stepTypes', 'inputs', 'installs'];

export const templateListSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: { type: 'object', properties: summaryProperties, required: summaryRequired } },
    nextCursor: { type: ['string', 'null'] },
  },
  required: ['items', 'nextCursor'],
} as const;

export const templateDetailSchema = {
  type: 'object',
  properties: {
    ...summaryProperties,
    tables: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, description: { type: 'string' }, columns: { type: 'array', items: { type: 'object', additionalProperties: true } } },
        required: ['name', 'columns'],
      },
    },
    definition: { type: 'object', additionalProperties: true, description: 'The workflow definition install saves' },
    diagram: {
      type: 'object',
      properties: {
        nodes: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, kind: { type: 'string', description: '`trigger`, or the step type' }, label: { type: 'string' }, parent: { type: 'string', description: 'The for-each step whose block holds this step' } },
            required: ['id', 'kind', 'label'],
          },
        },
        edges: {
          type: 'array',
          items: {
            type: 'object',
            properties: { from: { type: 'string' }, to: { type: 'string' }, label: { type: 'string', description: 'A branch condition, `default`, `next` or `each item`; absent when falling through' } },
            required: ['from', 'to'],
          },
        },
      },
      required: ['nodes', 'edges'],
    },
  },
  required: [...summaryRequired, 'tables', 'definition', 'diagram'],
} as const;

export const templateInstallSchema = {
  type: 'object',
  properties: {
    templateId: { type: 'string' },
    workflow: workflowSummarySchema,
    definition: { type: 'object', additionalProperties: true },
    tables: {
      type: 'object',
      properties: { created: { type: 'array', items: { type: 'string' } }, reused: { type: 'array', items: { type: 'string' } } },
      required: ['created', 'reused'],
    },
  },
  required: ['templateId', 'workflow', 'definition', 'tables'],
} as const;
