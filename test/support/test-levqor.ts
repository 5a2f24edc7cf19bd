import pino from 'pino';
import { loadConfig, type LevqorConfig } from '../../src/config/config.ts';
import { createLevqor, type Levqor, type LevqorHooks, type LevqorRoles } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export const TEST_API_KEY = 'lvq_live_test_key_0123456789abcdefghij';
/** Master key for secrets, so no key file is created in the working directory; '' (key file) overrides it. */
export const TEST_MASTER_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export interface TestLevqor extends Levqor {
  db: TestDatabase;
  /** `inject` with the bootstrap key. */
  api(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Polls a run until it reaches one of the statuses. */
  waitForRun(runId: string, statuses?: string[], timeoutMs?: number): Promise<any>;
}

export async function startTestLevqor(
  kind: 'pglite' | 'postgres',
  options: { env?: Record<string, string>; roles?: Partial<LevqorRoles>; hooks?: LevqorHooks; database?: TestDatabase; listen?: boolean } = {},
): Promise<TestLevqor> {
  const db = options.database ?? (await createTestDatabase(kind));
  const config: LevqorConfig = loadConfig({
    LEVQOR_BOOTSTRAP_API_KEY: TEST_API_KEY,
    LEVQOR_POLL_MS: '20',
    LEVQOR_LEASE_MS: '5000',
    PORT: '0',
    // The suites call services on 127.0.0.1; an explicit '' (nothing allowed) overrides this.
    LEVQOR_OUTBOUND_ALLOW: '127.0.0.1',
    LEVQOR_MASTER_KEY: TEST_MASTER_KEY,
    // Suites make hundreds of calls a minute from one key and IP; test/rate-limits.test.ts turns limits on.
    LEVQOR_RATE_LIMITS: '{"enabled":false}',
    // Suites invite members and activate workflows freely in trial workspaces (1 member, 5 active
    // workflows); test/plan-limits.test.ts turns the plan limits on.
    LEVQOR_PLAN_LIMITS: 'off',
    // Suites check the trial's quotas on the default workspace; test/self-hosted.test.ts leaves the default.
    LEVQOR_DEFAULT_WORKSPACE_PLAN: 'trial',
    ...options.env,
  });
  config.database = db.target;
  const levqor = await createLevqor(config, { api: true, worker: true, scheduler: false, ...options.roles }, { logger: pino({ level: 'silent' }), ...options.hooks });
  if (options.listen) await levqor.start();
  else {
    levqor.worker?.start();
    levqor.scheduler?.start();
  }
  const api: TestLevqor['api'] = async (method, url, body, headers = {}) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await levqor.server!.inject({
      method: method as 'GET',
      url,
      payload,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    });
    let parsed: unknown = response.body;
    try {
      parsed = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.statusCode, body: parsed, headers: response.headers };
  };
  const closeLevqor = levqor.close;
  return Object.assign(levqor, {
    db,
    api,
    async waitForRun(runId: string, statuses = ['succeeded', 'failed', 'cancelled'], timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { status, body } = await api('GET', `/api/v1/runs/${runId}`);
        if (status === 200 && statuses.includes(body.status)) return body;
        if (Date.now() > deadline) throw new Error(`run ${runId} did not reach ${statuses.join('/')} in ${timeoutMs} ms; last: ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await closeLevqor();
      if (!options.database) await db.dispose();
    },
  });
}
