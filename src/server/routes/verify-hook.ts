import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SECRET_REFERENCE, type TriggerDefinition } from '../../contracts/workflow.ts';
import { HttpError } from '../http-error.ts';

/** Reads one workspace secret (the secret store's `get`). */
export type SecretLookup = (workspaceId: string, name: string) => Promise<string | undefined>;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Refuses (401) a call to a webhook with `verify` whose header does not equal the named secret. The
 * same answer for a missing header, a wrong one and an unset secret: the caller learns nothing else.
 */
export async function verifyHookCall(trigger: TriggerDefinition, request: FastifyRequest, workspaceId: string, secrets: SecretLookup): Promise<void> {
  if (trigger.type !== 'webhook' || !trigger.verify) return;
  const name = SECRET_REFERENCE.exec(trigger.verify.secret)?.[1];
  const expected = name === undefined ? undefined : await secrets(workspaceId, name);
  const given = request.headers[trigger.verify.header];
  // Equal-length digests: the comparison takes the same time whatever the given value is.
  const matches = typeof given === 'string' && expected !== undefined && timingSafeEqual(digest(given), digest(expected));
  if (!matches) {
    throw new HttpError(401, 'invalid_signature', `the ${trigger.verify.header} header is missing or does not match the secret this webhook expects`);
  }
}
