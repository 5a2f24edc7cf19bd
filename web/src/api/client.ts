import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.ts';

const CSRF_COOKIE = 'levqor_csrf';
const WORKSPACE_KEY = 'levqor.workspace';

function cookie(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** The workspace the app acts in (its slug), remembered per browser. */
export const currentWorkspace = {
  get: (): string | null => localStorage.getItem(WORKSPACE_KEY),
  set: (slug: string | null) => (slug === null ? localStorage.removeItem(WORKSPACE_KEY) : localStorage.setItem(WORKSPACE_KEY, slug)),
};

/** Session requests echo the CSRF token on state-changing calls and name the workspace they act in. */
const sessionHeaders: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const token = cookie(CSRF_COOKIE);
      if (token) request.headers.set('x-csrf-token', decodeURIComponent(token));
    }
    const workspace = currentWorkspace.get();
    if (workspace && !request.headers.has('levqor-workspace')) request.headers.set('levqor-workspace', workspace);
    return request;
  },
};

/**
 * The address of the workspace's live event stream (GET /api/v1/events, operation streamEvents). An
 * EventSource cannot send headers, so the workspace is named in the query; the session cookie goes along.
 */
export function eventStreamUrl(): string {
  const workspace = currentWorkspace.get();
  return workspace ? `/api/v1/events?workspace=${encodeURIComponent(workspace)}` : '/api/v1/events';
}

/** The one way the app talks to the server: the public API, typed from docs/openapi.json. */
export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(sessionHeaders);

/** The API's error answer: `{ error: { code, message, details } }`. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, error: ApiError) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.details = error.details;
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiFailure carrying the server's message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = result.error as { error?: ApiError } | undefined;
    throw new ApiFailure(result.response.status, body?.error ?? { code: 'http_error', message: `the server answered ${result.response.status}` });
  }
  return result.data as T;
}
