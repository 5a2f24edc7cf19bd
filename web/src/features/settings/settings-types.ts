import type { paths } from '../../api/schema.ts';

type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type Workspace = Answer<'/api/v1/workspace', 'get'>;
export type Member = Answer<'/api/v1/members', 'get'>['items'][number];
export type Invitation = Answer<'/api/v1/invitations', 'get'>['items'][number];
export type ApiKey = Answer<'/api/v1/api-keys', 'get'>['items'][number];
export type Secret = Answer<'/api/v1/secrets', 'get'>['items'][number];
export type Session = Answer<'/api/v1/auth/sessions', 'get'>['items'][number];
export type AuditEvent = Answer<'/api/v1/audit', 'get'>['items'][number];
