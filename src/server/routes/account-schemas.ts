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

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** A list answer: these lists are not paged yet, so nextCursor is always null. */
export function listOf<T extends object>(items: T) {
  return { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items }, nextCursor: { type: ['string', 'null'] } } } as const;
}

export const workspaceSchema = {
  type: 'object',
  required: ['id', 'slug', 'name', 'kind', 'parentId'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    slug: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['standard', 'agency', 'client'] },
    parentId: { type: ['string', 'null'], description: 'The agency of a client workspace' },
    createdAt: dateTime,
  },
} as const;

export const signupResponseSchema = {
  type: 'object',
  required: ['user', 'workspace', 'csrfToken', 'verificationEmailSent'],
  properties: { user: userSchema, workspace: workspaceSchema, csrfToken: loginResponseSchema.properties.csrfToken, verificationEmailSent: { type: 'boolean' } },
} as const;

export const sessionSchema = {
  type: 'object',
  required: ['id', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt', 'current'],
  properties: { id: { type: 'string', format: 'uuid' }, ip: { type: ['string', 'null'] }, userAgent: { type: ['string', 'null'] }, createdAt: dateTime, lastSeenAt: dateTime, expiresAt: dateTime, current: { type: 'boolean', description: 'The session of this request' } },
} as const;

/** Workspaces listed for a caller: an API key sees its own, `via: "api_key"`. */
export const listedWorkspaceSchema = {
  ...accessibleWorkspaceSchema,
  properties: { ...accessibleWorkspaceSchema.properties, via: { type: 'string', enum: ['member', 'agency', 'api_key'], description: 'Own membership, through the agency, or the API key' } },
} as const;

export const memberSchema = {
  type: 'object',
  required: ['userId', 'email', 'name', 'role', 'joinedAt'],
  properties: { userId: { type: 'string', format: 'uuid' }, email: { type: 'string' }, name: { type: ['string', 'null'] }, role, joinedAt: dateTime },
} as const;

export const invitationSchema = {
  type: 'object',
  required: ['id', 'email', 'role', 'createdAt', 'expiresAt', 'acceptedAt'],
  properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' }, role, createdAt: dateTime, expiresAt: dateTime, acceptedAt: nullableDateTime },
} as const;

export const acceptedInvitationSchema = {
  type: 'object',
  required: ['workspace', 'role'],
  properties: { workspace: { type: 'object', required: ['id', 'slug', 'name'], properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'string' } } }, role },
} as const;

export const apiKeySchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'createdBy'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the key, to recognise it' },
    scopes: { type: 'array', items: { type: 'string' } },
    createdAt: dateTime,
    expiresAt: nullableDateTime,
    lastUsedAt: nullableDateTime,
    createdBy: { type: ['string', 'null'], description: 'The member whose role caps the key' },
  },
} as const;

export const auditEventSchema = {
  type: 'object',
  required: ['id', 'workspaceId', 'actor', 'action', 'target', 'ip', 'userAgent', 'details', 'createdAt'],
  properties: {
    id: { type: 'string' },
    workspaceId: { type: ['string', 'null'] },
    actor: { type: 'object', required: ['type', 'id', 'label'], properties: { type: { type: 'string' }, id: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } } },
    action: { type: 'string' },
    target: { anyOf: [{ type: 'object', required: ['type', 'id'], properties: { type: { type: 'string' }, id: { type: 'string' } } }, { type: 'null' }] },
    ip: { type: ['string', 'null'] },
    userAgent: { type: ['string', 'null'] },
    details: { description: 'What the action changed; its shape depends on the action' },
    createdAt: dateTime,
  },
} as const;

/** 204: no body. */
export const noContent = { type: 'null', description: 'No content' } as const;
