/**
 * The server, for component tests: openapi-fetch (api/client.ts) takes `globalThis.fetch` when the client is
 * created, so setup.ts installs this delegating fetch before any test imports the client, and each test names
 * the answers it expects. A request no handler answers fails the test instead of hanging.
 */
export type ApiHandler = (request: Request, body: unknown) => Response | Promise<Response> | undefined;

let handlers: ApiHandler[] = [];
export const requests: { method: string; path: string; body: unknown }[] = [];

export function installFetch() {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
    const body = text ? JSON.parse(text) : undefined;
    const path = new URL(request.url).pathname;
    requests.push({ method: request.method, path, body });
    for (const handler of handlers) {
      const answer = await handler(request, body);
      if (answer) return answer;
    }
    throw new Error(`no test answer for ${request.method} ${path}`);
  };
}

/** Answers `METHOD /path` with `answer` (a status and JSON body, or a function of the request body). */
export function onApi(method: string, path: string, answer: (body: unknown) => { status?: number; json: unknown }) {
  handlers.push((request, body) => {
    if (request.method !== method || new URL(request.url).pathname !== path) return undefined;
    const { status = 200, json } = answer(body);
    return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
  });
}

export function resetApi() {
  handlers = [];
  requests.length = 0;
}
