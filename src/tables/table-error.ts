/** A refused table or row operation, with the HTTP status the API answers (routes map it to HttpError). */
export class TableError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'TableError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
