import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../auth/permissions.ts';
import type { WorkspaceService } from '../../accounts/workspace-service.ts';
import type { AccessStore } from '../../store/accounts/access-store.ts';
import type { InvitationStore } from '../../store/accounts/invitation-store.ts';
import type { MemberStore } from '../../store/accounts/member-store.ts';
import type { Role } from '../../store/schema.ts';
import type { WorkspaceStore } from '../../store/workspaces/workspace-store.ts';
import { actingIn, actorOf, principalOf, userOf, workspaceOf } from '../auth/principal.ts';
import { idParams } from './schemas.ts';
import { acceptedInvitationSchema, invitationSchema, listedWorkspaceSchema, listOf, memberSchema, noContent, workspaceSchema } from './account-schemas.ts';
import type { PublicUrl } from '../public-url.ts';

export interface WorkspaceRoutesOptions {
  service: WorkspaceService;
  workspaces: WorkspaceStore;
  access: AccessStore;
  members: MemberStore;
  invitations: InvitationStore;
  publicUrl: PublicUrl;
}

const role = { type: 'string', enum: ROLES } as const;
const userParams = { type: 'object', properties: { userId: { type: 'string', format: 'uuid' } }, required: ['userId'] } as const;

export function registerWorkspaceRoutes(app: FastifyInstance, o: WorkspaceRoutesOptions): void {
  app.get('/api/v1/workspaces', { config: { permission: 'read' }, schema: { tags: ['workspaces'], summary: 'Workspaces you can act in (an API key: its own, with the role it acts as)', response: { 200: listOf(listedWorkspaceSchema) } } }, async (request) => {
    const p = principalOf(request);
    if (p.kind === 'api_key') {
      const own = (await o.workspaces.findById(workspaceOf(request)))!;
      return { items: [{ id: own.id, slug: own.slug, name: own.name, kind: own.kind, parentSlug: null, role: p.role, via: 'api_key' }], nextCursor: null };
    }
    const items = await o.access.workspaces(p.userId!);
    // A single sign-on session sees only the workspace it is confined to.
    return { items: p.ssoWorkspaceId ? items.filter((w) => w.id === p.ssoWorkspaceId) : items, nextCursor: null };
  });

  app.post('/api/v1/workspaces', {
    config: { access: 'user' },
    schema: {
      tags: ['workspaces'],
      summary: 'Create a workspace; kind "client" creates it inside the agency named by Levqor-Workspace',
      body: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          slug: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$' },
          kind: { type: 'string', enum: ['standard', 'agency', 'client'], default: 'standard' },
        },
      },
      response: { 201: workspaceSchema },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const body = request.body as { name: string; slug?: string; kind: 'standard' | 'agency' | 'client' };
    const p = principalOf(request);
    const agency = body.kind === 'client' && p.workspaceId ? actingIn(request) : null;
    const workspace = await o.service.create(user.userId, body, agency, actorOf(request));
    reply.status(201);
    return workspace;
  });

  app.get('/api/v1/workspace', { config: { permission: 'read' }, schema: { tags: ['workspaces'], summary: 'The workspace this request acts in', response: { 200: workspaceSchema } } }, async (request) => {
    return (await o.workspaces.findById(workspaceOf(request)))!;
  });

  app.patch('/api/v1/workspace', {
    config: { permission: 'admin' },
    schema: { tags: ['workspaces'], summary: "Change the workspace's settings", body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } }, response: { 200: workspaceSchema } },
  }, async (request) => {
    await o.service.update(actingIn(request), request.body as { name?: string });
    return (await o.workspaces.findById(workspaceOf(request)))!;
  });

  app.get('/api/v1/members', { config: { permission: 'read' }, schema: { tags: ['members'], summary: 'Members of the workspace and their roles', response: { 200: listOf(memberSchema) } } }, async (request) => {
    return { items: await o.members.list(workspaceOf(request)), nextCursor: null };
  });

  app.patch('/api/v1/members/:userId', {
    config: { permission: 'admin' },
    schema: { tags: ['members'], summary: "Change a member's role", params: userParams, body: { type: 'object', required: ['role'], additionalProperties: false, properties: { role } }, response: { 200: { type: 'object', required: ['userId', 'role'], properties: { userId: { type: 'string', format: 'uuid' }, role } } } },
  }, async (request) => {
    const { userId } = request.params as { userId: string };
    await o.service.changeMember(actingIn(request), userId, (request.body as { role: Role }).role);
    return { userId, role: (request.body as { role: Role }).role };
  });

  app.delete('/api/v1/members/:userId', { config: { permission: 'admin' }, schema: { tags: ['members'], summary: 'Remove a member', params: userParams, response: { 204: noContent } } }, async (request, reply) => {
    await o.service.changeMember(actingIn(request), (request.params as { userId: string }).userId, null);
    reply.status(204);
  });

  app.get('/api/v1/invitations', { config: { permission: 'admin' }, schema: { tags: ['members'], summary: 'Pending and accepted invitations', response: { 200: listOf(invitationSchema) } } }, async (request) => {
    return { items: await o.invitations.list(workspaceOf(request)), nextCursor: null };
  });

  app.post('/api/v1/invitations', {
    config: { permission: 'admin' },
    schema: {
      tags: ['members'],
      summary: 'Invite someone by email with a role',
      body: { type: 'object', required: ['email', 'role'], additionalProperties: false, properties: { email: { type: 'string', format: 'email', maxLength: 254 }, role } },
      response: { 201: { ...invitationSchema, required: [...invitationSchema.required, 'emailSent'], properties: { ...invitationSchema.properties, emailSent: { type: 'boolean' } } } },
    },
  }, async (request, reply) => {
    const body = request.body as { email: string; role: Role };
    const { invitation, emailSent } = await o.service.invite(actingIn(request), body.email, body.role, o.publicUrl());
    reply.status(201);
    return { ...invitation, emailSent };
  });

  app.delete('/api/v1/invitations/:id', { config: { permission: 'admin' }, schema: { tags: ['members'], summary: 'Revoke a pending invitation', params: idParams, response: { 204: noContent } } }, async (request, reply) => {
    await o.service.revokeInvitation(actingIn(request), (request.params as { id: string }).id);
    reply.status(204);
  });

  app.post('/api/v1/invitations/accept', {
    config: { access: 'user' },
    schema: { tags: ['members'], summary: 'Accept an invitation sent to your email', body: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 10, maxLength: 200 } } }, response: { 200: acceptedInvitationSchema } },
  }, async (request) => {
    const user = userOf(request);
    return o.service.acceptInvitation(user, (request.body as { token: string }).token, actorOf(request));
  });
}
