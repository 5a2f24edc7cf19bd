import type { FastifyError, FastifyInstance } from 'fastify';
import { AccountError } from '../accounts/account-service.ts';
import { Refusal } from '../contracts/refusal.ts';
import { isDatabaseUnavailable } from '../store/database-unavailable.ts';

/** A refusal raised by a route, with response headers (Retry-After, RateLimit-*, WWW-Authenticate). */
export class HttpError extends Refusal {
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, options: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(status, code, message, options.details);
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `${what} "${id}" was not found in this workspace`);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Seconds a client is told to wait when the database is restarting or failing over. */
export const DATABASE_RETRY_AFTER_S = 2;

export function databaseUnavailableBody(): ErrorBody {
  return errorBody(
    'database_unavailable',
    `the database cannot take this request right now (it may be restarting, failing over or full), so nothing was recorded; send the request again after ${DATABASE_RETRY_AFTER_S} s (for runs, with the same Idempotency-Key, so a retry does not start a second run)`,
    { retryAfterSeconds: DATABASE_RETRY_AFTER_S },
  );
}

/** Maps every thrown error to `{ error: { code, message, details } }` with the right status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Refusal, request, reply) => {
    if (error instanceof Refusal) {
      if (error instanceof HttpError) reply.headers(error.headers);
      if (error instanceof AccountError && error.retryAfterMs) reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.keyword === 'enum' ? `must be one of: ${(v.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : (v.message ?? 'invalid'),
      }));
      return reply.status(400).send(errorBody('validation_failed', `invalid request ${error.validationContext ?? 'body'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(errorBody('payload_too_large', `the request body is larger than the limit of ${request.routeOptions.bodyLimit ?? 'the configured'} bytes; send a smaller body`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(errorBody('unsupported_media_type', `content type "${request.headers['content-type'] ?? ''}" is not accepted here; use application/json${request.url.includes('/workflows') ? ' or application/yaml' : ''}`));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(errorBody('invalid_json', `the body is not valid JSON: ${error.message}`));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody(String(error.code ?? 'bad_request').toLowerCase(), error.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_S)).send(databaseUnavailableBody());
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'an internal error occurred; it was logged. Try again, and report it if it persists.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
