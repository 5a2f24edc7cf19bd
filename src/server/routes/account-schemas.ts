/** Response schemas of the account routes (they also type the web app's client). */
const role = { type: 'string', enum: ['owner', 'admin', 'editor', 'viewer'] } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'emailVerified'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string' },
    name: { type: ['string', 'null'] },
    emailVerified: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** A workspace the user may act in: a membership, or a client workspace of an agency they belong to. */
export const accessibleWorkspaceSchema = {
  type: 'object',
  required: ['id', 'slug', 'name', 'kind', 'parentSlug', 'role', 'via'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    slug: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['standard', 'agency', 'client'] },
    parentSlug: { type: ['string', 'null'], description: 'The agency of a client workspace' },
    role,
    via: { type: 'string', enum: ['member', 'agency'], description: 'Own membership, or through the agency' },
  },
} as const;

export const loginResponseSchema = {
  type: 'object',
  required: ['user', 'workspaces', 'csrfToken'],
  properties: {
    user: userSchema,
    workspaces: { type: 'array', items: accessibleWorkspaceSchema },
    csrfToken: { type: 'string', description: 'Send it back in the X-CSRF-Token header of state-changing requests' },
  },
} as const;

export const meResponseSchema = {
  type: 'object',
  required: ['user', 'workspaces', 'currentWorkspace', 'role', 'csrfToken'],
  properties: {
    user: userSchema,
    workspaces: { type: 'array', items: accessibleWorkspaceSchema },
    currentWorkspace: { type: ['string', 'null'], description: 'Slug of the workspace this request acts in' },
    role: { anyOf: [role, { type: 'null' }] },
    csrfToken: { type: ['string', 'null'] },
  },
} as const;
