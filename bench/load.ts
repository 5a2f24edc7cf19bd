import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  accepted: number;
  errors: number;
  non2xx: number;
}

/** Drives one URL with autocannon for a bounded time on loopback. */
export async function load(url: string, body: string, connections: number, durationSeconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: durationSeconds,
  });
  return {
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    accepted: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
