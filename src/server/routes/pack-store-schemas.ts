/** Response schemas of the pack catalog and download routes (src/server/routes/pack-store.ts). */
const strings = { type: 'array', items: { type: 'string' } } as const;

export const packSummarySchema = {
  type: 'object',
  required: ['id', 'name', 'description', 'version', 'price', 'tags', 'checksum', 'workflows', 'tables', 'endpoints', 'variables'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    version: { type: 'string' },
    price: {
      type: 'object',
      required: ['amount', 'currency', 'display'],
      properties: { amount: { type: 'integer', description: 'Minor units (cents); 0 is free' }, currency: { type: 'string' }, display: { type: 'string', description: 'e.g. "99.00 USD" or "free"' } },
    },
    tags: strings,
    checksum: { type: ['string', 'null'] },
    workflows: { ...strings, description: 'Ids of the workflows it creates' },
    tables: { ...strings, description: 'Names of the data tables it creates' },
    endpoints: { ...strings, description: '"METHOD path" of the webhooks it creates' },
    variables: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'required'],
        properties: { name: { type: 'string' }, description: { type: 'string' }, required: { type: 'boolean' }, default: { description: 'Used when the importer gives no value' } },
      },
    },
  },
} as const;

export const packListSchema = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: packSummarySchema } } } as const;

export const entitlementListSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pack_id', 'source', 'granted_by', 'created_at'],
        properties: { pack_id: { type: 'string' }, source: { type: 'string', enum: ['grant', 'purchase'] }, granted_by: { type: ['string', 'null'] }, created_at: { type: 'string', format: 'date-time' } },
      },
    },
  },
} as const;

export const downloadLinkSchema = {
  type: 'object',
  required: ['url', 'expires_at'],
  properties: { url: { type: 'string', description: 'GET it without credentials before it expires' }, expires_at: { type: 'string', format: 'date-time' } },
} as const;
