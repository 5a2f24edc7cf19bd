import type { FastifyInstance } from 'fastify';

/** Talks to the API as a browser would: keeps the session cookie and echoes the CSRF token. */
export class SessionClient {
  readonly #server: FastifyInstance;
  cookies = new Map<string, string>();
  csrfToken: string | undefined;
  workspace: string | undefined;
  /** The peer address the server sees (inject's default is 127.0.0.1). */
  remoteAddress: string | undefined;

  constructor(server: FastifyInstance) {
    this.#server = server;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.#server.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.remoteAddress,
      payload: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...(this.workspace ? { 'levqor-workspace': this.workspace } : {}),
        'user-agent': 'session-client-test',
        ...headers,
      },
    });
    for (const cookie of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = cookie.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const parsed = response.body ? JSON.parse(response.body) : undefined;
    if (parsed?.csrfToken) this.csrfToken = parsed.csrfToken;
    return { status: response.statusCode, body: parsed, headers: response.headers };
  }

  async signup(email: string, password = 'a long enough password', workspaceName = 'Test Workspace') {
    return this.request('POST', '/api/v1/auth/signup', { email, password, workspaceName });
  }

  async login(email: string, password = 'a long enough password') {
    return this.request('POST', '/api/v1/auth/login', { email, password });
  }
}
