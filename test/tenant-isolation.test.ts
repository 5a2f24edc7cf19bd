import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { generateApiKey, hashApiKey } from '../src/store/workspaces/workspace-store.ts';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { apiOperations, combinations, exampleOf, fillPath, type ApiOperation, type JsonSchema, type OpenApiDocument } from './support/openapi-walk.ts';
import { SessionClient } from './support/session-client.ts';
import { packStoreEnv, testPublisher } from './support/pack-store.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Tenant isolation (issue 3, point 5). Workspace A is set up richly; workspace B then walks every
 * operation of the OpenAPI document under /api/v1 with its admin API key and its session, with A's ids
 * in the path. The walk is generic: what is hard-coded below is only which kind of A id goes into which
 * path parameter, and the routes that are exempt by design (with the reason).
 */

type IdKind = 'workflow' | 'run' | 'apiKey' | 'invitation' | 'user' | 'secret' | 'session' | 'version' | 'table' | 'tableRow' | 'workspaceSlug' | 'workspaceId';

/** Path parameters of known routes → the kind of A's id put in them. */
const PATH_PARAMETER_KINDS: { path: RegExp; param: string; kind: IdKind }[] = [
  { path: /^\/api\/v1\/workflows\/\{id\}\/versions\/\{version\}$/, param: 'version', kind: 'version' },
  { path: /^\/api\/v1\/workflows\/\{id\}(\/|$)/, param: 'id', kind: 'workflow' },
  { path: /^\/api\/v1\/runs\/\{id\}(\/|$)/, param: 'id', kind: 'run' },
  { path: /^\/api\/v1\/api-keys\/\{id\}(\/|$)/, param: 'id', kind: 'apiKey' },
  { path: /^\/api\/v1\/invitations\/\{id\}(\/|$)/, param: 'id', kind: 'invitation' },
  { path: /^\/api\/v1\/members\/\{userId\}(\/|$)/, param: 'userId', kind: 'user' },
  { path: /^\/api\/v1\/secrets\/\{name\}(\/|$)/, param: 'name', kind: 'secret' },
  { path: /^\/api\/v1\/auth\/sessions\/\{id\}(\/|$)/, param: 'id', kind: 'session' },
  { path: /^\/api\/v1\/tables\/\{name\}\/rows\/\{id\}(\/|$)/, param: 'id', kind: 'tableRow' },
  { path: /^\/api\/v1\/tables\/\{name\}(\/|$)/, param: 'name', kind: 'table' },
];

/**
 * Path parameters naming an entry of a built-in catalog shared by every workspace (not workspace data):
 * walked with a real entry; B's request may act in B's own workspace only, so it must not answer 404.
 */
const CATALOG_PARAMETERS: { path: RegExp; param: string; value: string; reason: string }[] = [
  { path: /^\/api\/v1\/templates\/\{id\}\/install$/, param: 'id', value: 'web-form-lead-to-crm', reason: "installs a built-in template into the caller's own workspace" },
  { path: /^\/api\/v1\/packs\/\{id\}\/(download-link|checkout)$/, param: 'id', value: 'automation-pro', reason: "a download link to, or a purchase of, a paid pack of the store for the caller's own workspace (refused here: B holds no entitlement, and billing is not configured)" },
];

/** Parameters whose name says what they hold, on any route. */
const PARAMETER_NAME_KINDS: Record<string, IdKind> = {
  workflowId: 'workflow',
  runId: 'run',
  apiKeyId: 'apiKey',
  keyId: 'apiKey',
  invitationId: 'invitation',
  userId: 'user',
  memberId: 'user',
  actorId: 'user',
  sessionId: 'session',
  version: 'version',
  secretName: 'secret',
  workspace: 'workspaceSlug',
  workspaceSlug: 'workspaceSlug',
  slug: 'workspaceSlug',
  workspaceId: 'workspaceId',
};

/** List filters that take an A id: B filtering by one must get an empty list. */
const QUERY_FILTER_KINDS: Record<string, IdKind> = { ...PARAMETER_NAME_KINDS, targetId: 'workflow' };

/** For a parameter no rule covers: the kind named by the path segment before it (the test still fails). */
const PLAUSIBLE_KINDS: [RegExp, IdKind][] = [
  [/workflow/, 'workflow'],
  [/rows/, 'tableRow'],
  [/table/, 'table'],
  [/run/, 'run'],
  [/key/, 'apiKey'],
  [/invitation/, 'invitation'],
  [/member|user/, 'user'],
  [/secret/, 'secret'],
  [/session/, 'session'],
  [/version/, 'version'],
  [/workspace/, 'workspaceSlug'],
];

/**
 * Bodies for operations whose schema accepts a body the route then refuses before looking anything up
 * (which would hide the authorization result behind a 4xx validation error).
 */
const BODY_OVERRIDES: Record<string, () => unknown> = {
  // The schema allows {}, the route needs at least one change.
  'PATCH /api/v1/tables/{name}': () => ({ addColumns: [{ name: 'bravo_note', type: 'text' }] }),
};

/** Routes that answer without credentials (`config.access === 'public'`), and why that is safe. */
const PUBLIC_ROUTES: { route: string | RegExp; reason: string }[] = [
  { route: 'POST /api/v1/auth/signup', reason: 'creates a new user and their own new workspace' },
  { route: 'POST /api/v1/auth/login', reason: 'the email and password are the credentials; the answer is about that account only' },
  { route: 'POST /api/v1/auth/verify-email', reason: 'the single-use emailed token is the credential' },
  { route: 'POST /api/v1/auth/password-reset', reason: 'always answers 202, so it reveals no account' },
  { route: 'POST /api/v1/auth/password-reset/confirm', reason: 'the single-use emailed token is the credential' },
  { route: 'GET /api/v1/plans', reason: 'the public price list; it holds no workspace data' },
  { route: 'POST /api/v1/billing/stripe/webhook', reason: "Stripe's signature over the raw body is the credential; the workspace comes from the signed event, never from the caller" },
  { route: 'GET /api/v1/auth/sso/{workspace}/start', reason: "starts a sign-in at the workspace's identity provider: a redirect, before anyone is signed in" },
  { route: 'GET /api/v1/auth/sso/callback', reason: "the identity provider's signed answer, bound to the browser's state cookie, is the credential" },
];

interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Record<string, unknown>;
}

interface Bravo {
  client: SessionClient;
  email: string;
  slug: string;
}

/**
 * Routes for a signed-in user whatever the workspace (`config.access === 'user'`): an API key gets 403
 * user_required; B's session gets what `expect` says. `GET /api/v1/workspaces` is not among them: it is a
 * workspace route listing the caller's workspaces (a key: its own), walked by the generic rules, and
 * the leak check makes sure A is not among B's.
 */
const USER_ROUTES: Record<string, { reason: string; last?: boolean; expect(answer: Answer, b: Bravo): void | Promise<void> }> = {
  'GET /api/v1/me': {
    reason: "the caller's own profile and workspaces",
    expect(answer, b) {
      assert.equal(answer.status, 200);
      assert.equal(answer.json.user.email, b.email);
      assert.equal(answer.json.currentWorkspace, b.slug);
    },
  },
  'GET /api/v1/auth/sessions': {
    reason: "the caller's own sessions",
    expect: (answer) => assert.equal(answer.status, 200),
  },
  'DELETE /api/v1/auth/sessions/{id}': {
    reason: "revokes one of the caller's own sessions: another user's session is not found",
    expect: (answer) => assert.equal(answer.status, 404),
  },
  'POST /api/v1/auth/verify-email/resend': {
    reason: "mails the caller's own address",
    expect: (answer) => assert.equal(answer.status, 200),
  },
  'POST /api/v1/workspaces': {
    reason: 'creates a new workspace owned by the caller',
    expect: (answer) => assert.equal(answer.status, 201),
  },
  'POST /api/v1/invitations/accept': {
    reason: "the emailed token is the credential and must have been sent to the caller's address",
    expect: (answer) => assert.deepEqual([answer.status, answer.json.error.code], [400, 'invalid_token']),
  },
  'POST /api/v1/auth/logout': {
    reason: "ends the caller's own session (walked last; B signs in again afterwards)",
    last: true,
    async expect(answer, b) {
      assert.equal(answer.status, 204);
      assert.equal((await b.client.request('GET', '/api/v1/me')).status, 401, 'the session ended');
      assert.equal((await b.client.login(b.email)).status, 200);
    },
  },
};

/**
 * Routes keyed by a name the caller picks in its own workspace: B writing A's name makes B's own entry
 * (2xx), which the walker deletes at once (204 proves it was B's); A's entry must stay as it was.
 */
const OWN_NAMESPACE_UPSERTS: Record<string, { reason: string }> = {
  'PUT /api/v1/secrets/{name}': { reason: "secret names are per workspace: B saving a secret called like A's creates B's own" },
};

function matchesRoute(route: string | RegExp, key: string): boolean {
  return typeof route === 'string' ? route === key : route.test(key);
}

/** How long an event stream (which never ends by itself) is read before the walker hangs up. */
const EVENT_STREAM_READ_MS = 300;

async function send(server: FastifyInstance, method: string, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const abort = new AbortController();
  const response = await server.inject({
    method: method as 'GET',
    url,
    payload: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'user-agent': 'tenant-walker', ...headers },
    payloadAsStream: true,
    signal: abort.signal,
  });
  const stream = response.stream();
  const chunks: Buffer[] = [];
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, EVENT_STREAM_READ_MS));
    abort.abort();
  } else {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the text is checked
  }
  return { status: response.statusCode, text, json, headers: response.headers };
}

/** The headers a browser session sends: cookies, the CSRF token and (optionally) the workspace. */
function sessionHeaders(client: SessionClient, workspace?: string): Record<string, string> {
  return {
    cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    ...(client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
    ...(workspace ? { 'levqor-workspace': workspace } : {}),
  };
}

async function waitForRun(client: SessionClient, runId: string, statuses: string[]): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { status, body } = await client.request('GET', `/api/v1/runs/${runId}`);
    if (status === 200 && statuses.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not reach ${statuses.join('/')}; last: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of databaseKinds()) {
  describe(`tenant isolation on ${kind}`, () => {
    const tag = randomBytes(4).toString('hex');
    let levqor: TestLevqor;
    let server: FastifyInstance;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let operations: ApiOperation[];
    /** Operations that answered a request without credentials (public), and that refuse API keys (user). */
    const publicOps = new Set<string>();
    const userOps = new Set<string>();
    const anonymousAnswers = new Map<string, Answer>();
    const scopelessAnswers = new Map<string, Answer>();

    // Workspace A: everything B must never see or change.
    const a = {
      owner: undefined as unknown as SessionClient,
      email: `owner-alpha-${tag}@example.com`,
      workspaceId: '',
      slug: '',
      hookPath: `alpha-${tag}-leads`,
      dormantPath: `alpha-${tag}-dormant`,
      ids: {} as Record<IdKind, string[]>,
      apiKeys: [] as string[],
      secrets: {} as Record<string, string>,
      /** Every distinctive string of A: no answer to B may contain one it was not sent. */
      strings: [] as string[],
      snapshot: undefined as unknown,
    };
    const b: Bravo & { key: string; scopelessKey: string } = { client: undefined as unknown as SessionClient, email: `owner-bravo-${tag}@example.com`, slug: '', key: '', scopelessKey: '' };

    let counter = 0;
    const unique = () => `${tag}-${++counter}`;
    /** A minimal valid body; an opaque workflow definition body gets a valid manual workflow of B's. */
    const bodyFor = (op: ApiOperation) =>
      BODY_OVERRIDES[op.key]?.() ??
      (op.body &&
      exampleOf(op.body, {
        unique,
        override: (schema: JsonSchema) =>
          /workflow definition/i.test(schema.description ?? '')
            ? { name: `Bravo walk flow ${unique()}`, trigger: { type: 'manual' }, steps: [{ id: 'noop', type: 'transform' }] }
            : undefined,
      }));

    function kindOf(op: ApiOperation, param: string): { kind: IdKind; covered: boolean } {
      if (CATALOG_PARAMETERS.some((r) => r.param === param && r.path.test(op.path))) return { kind: 'workspaceId', covered: true };
      const rule = PATH_PARAMETER_KINDS.find((r) => r.param === param && r.path.test(op.path));
      if (rule) return { kind: rule.kind, covered: true };
      if (PARAMETER_NAME_KINDS[param]) return { kind: PARAMETER_NAME_KINDS[param], covered: true };
      const segment = op.path.split(`{${param}}`)[0].split('/').filter(Boolean).pop() ?? '';
      return { kind: PLAUSIBLE_KINDS.find(([pattern]) => pattern.test(segment))?.[1] ?? 'workspaceId', covered: false };
    }

    /** One URL per combination of A's ids for the operation's path parameters. */
    function urlsFor(op: ApiOperation): string[] {
      const catalog = (p: string) => CATALOG_PARAMETERS.find((r) => r.param === p && r.path.test(op.path));
      const choices = Object.fromEntries(op.pathParams.map((p) => [p, catalog(p) ? [catalog(p)!.value] : a.ids[kindOf(op, p).kind]]));
      return combinations(choices).map((values) => fillPath(op.path, values));
    }

    /** Fails when the answer shows any of A's strings the request did not carry itself. */
    function assertNoAData(answer: Answer, request: { method: string; url: string; headers?: Record<string, string>; body?: unknown }, context: string): void {
      const sent = `${request.method} ${request.url} ${JSON.stringify(request.headers ?? {})} ${JSON.stringify(request.body ?? null)}`;
      const shown = `${answer.text}\n${JSON.stringify(answer.headers)}`;
      const leaked = a.strings.filter((s) => shown.includes(s) && !sent.includes(s));
      assert.deepEqual(leaked, [], `${context} answered ${answer.status} with A's data (${leaked.join(', ')}): ${answer.text.slice(0, 600)}`);
    }

    /** A's state as A's owner sees it, with the fields that change on their own (last seen) left out. */
    async function snapshotOfA() {
      const get = async (url: string) => {
        const { status, body } = await a.owner.request('GET', url);
        assert.equal(status, 200, `A's owner GET ${url}: ${JSON.stringify(body)}`);
        return body;
      };
      const workflows = (await get('/api/v1/workflows?limit=200')).items;
      const runs = (await get('/api/v1/runs?limit=200')).items;
      const sessions = (await get('/api/v1/auth/sessions')).items.map((s: Record<string, unknown>) => ({ ...s, lastSeenAt: undefined }));
      return JSON.parse(JSON.stringify({
        workspace: await get('/api/v1/workspace'),
        workflows,
        workflowDetails: await Promise.all(workflows.map((w: { id: string }) => get(`/api/v1/workflows/${w.id}`))),
        versions: await Promise.all(workflows.map((w: { id: string }) => get(`/api/v1/workflows/${w.id}/versions`))),
        runs,
        runDetails: await Promise.all(runs.map((r: { id: string }) => get(`/api/v1/runs/${r.id}`))),
        members: await get('/api/v1/members'),
        invitations: await get('/api/v1/invitations'),
        apiKeys: await get('/api/v1/api-keys'),
        secrets: await get('/api/v1/secrets'),
        audit: await get('/api/v1/audit?limit=200'),
        sessions,
        secretValues: await levqor.secrets.loadAll(a.workspaceId),
        tables: await Promise.all(a.ids.table.map(async (name) => [await get(`/api/v1/tables/${name}`), await get(`/api/v1/tables/${name}/rows?limit=200`)])),
      }));
    }

    before(async () => {
      mail = await startMailCatcher();
      levqor = await startTestLevqor(kind, { env: { SMTP_URL: mail.url, ...packStoreEnv(testPublisher()) } });
      server = levqor.server!;
      const doc = (await send(server, 'GET', '/docs/json')).json as OpenApiDocument;
      operations = apiOperations(doc, '/api/v1/');
      const has = (key: string) => operations.some((op) => op.key === key);

      // --- Workspace A, through the API as its owner.
      a.owner = new SessionClient(server);
      const signup = await a.owner.signup(a.email, undefined, `Alpha ${tag}`);
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      a.workspaceId = signup.body.workspace.id;
      a.slug = signup.body.workspace.slug;
      a.owner.workspace = a.slug;
      const ownerId: string = signup.body.user.id;
      const ok = async (client: SessionClient, method: string, url: string, body: unknown, status: number) => {
        const answer = await client.request(method, url, body);
        assert.equal(answer.status, status, `${method} ${url}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      };

      const hookFlow = await ok(a.owner, 'POST', '/api/v1/workflows', {
        name: `Alpha ${tag} lead intake`,
        trigger: { type: 'webhook', path: a.hookPath, respond: 'sync' },
        steps: [{ id: 'tag', type: 'transform', with: { set: { result: `alpha-output-${tag}`, email: '{{ trigger.body.email }}' } } }],
      }, 201);
      await ok(a.owner, 'POST', `/api/v1/workflows/${hookFlow.id}/activate`, undefined, 200);
      const dormant = await ok(a.owner, 'POST', '/api/v1/workflows', {
        name: `Alpha ${tag} dormant hook`,
        trigger: { type: 'webhook', path: a.dormantPath },
        steps: [{ id: 'noop', type: 'transform' }],
      }, 201);
      const report = (steps: unknown[]) => ({ name: `Alpha ${tag} weekly report`, trigger: { type: 'manual' }, steps });
      const manual = await ok(a.owner, 'POST', '/api/v1/workflows', report([{ id: 'report', type: 'transform', with: { set: { report: `alpha-report-${tag}` } } }]), 201);
      await ok(a.owner, 'PUT', `/api/v1/workflows/${manual.id}`, report([{ id: 'boom', type: 'fail', with: { message: `alpha failure ${tag}` } }]), 200);
      const failedRun = (await ok(a.owner, 'POST', `/api/v1/workflows/${manual.id}/run`, { week: `alpha-week-${tag}` }, 202)).runId;
      await waitForRun(a.owner, failedRun, ['failed']);
      const v3 = await ok(a.owner, 'PUT', `/api/v1/workflows/${manual.id}`, report([{ id: 'wait', type: 'delay', with: { for: '1h' } }, { id: 'after', type: 'transform' }]), 200);
      assert.equal(v3.version, 3);
      const waitingRun = (await ok(a.owner, 'POST', `/api/v1/workflows/${manual.id}/run`, { week: `alpha-week-${tag}` }, 202)).runId;
      await waitForRun(a.owner, waitingRun, ['waiting']);
      const hooked = await send(server, 'POST', `/hooks/${a.slug}/${a.hookPath}`, {}, { email: `lead-alpha-${tag}@example.com` });
      assert.equal(hooked.status, 200, hooked.text);
      assert.equal(hooked.json.result, `alpha-output-${tag}`);
      const hookRun = hooked.headers['levqor-run-id'] as string;
      await waitForRun(a.owner, hookRun, ['succeeded']);

      const memberEmail = `member-alpha-${tag}@example.com`;
      const joined = await ok(a.owner, 'POST', '/api/v1/invitations', { email: memberEmail, role: 'editor' }, 201);
      const invitationToken = mail.tokenFor(memberEmail);
      const member = new SessionClient(server);
      await member.signup(memberEmail, undefined, `Member home ${tag}`);
      await ok(member, 'POST', '/api/v1/invitations/accept', { token: invitationToken }, 200);
      const memberId: string = (await member.request('GET', '/api/v1/me')).body.user.id;
      const pending = await ok(a.owner, 'POST', '/api/v1/invitations', { email: `pending-alpha-${tag}@example.com`, role: 'viewer' }, 201);

      const keys = [];
      for (const [name, scopes] of [[`alpha ${tag} deploy key`, ['admin']], [`alpha ${tag} reporting key`, ['read']]] as const) {
        keys.push(await ok(a.owner, 'POST', '/api/v1/api-keys', { name, scopes }, 201));
      }
      a.apiKeys = keys.map((k) => k.key);
      a.secrets = { [`ALPHA_${tag.toUpperCase()}_CRM_TOKEN`]: `alpha-secret-crm-${tag}`, [`ALPHA_${tag.toUpperCase()}_SLACK_URL`]: `https://hooks.alpha-${tag}.example/secret` };
      for (const [name, value] of Object.entries(a.secrets)) await ok(a.owner, 'PUT', `/api/v1/secrets/${name}`, { value }, 201);
      const tables: string[] = [];
      const rows: { id: string; data: Record<string, string> }[] = [];
      if (has('POST /api/v1/tables')) {
        const name = `alpha_${tag}_contacts`;
        await ok(a.owner, 'POST', '/api/v1/tables', { name, columns: [{ name: 'email', type: 'text', unique: true }, { name: 'note', type: 'text' }] }, 201);
        for (const n of [1, 2]) {
          rows.push(await ok(a.owner, 'POST', `/api/v1/tables/${name}/rows`, { data: { email: `contact${n}-alpha-${tag}@example.com`, note: `alpha row note ${tag} ${n}` } }, 201));
        }
        tables.push(name);
      }
      // A sign-in is audited outside any workspace, and shown to the workspaces of the user.
      assert.equal((await a.owner.login(a.email)).status, 200);
      const ownerSessions = (await ok(a.owner, 'GET', '/api/v1/auth/sessions', undefined, 200)).items.map((s: { id: string }) => s.id);
      assert.equal(ownerSessions.length, 2);
      const audit = (await ok(a.owner, 'GET', '/api/v1/audit?limit=200', undefined, 200)).items;
      assert.ok(audit.length >= 8, `A has an audit trail (${audit.length} events)`);

      a.ids = {
        workflow: [hookFlow.id, manual.id, dormant.id],
        run: [hookRun, failedRun, waitingRun],
        apiKey: keys.map((k) => k.id),
        invitation: [pending.id, joined.id],
        user: [ownerId, memberId],
        secret: Object.keys(a.secrets),
        session: ownerSessions,
        version: ['1', '3'],
        table: tables,
        tableRow: rows.map((r) => r.id),
        workspaceSlug: [a.slug],
        workspaceId: [a.workspaceId],
      };
      a.strings = [
        ...Object.values(a.ids).flat().filter((s) => s.length > 3),
        `Alpha ${tag}`, a.email, memberEmail, `pending-alpha-${tag}@example.com`, `lead-alpha-${tag}@example.com`,
        a.hookPath, a.dormantPath, `alpha-output-${tag}`, `alpha-report-${tag}`, `alpha failure ${tag}`, `alpha-week-${tag}`,
        ...keys.flatMap((k) => [k.key, k.prefix, k.name]),
        ...Object.values(a.secrets),
        ...rows.flatMap((r) => Object.values(r.data)),
        ...a.owner.cookies.values(),
        ...audit.map((e: { id: string }) => e.id),
      ];

      // --- Workspace B: a second user with their own workspace and an admin key made through the API.
      b.client = new SessionClient(server);
      const bSignup = await b.client.signup(b.email, undefined, `Bravo ${tag}`);
      assert.equal(bSignup.status, 201);
      b.slug = bSignup.body.workspace.slug;
      b.client.workspace = b.slug;
      // B's plan includes exports, so the export routes are walked through to their data, not stopped at 402.
      await levqor.database.db.insertInto('workspace_billing').values({ workspace_id: bSignup.body.workspace.id, plan_id: 'growth' }).execute();
      b.key = (await ok(b.client, 'POST', '/api/v1/api-keys', { name: 'bravo walker key', scopes: ['admin'] }, 201)).key;
      // A key of B with no scope at all (the API refuses to make one): it passes authentication and is
      // refused by every permission check, so it tells user routes (403 user_required) from workspace
      // routes (403 forbidden) without running any handler.
      b.scopelessKey = generateApiKey();
      await levqor.database.db
        .insertInto('api_keys')
        .values({ workspace_id: bSignup.body.workspace.id, name: 'bravo scopeless probe', prefix: b.scopelessKey.slice(0, 13), key_hash: hashApiKey(b.scopelessKey), scopes: [] })
        .execute();

      // --- The operations, classified by what they answer.
      for (const op of operations) {
        const url = urlsFor(op)[0];
        const anonymous = await send(server, op.method, url, {}, bodyFor(op));
        anonymousAnswers.set(op.key, anonymous);
        if (anonymous.status === 401 && anonymous.json?.error?.code === 'unauthorized') {
          const scopeless = await send(server, op.method, url, { authorization: `Bearer ${b.scopelessKey}` }, bodyFor(op));
          scopelessAnswers.set(op.key, scopeless);
          if (scopeless.json?.error?.code === 'user_required') userOps.add(op.key);
        } else {
          publicOps.add(op.key);
        }
      }
      a.snapshot = await snapshotOfA();
    });

    after(async () => {
      await levqor?.close();
      await mail?.close();
    });

    test("every /api/v1 operation answers B's key and B's session on A's ids with 404, and never with A's data", async (t) => {
      const uncovered: string[] = [];
      const rank = (op: ApiOperation) => (OWN_NAMESPACE_UPSERTS[op.key] ? 1 : USER_ROUTES[op.key]?.last ? 2 : 0);
      let requests = 0;
      for (const op of [...operations].sort((x, y) => rank(x) - rank(y))) {
        const guessed = op.pathParams.filter((param) => !kindOf(op, param).covered);
        for (const param of guessed) uncovered.push(`${op.key}: {${param}} (walked with A's ${kindOf(op, param).kind}, the most plausible)`);
        for (const url of urlsFor(op)) {
          for (const who of ['key', 'session'] as const) {
            const headers = who === 'key' ? { authorization: `Bearer ${b.key}` } : sessionHeaders(b.client, b.slug);
            const body = bodyFor(op);
            const answer = await send(server, op.method, url, headers, body);
            requests++;
            const context = `${who === 'key' ? "B's API key" : "B's session"}: ${op.method} ${url}`;
            assert.ok(!/^no route /.test(answer.json?.error?.message ?? ''), `${context} reached no route: the walker built a wrong URL`);
            assertNoAData(answer, { method: op.method, url, headers, body }, context);
            assert.ok(answer.status < 500, `${context} failed with ${answer.status}: ${answer.text}`);
            if (publicOps.has(op.key)) continue;
            if (who === 'key' && userOps.has(op.key)) {
              assert.deepEqual([answer.status, answer.json?.error?.code], [403, 'user_required'], context);
              continue;
            }
            const userRoute = USER_ROUTES[op.key];
            if (userRoute) {
              await userRoute.expect(answer, b);
              continue;
            }
            if (OWN_NAMESPACE_UPSERTS[op.key]) {
              assert.ok(answer.status >= 200 && answer.status < 300, `${context} writes in B's own namespace, got ${answer.status}: ${answer.text}`);
              const removed = await send(server, 'DELETE', url, { authorization: `Bearer ${b.key}` });
              assert.equal(removed.status, 204, `B removes its own ${url}: ${removed.text}`);
              continue;
            }
            if (op.pathParams.some((p) => CATALOG_PARAMETERS.some((r) => r.param === p && r.path.test(op.path)))) {
              // Acts in B's own workspace (here refused: the required inputs are missing).
              assert.ok(answer.status >= 400 && answer.status !== 404, `${context} must refuse B's incomplete request in B's own workspace, got ${answer.status}: ${answer.text}`);
            } else if (guessed.length > 0) {
              // The id may not even be of the right kind: only "never 2xx" holds for sure (listed below).
              assert.ok(answer.status >= 400, `${context} must not succeed, got ${answer.status}: ${answer.text}`);
            } else if (op.pathParams.length > 0) {
              assert.equal(answer.status, 404, `${context} must answer 404 for A's id, got ${answer.status}: ${answer.text}`);
              assert.ok(answer.json?.error?.code, `${context}: an error body`);
            } else {
              assert.ok(answer.status < 500, `${context} answered ${answer.status}`);
            }
          }
        }
        // List filters given an A id select nothing of A's.
        if (op.method === 'GET' && op.pathParams.length === 0 && !publicOps.has(op.key)) {
          for (const { name } of op.queryParams) {
            const filterKind = QUERY_FILTER_KINDS[name];
            if (!filterKind) continue;
            for (const who of ['key', 'session'] as const) {
              const headers = who === 'key' ? { authorization: `Bearer ${b.key}` } : sessionHeaders(b.client, b.slug);
              const url = `${op.path}?${name}=${encodeURIComponent(a.ids[filterKind][0])}`;
              const answer = await send(server, 'GET', url, headers);
              requests++;
              assertNoAData(answer, { method: 'GET', url, headers }, `${who}: GET ${url}`);
              if (name === 'workspace') {
                // Names the workspace to act in (GET /api/v1/events, for an EventSource): B's key naming A is refused
                // like the header; B's session also sends its Levqor-Workspace header, which wins: B's own stream.
                if (who === 'key') {
                  assert.equal(answer.status, 403, `${who}: GET ${url}: ${answer.text}`);
                  assert.equal(answer.json?.error?.code, 'wrong_workspace');
                } else {
                  assert.equal(answer.status, 200, `${who}: GET ${url}: ${answer.text}`);
                  assert.equal(answer.text, 'retry: 3000\nevent: ready\ndata: {}\n\n', `${who}: GET ${url} streams nothing of A's`);
                }
                continue;
              }
              assert.equal(answer.status, 200, `${who}: GET ${url}: ${answer.text}`);
              // Exports stream JSON Lines: nothing at all for A's id.
              if (op.path.endsWith('/export')) assert.equal(answer.text, '', `${who}: GET ${url} exports nothing for A's id`);
              else assert.deepEqual(answer.json.items, [], `${who}: GET ${url} lists nothing for A's id`);
            }
          }
        }
      }
      t.diagnostic(`walked ${operations.length} operations under /api/v1 with ${requests} requests (${publicOps.size} public, ${userOps.size} user-level)`);
      assert.ok(operations.length >= 40, `the OpenAPI document lists the API (${operations.length} operations)`);
      assert.deepEqual(uncovered, [], `path parameters with no rule for which A id they take; add them to PATH_PARAMETER_KINDS (and give workspace A such a resource):\n${uncovered.join('\n')}`);
    });

    test('the documented public and user-level routes are exactly the ones that answer so', () => {
      for (const op of operations) {
        const documented = PUBLIC_ROUTES.find((p) => matchesRoute(p.route, op.key));
        if (publicOps.has(op.key)) assert.ok(documented, `${op.key} answers without credentials (${anonymousAnswers.get(op.key)?.status}) but is not listed in PUBLIC_ROUTES with a reason`);
        else if (typeof documented?.route === 'string') assert.fail(`${op.key} is listed as public (${documented.reason}) but requires credentials`);
      }
      for (const [route, { reason }] of Object.entries(USER_ROUTES)) {
        if (operations.some((op) => op.key === route)) assert.ok(userOps.has(route), `${route} is listed as a user route (${reason}) but does not refuse API keys`);
      }
      for (const route of Object.keys(OWN_NAMESPACE_UPSERTS)) assert.ok(!publicOps.has(route) && !userOps.has(route), route);
    });

    test('a request without credentials to any non-public route answers 401, whatever the spelling of its path', async () => {
      for (const op of operations) {
        if (publicOps.has(op.key)) continue;
        const answer = anonymousAnswers.get(op.key)!;
        assert.equal(answer.status, 401, op.key);
        assert.equal(answer.headers['www-authenticate'], 'Bearer', op.key);
        // The same route reached through a percent-encoded path must not skip authentication.
        const url = urlsFor(op)[0].replace(/^\/api\//, '/%61pi/');
        const encoded = await send(server, op.method, url, {}, bodyFor(op));
        assert.deepEqual([encoded.status, encoded.json?.error?.code], [401, 'unauthorized'], `${op.method} ${url}: ${encoded.text}`);
        assertNoAData(encoded, { method: op.method, url }, `anonymous ${op.method} ${url}`);
      }
    });

    test('a key without scopes is refused on every workspace route before anything runs', () => {
      for (const op of operations) {
        if (publicOps.has(op.key) || userOps.has(op.key)) continue;
        const answer = scopelessAnswers.get(op.key)!;
        assert.deepEqual([answer.status, answer.json?.error?.code], [403, 'forbidden'], `${op.key}: ${answer.text}`);
      }
    });

    test("B's session naming A's workspace answers 404 workspace_not_found on every route", async () => {
      for (const op of operations) {
        if (publicOps.has(op.key)) continue;
        const url = urlsFor(op)[0];
        const headers = sessionHeaders(b.client, a.slug);
        const body = bodyFor(op);
        const answer = await send(server, op.method, url, headers, body);
        assert.deepEqual([answer.status, answer.json?.error?.code], [404, 'workspace_not_found'], `${op.method} ${url}: ${answer.text}`);
        assertNoAData(answer, { method: op.method, url, headers, body }, `B's session in A: ${op.method} ${url}`);
      }
    });

    test("B's API key naming A's workspace answers 403 on every route", async () => {
      for (const op of operations) {
        if (publicOps.has(op.key)) continue;
        const url = urlsFor(op)[0];
        const headers = { authorization: `Bearer ${b.key}`, 'levqor-workspace': a.slug };
        const body = bodyFor(op);
        const answer = await send(server, op.method, url, headers, body);
        assert.deepEqual([answer.status, answer.json?.error?.code], [403, 'wrong_workspace'], `${op.method} ${url}: ${answer.text}`);
        assertNoAData(answer, { method: op.method, url, headers, body }, `B's key in A: ${op.method} ${url}`);
      }
    });

    test('a user who belongs to no workspace gets 403 no_workspace on every workspace route', async () => {
      const lonely = new SessionClient(server);
      const signup = await lonely.signup(`lonely-${tag}@example.com`, undefined, `Lonely ${tag}`);
      assert.equal(signup.status, 201);
      await levqor.database.db.deleteFrom('memberships').where('user_id', '=', signup.body.user.id).execute();
      const me = await lonely.request('GET', '/api/v1/me');
      assert.equal(me.status, 200);
      assert.deepEqual([me.body.currentWorkspace, me.body.workspaces], [null, []]);
      for (const op of operations) {
        if (publicOps.has(op.key) || userOps.has(op.key)) continue;
        const url = urlsFor(op)[0];
        const headers = sessionHeaders(lonely);
        const body = bodyFor(op);
        const answer = await send(server, op.method, url, headers, body);
        assert.deepEqual([answer.status, answer.json?.error?.code], [403, 'no_workspace'], `${op.method} ${url}: ${answer.text}`);
        assertNoAData(answer, { method: op.method, url, headers, body }, `no workspace: ${op.method} ${url}`);
      }
      const named = await lonely.request('GET', '/api/v1/workflows', undefined, { 'levqor-workspace': a.slug });
      assert.deepEqual([named.status, named.body.error.code], [404, 'workspace_not_found']);
    });

    test('a revoked key answers 401 on every non-public route', async () => {
      const created = await b.client.request('POST', '/api/v1/api-keys', { name: 'bravo short-lived key', scopes: ['admin'] });
      assert.equal(created.status, 201);
      assert.equal((await b.client.request('DELETE', `/api/v1/api-keys/${created.body.id}`)).status, 204);
      for (const op of operations) {
        if (publicOps.has(op.key)) continue;
        const url = urlsFor(op)[0];
        const answer = await send(server, op.method, url, { authorization: `Bearer ${created.body.key}` }, bodyFor(op));
        assert.deepEqual([answer.status, answer.json?.error?.code], [401, 'unauthorized'], `${op.method} ${url}: ${answer.text}`);
      }
    });

    test("A's workflows, versions, runs, members, invitations, keys, secrets and audit log are unchanged after B's attempts", async () => {
      assert.deepEqual(await snapshotOfA(), a.snapshot);
      for (const key of a.apiKeys) {
        const answer = await send(server, 'GET', '/api/v1/workspace', { authorization: `Bearer ${key}` });
        assert.deepEqual([answer.status, answer.json.slug], [200, a.slug], "A's keys still work");
      }
      assert.deepEqual(await levqor.secrets.loadAll(a.workspaceId), a.secrets);
    });

    test("B cannot trigger A's webhook through B's slug; inactive and unknown paths answer 404; the same path in B starts only B's run", async () => {
      const runsOfA = async () => (await a.owner.request('GET', '/api/v1/runs?limit=200')).body.items.map((r: { id: string }) => r.id);
      const before = await runsOfA();
      const refused: [string, string][] = [
        [b.slug, a.hookPath],
        [a.slug, a.dormantPath],
        [a.slug, `alpha-${tag}-nothing-here`],
        [`no-such-workspace-${tag}`, a.hookPath],
      ];
      for (const [slug, path] of refused) {
        for (const method of ['POST', 'GET']) {
          const url = `/hooks/${slug}/${path}`;
          const body = method === 'POST' ? { email: 'bravo@example.com' } : undefined;
          const answer = await send(server, method, url, { authorization: `Bearer ${b.key}` }, body);
          assert.deepEqual([answer.status, answer.json?.error?.code], [404, 'hook_not_found'], `${method} ${url}: ${answer.text}`);
          assertNoAData(answer, { method, url, body }, `${method} ${url}`);
        }
      }
      assert.deepEqual(await runsOfA(), before, 'no run started in A');

      const own = await b.client.request('POST', '/api/v1/workflows', {
        name: 'Bravo echo',
        trigger: { type: 'webhook', path: a.hookPath, respond: 'sync' },
        steps: [{ id: 'echo', type: 'transform', with: { set: { owner: 'bravo' } } }],
      });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      assert.equal((await b.client.request('POST', `/api/v1/workflows/${own.body.id}/activate`)).status, 200);
      const url = `/hooks/${b.slug}/${a.hookPath}`;
      const answer = await send(server, 'POST', url, {}, { email: 'bravo@example.com' });
      assert.deepEqual([answer.status, answer.json], [200, { owner: 'bravo' }], answer.text);
      assertNoAData(answer, { method: 'POST', url }, `POST ${url}`);
      const runId = answer.headers['levqor-run-id'] as string;
      assert.equal((await b.client.request('GET', `/api/v1/runs/${runId}`)).status, 200);
      assert.equal((await a.owner.request('GET', `/api/v1/runs/${runId}`)).status, 404);
      assert.deepEqual(await runsOfA(), before, "B's run is not in A");

      const stillA = await send(server, 'POST', `/hooks/${a.slug}/${a.hookPath}`, {}, { email: `lead-alpha-${tag}@example.com` });
      assert.deepEqual([stillA.status, stillA.json.result], [200, `alpha-output-${tag}`], "A's webhook still runs A's workflow");
    });
  });
}
