import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { databaseKinds } from './support/databases.ts';
import { Browser, CLIENT_ID, CLIENT_SECRET, startProvider } from './support/oidc-provider.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { writeTestCatalog } from './support/test-catalog.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * Plan limits (issue 4, point 3): active workflows, members (pending invitations included) and client
 * workspaces of an agency, per plan; beyond them new ones get 402 plan_limit and nothing is written.
 * The trial has the first plan's (Launch) limits; the test catalog makes them tiny.
 */

const catalogFile = writeTestCatalog({
  trialIncludedCalls: 100_000,
  plans: { launch: { activeWorkflows: 2, members: 2, clientWorkspaces: 1, includedCalls: 100_000 }, growth: { activeWorkflows: 10, members: 5, clientWorkspaces: 3, includedCalls: 100_000 } },
});
const STARTER = readFileSync(new URL('../packs/starter.yaml', import.meta.url), 'utf8');
const manual = (name: string) => ({ name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });

/** The 402 answer names the limit, the counts, the plan and how to upgrade. */
function assertPlanLimit(answer: { status: number; body: any }, details: { limit: string; allowed: number; current: number; plan: string }): void {
  assert.equal(answer.status, 402, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'plan_limit');
  assert.deepEqual(answer.body.error.details, details);
  assert.match(answer.body.error.message, new RegExp(`\\(${details.limit}\\)`));
  assert.match(answer.body.error.message, /GET \/api\/v1\/plans/);
  // No Stripe here: a self-hosted install, whose operator lifts the limit from the shell.
  assert.match(answer.body.error.message, /the operator lifts the limit with "levqor billing set-plan <plan> --workspace [a-z0-9-]+"/);
}

for (const kind of databaseKinds()) {
  describe(`plan limits on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    before(async () => {
      mail = await startMailCatcher();
      // Listening: single sign-on goes through a real browser-like redirect chain.
      levqor = await startTestLevqor(kind, { listen: true, env: { SMTP_URL: mail.url, LEVQOR_PLANS_CATALOG: catalogFile, LEVQOR_PLAN_LIMITS: 'enforce' } });
    });
    after(async () => {
      await levqor?.close();
      await mail?.close();
    });

    /** A signed-up owner of a new trial workspace. */
    async function owner(): Promise<{ session: SessionClient; workspaceId: string; tag: string }> {
      const tag = randomBytes(4).toString('hex');
      const session = new SessionClient(levqor.server!);
      const signed = await session.signup(`owner-${tag}@example.com`, undefined, `Limits ${tag}`);
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      return { session, workspaceId: signed.body.workspace.id, tag };
    }
    /** Moves a workspace to a plan as the Stripe webhook does, with the same cache invalidation. */
    async function setPlan(workspaceId: string, planId: string): Promise<void> {
      await levqor.database.db
        .insertInto('workspace_billing')
        .values({ workspace_id: workspaceId, plan_id: planId, period_start: new Date() })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ plan_id: planId }))
        .execute();
      await levqor.quotas.planChanged(workspaceId);
    }
    async function createWorkflows(session: SessionClient, n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const created = await session.request('POST', '/api/v1/workflows', manual(`wf ${i} ${randomBytes(3).toString('hex')}`));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        ids.push(created.body.id);
      }
      return ids;
    }
    const activeCount = async (workspaceId: string) =>
      (await levqor.database.db.selectFrom('workflows').select('id').where('workspace_id', '=', workspaceId).where('active', '=', true).execute()).length;

    test('activating beyond the plan is refused until one is deactivated or the plan grows', async () => {
      const { session, workspaceId } = await owner();
      const [a, b, c] = await createWorkflows(session, 3);
      assert.equal((await session.request('POST', `/api/v1/workflows/${a}/activate`)).status, 200);
      assert.equal((await session.request('POST', `/api/v1/workflows/${b}/activate`)).status, 200);
      const refused = await session.request('POST', `/api/v1/workflows/${c}/activate`);
      assertPlanLimit(refused, { limit: 'activeWorkflows', allowed: 2, current: 2, plan: 'trial' });
      assert.equal((await session.request('GET', `/api/v1/workflows/${c}`)).body.active, false, 'the refused workflow stays inactive');
      assert.equal(await activeCount(workspaceId), 2);
      // Re-activating an active one adds nothing; saving an inactive one is not activating.
      assert.equal((await session.request('POST', `/api/v1/workflows/${a}/activate`)).status, 200);
      assert.equal((await session.request('PUT', `/api/v1/workflows/${c}`, manual('c renamed'))).status, 200);
      const usage = await session.request('GET', '/api/v1/usage');
      assert.deepEqual(usage.body.limits.activeWorkflows, { allowed: 2, current: 2 });

      assert.equal((await session.request('POST', `/api/v1/workflows/${a}/deactivate`)).status, 200);
      assert.equal((await session.request('POST', `/api/v1/workflows/${c}/activate`)).status, 200);
      assertPlanLimit(await session.request('POST', `/api/v1/workflows/${a}/activate`), { limit: 'activeWorkflows', allowed: 2, current: 2, plan: 'trial' });

      await setPlan(workspaceId, 'growth');
      assert.equal((await session.request('POST', `/api/v1/workflows/${a}/activate`)).status, 200);
      assert.deepEqual((await session.request('GET', '/api/v1/usage')).body.limits.activeWorkflows, { allowed: 10, current: 3 });

      // A downgrade deactivates nothing: the three stay active, only new activations are refused.
      await setPlan(workspaceId, 'launch');
      assert.equal(await activeCount(workspaceId), 3);
      const [d] = await createWorkflows(session, 1);
      assertPlanLimit(await session.request('POST', `/api/v1/workflows/${d}/activate`), { limit: 'activeWorkflows', allowed: 2, current: 3, plan: 'launch' });
    });

    test('a pack import that would activate beyond the plan is refused, dry run too, and writes nothing', async () => {
      const { session, workspaceId } = await owner();
      const [existing] = await createWorkflows(session, 1);
      assert.equal((await session.request('POST', `/api/v1/workflows/${existing}/activate`)).status, 200);
      const body = { pack: STARTER, variables: { jobApiUrl: 'https://jobs.example.com' }, activate: true };
      const dry = await session.request('POST', '/api/v1/packs/import', { ...body, dry_run: true });
      assertPlanLimit(dry, { limit: 'activeWorkflows', allowed: 2, current: 1, plan: 'trial' });
      assert.match(dry.body.error.message, /would activate 2 workflow\(s\).*nothing was changed/);
      assertPlanLimit(await session.request('POST', '/api/v1/packs/import', body), { limit: 'activeWorkflows', allowed: 2, current: 1, plan: 'trial' });
      const workflows = await levqor.database.db.selectFrom('workflows').select('id').where('workspace_id', '=', workspaceId).execute();
      assert.equal(workflows.length, 1, 'no workflow was written');
      const imports = await levqor.database.db.selectFrom('pack_imports').select('id').where('workspace_id', '=', workspaceId).execute();
      assert.equal(imports.length, 0);
      const tables = await levqor.database.db.selectFrom('data_tables').select('id').where('workspace_id', '=', workspaceId).execute();
      assert.equal(tables.length, 0, 'no table was written');

      // Without activate the same pack imports; with the bigger plan it may activate them.
      assert.equal((await session.request('POST', '/api/v1/packs/import', { ...body, activate: false })).status, 201);
      assert.equal(await activeCount(workspaceId), 1);
      await setPlan(workspaceId, 'growth');
      assert.equal((await session.request('POST', '/api/v1/packs/import', body)).status, 201);
      assert.equal(await activeCount(workspaceId), 3);
    });

    test('invitations count against members, and accepting re-checks the plan', async () => {
      const { session, workspaceId, tag } = await owner();
      await setPlan(workspaceId, 'growth');
      for (const who of ['a', 'b', 'c']) {
        assert.equal((await session.request('POST', '/api/v1/invitations', { email: `${who}-${tag}@example.com`, role: 'editor' })).status, 201);
      }
      // Downgraded with three invitations pending: they are kept, new ones are refused.
      await setPlan(workspaceId, 'launch');
      const refused = await session.request('POST', '/api/v1/invitations', { email: `d-${tag}@example.com`, role: 'editor' });
      assertPlanLimit(refused, { limit: 'members', allowed: 2, current: 4, plan: 'launch' });
      const pending = await levqor.database.db.selectFrom('invitations').select('email').where('workspace_id', '=', workspaceId).execute();
      assert.equal(pending.length, 3, 'the refused invitation was not stored');

      const accept = async (who: string) => {
        // Before signing up: the verification mail to the same address carries a token too.
        const token = mail.tokenFor(`${who}-${tag}@example.com`);
        const user = new SessionClient(levqor.server!);
        await user.signup(`${who}-${tag}@example.com`, undefined, `${who} ${tag}`);
        return user.request('POST', '/api/v1/invitations/accept', { token });
      };
      assert.equal((await accept('a')).status, 200);
      assertPlanLimit(await accept('b'), { limit: 'members', allowed: 2, current: 2, plan: 'launch' });
      const members = await levqor.database.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).execute();
      assert.equal(members.length, 2);
      const stillPending = await levqor.database.db.selectFrom('invitations').select('accepted_at').where('email', '=', `b-${tag}@example.com`).executeTakeFirstOrThrow();
      assert.equal(stillPending.accepted_at, null, 'the refused acceptance left the invitation pending');
      assert.deepEqual((await session.request('GET', '/api/v1/usage')).body.limits.members, { allowed: 2, current: 4 });

      await setPlan(workspaceId, 'growth');
      assert.equal((await accept('c')).status, 200);
    });

    test("client workspaces are limited by the agency's plan", async () => {
      const { session } = await owner();
      const agency = await session.request('POST', '/api/v1/workspaces', { name: 'Limits Agency', kind: 'agency' });
      assert.equal(agency.status, 201, JSON.stringify(agency.body));
      session.workspace = agency.body.slug;
      assert.equal((await session.request('POST', '/api/v1/workspaces', { name: 'Client One', kind: 'client' })).status, 201);
      const refused = await session.request('POST', '/api/v1/workspaces', { name: 'Client Two', kind: 'client' });
      assertPlanLimit(refused, { limit: 'clientWorkspaces', allowed: 1, current: 1, plan: 'trial' });
      const clients = () => levqor.database.db.selectFrom('workspaces').select('id').where('parent_id', '=', agency.body.id).execute();
      assert.equal((await clients()).length, 1);
      assert.deepEqual((await session.request('GET', '/api/v1/usage')).body.limits.clientWorkspaces, { allowed: 1, current: 1 });
      await setPlan(agency.body.id, 'growth');
      assert.equal((await session.request('POST', '/api/v1/workspaces', { name: 'Client Two', kind: 'client' })).status, 201);
      assert.equal((await clients()).length, 2);
    });

    test('a single sign-on that would exceed the members of the plan is refused, and joins once there is room', async () => {
      const base = `http://127.0.0.1:${(levqor.server!.server.address() as AddressInfo).port}`;
      const callbackUrl = `${base}/api/v1/auth/sso/callback`;
      const idp = await startProvider(callbackUrl, { joiner: { email: 'joiner@sso.test', email_verified: true } });
      try {
        const { session, workspaceId, tag } = await owner();
        const slug = (await session.request('GET', '/api/v1/me')).body.currentWorkspace as string;
        session.workspace = slug;
        const put = await session.request('PUT', '/api/v1/sso', { issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: 'editor', enabled: true });
        assert.equal(put.status, 201, JSON.stringify(put.body));
        const invited = await session.request('POST', '/api/v1/invitations', { email: `seat-${tag}@example.com`, role: 'viewer' });
        assert.equal(invited.status, 201, 'the owner and this invitation fill the 2 seats');
        const signIn = async () => {
          idp.state.nextAccount = 'joiner';
          const browser = new Browser();
          const start = await browser.get(`${base}/api/v1/auth/sso/${slug}/start?redirect=/`);
          assert.equal(start.status, 302, await start.text());
          const back = await browser.followUntil(start.headers.get('location')!, callbackUrl);
          const response = await browser.get(back);
          const text = await response.text();
          return { status: response.status, body: text ? JSON.parse(text) : undefined };
        };
        const refused = await signIn();
        assertPlanLimit(refused, { limit: 'members', allowed: 2, current: 2, plan: 'trial' });
        assert.match(refused.body.error.message, new RegExp(`joiner@sso\\.test cannot join workspace "${slug}" by single sign-on`));
        const members = () => levqor.database.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).execute();
        assert.equal((await members()).length, 1);
        const audit = (await session.request('GET', '/api/v1/audit?limit=50')).body.items as { action: string; details: any }[];
        assert.ok(audit.some((e) => e.action === 'auth.sso_login_failed' && e.details.code === 'plan_limit'), 'the refusal is in the audit log');

        assert.equal((await session.request('DELETE', `/api/v1/invitations/${invited.body.id}`)).status, 204);
        assert.equal((await signIn()).status, 302);
        assert.equal((await members()).length, 2);
      } finally {
        await idp.close();
      }
    });

    test('concurrent activations at the limit: exactly one succeeds', async () => {
      const { session, workspaceId } = await owner();
      const ids = await createWorkflows(session, 6);
      assert.equal((await session.request('POST', `/api/v1/workflows/${ids[0]}/activate`)).status, 200);
      const answers = await Promise.all(ids.slice(1).map((id) => session.request('POST', `/api/v1/workflows/${id}/activate`)));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 402, 402, 402, 402], JSON.stringify(answers.map((a) => a.body)));
      assert.equal(await activeCount(workspaceId), 2);
    });
  });
}
