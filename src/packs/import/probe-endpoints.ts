import type { ImportPlan } from './import-plan.ts';

/** One endpoint checked after an import. */
export interface EndpointCheck {
  workflow: string;
  method: 'GET' | 'POST';
  url: string;
  /** reachable: the route answers for an active workflow; skipped: the workflow is inactive (its endpoint answers 404 until activated). */
  result: 'reachable' | 'not_found' | 'unreachable' | 'skipped';
  detail: string;
}

/** Sends `HEAD <path>` (`/hooks/<workspace>/<path>`) and gives the status, or throws when nothing answers. */
export type HeadProbe = (path: string) => Promise<number>;

/**
 * Probes every endpoint of an applied plan with `HEAD /hooks/<workspace>/<path>`, which answers 204 when
 * an active workflow listens there and never starts a run. Endpoints of inactive workflows are skipped.
 */
export async function probeEndpoints(plan: ImportPlan, head: HeadProbe): Promise<EndpointCheck[]> {
  const checks: EndpointCheck[] = [];
  for (const e of plan.endpoints) {
    const base = { workflow: e.workflow, method: e.method, url: e.url };
    const workflow = plan.workflows.find((w) => w.id === e.workflow);
    if (!workflow?.active) {
      checks.push({ ...base, result: 'skipped', detail: 'the workflow is inactive; activate it (--activate, or POST /api/v1/workflows/:id/activate) for the endpoint to answer' });
      continue;
    }
    const path = `/hooks/${encodeURIComponent(plan.workspace.slug)}/${e.path}`;
    try {
      const status = await head(path);
      if (status === 204) checks.push({ ...base, result: 'reachable', detail: 'HEAD answered 204' });
      else checks.push({ ...base, result: 'not_found', detail: `HEAD answered ${status}${status === 404 ? ' (a server caching routes shows a new workflow within LEVQOR_HOOK_CACHE_MS; check again)' : ''}` });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      checks.push({ ...base, result: 'unreachable', detail: `no answer: ${(error as Error).message}${cause ? ` (${cause})` : ''}` });
    }
  }
  return checks;
}

/** A probe over HTTP against a running server (the CLI), each request bounded by `timeoutMs`. */
export function httpHeadProbe(serverUrl: string, timeoutMs = 5000): HeadProbe {
  const base = serverUrl.replace(/\/+$/, '');
  return async (path) => {
    const response = await fetch(`${base}${path}`, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return response.status;
  };
}
