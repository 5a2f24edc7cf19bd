/**
 * A request refused for a reason the caller can act on, with the HTTP status the API answers it with
 * and a code and details in the API error shape. Any layer may throw one (tables, templates, billing,
 * packs); the server's error handler answers it as it is, so no route has to translate it.
 */
export class Refusal extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
