import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { verifySecretNames } from '../contracts/webhook-verify.ts';
import type { TriggerDefinition } from '../contracts/workflow.ts';
import { RESERVED_SECRET_NAMES } from '../secrets/secret-store.ts';
import type { Database } from '../store/schema.ts';
import { WebhookRefusals } from '../store/workflows/webhook-refusals.ts';
import { HttpError } from './http-error.ts';
import { checkWebhookRequest } from './webhook-signatures.ts';

/** The raw bytes of each hook request's body, kept by the hook body parsers for signature checks. */
const rawBodies = new WeakMap<FastifyRequest, Buffer>();
const EMPTY = Buffer.alloc(0);

/**
 * The hook context's body parsers: every body is read as bytes and kept as received (an HMAC is over
 * the exact bytes), then parsed as before: JSON with the default parser, forms into fields, anything
 * else as text.
 */
export function installHookBodyParsers(app: FastifyInstance, bodyLimit: number, form: (text: string) => unknown): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    rawBodies.set(req, body as Buffer);
    json(req, (body as Buffer).toString('utf8'), done);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    rawBodies.set(req, body as Buffer);
    done(null, form((body as Buffer).toString('utf8')));
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    rawBodies.set(req, body as Buffer);
    done(null, (body as Buffer).toString('utf8'));
  });
}

export interface WebhookGuardOptions {
  db: Kysely<Database>;
  secrets: { get(workspaceId: string, name: string): Promise<string | undefined> };
  now?: () => number;
}

export interface HookTarget {
  workspace_id: string;
  id: string;
  current_version: number;
}

const REFUSED_MESSAGE = 'the request could not be verified, so no run was started; the workspace can see why in its webhook refusals';

/**
 * Checks a webhook request against its trigger's `verify` block (docs/workflows.md, "Verifying
 * webhooks"). A refused request is recorded for the workspace and answered 401 with a message that
 * does not say which check failed; nothing is started or counted.
 */
export function createWebhookGuard(o: WebhookGuardOptions) {
  const refusals = new WebhookRefusals(o.db);
  const now = o.now ?? Date.now;
  return async (request: FastifyRequest, target: HookTarget, trigger: TriggerDefinition): Promise<void> => {
    if (trigger.type !== 'webhook' || !trigger.verify) return;
    const secrets: Record<string, string | undefined> = {};
    for (const name of verifySecretNames(trigger.verify)) {
      secrets[name] = RESERVED_SECRET_NAMES.has(name) ? undefined : await o.secrets.get(target.workspace_id, name);
    }
    const refused = checkWebhookRequest(trigger.verify, secrets, { headers: request.headers, rawBody: rawBodies.get(request) ?? EMPTY, ip: request.ip, now: now() });
    if (!refused) return;
    await refusals.record({ workspaceId: target.workspace_id, workflowId: target.id, version: target.current_version, reason: refused.reason, header: refused.header, method: request.method, sourceIp: request.ip });
    throw new HttpError(401, 'webhook_unverified', REFUSED_MESSAGE);
  };
}

export type WebhookGuard = ReturnType<typeof createWebhookGuard>;
