import { Refusal } from '../contracts/refusal.ts';

/** A refused table or row operation, with the HTTP status the API answers. */
export class TableError extends Refusal {
  override readonly name = 'TableError';
}
