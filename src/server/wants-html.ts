import type { FastifyRequest } from 'fastify';

/** The q-value the Accept header gives a media type (exact match only; absent means not listed). */
function quality(accept: string, type: string): number | undefined {
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return undefined;
}

/**
 * Whether the caller is a person's browser, which should see a page rather than JSON: it asks for
 * text/html above application/json, or it names neither and posts a form-encoded body (an HTML form).
 * API clients that ask for application/json get JSON whatever they send.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const html = quality(accept, 'text/html');
  const json = quality(accept, 'application/json');
  if (html !== undefined && html > 0 && (json === undefined || html > json)) return true;
  if (json !== undefined && json > 0) return false;
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
  return html === undefined && type === 'application/x-www-form-urlencoded';
}
