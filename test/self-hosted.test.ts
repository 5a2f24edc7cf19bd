import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { upgradeHint } from '../src/metering/quota-limits.ts';
import { databaseKinds } from './support/databases.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/*
 * A self-hosted install (no Stripe): the operator's own `default` workspace is on the self-hosted plan
 * (no quotas, no limits); workspaces signed up on it get the trial, and their 402s say how the operator
 * lifts the limit.
 */

const manual = (name: string) => ({ name, trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', with: { set: { ok: true } } }] });

test('the default workspace plan: self-hosted without Stripe, the trial with it, or as configured', () => {
  assert.equal(loadConfig({}).defaultWorkspacePlan, 'self_hosted');
  assert.equal(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_x' }).defaultWorkspacePlan, 'trial');
  assert.equal(loadConfig({ LEVQOR_DEFAULT_WORKSPACE_PLAN: 'growth' }).defaultWorkspacePlan, 'growth');
  assert.throws(() => loadConfig({ LEVQOR_DEFAULT_WORKSPACE_PLAN: 'Gold!' }), /LEVQOR_DEFAULT_WORKSPACE_PLAN: must be a plan id/);
  assert.match(upgradeHint(false)('acme'), /POST \/api\/v1\/billing\/checkout/);
  assert.match(upgradeHint(true)('acme'), /"levqor billing set-plan <plan> --workspace acme"/);
});

for (const kind of databaseKinds()) {
  describe(`self-hosted install on ${kind}`, () => {
    let levqor: TestLevqor;
    before(async () => {
      // The shipped defaults for the plan of `default` and for plan limits ('' = unset).
      levqor = await startTestLevqor(kind, { env: { LEVQOR_DEFAULT_WORKSPACE_PLAN: '', LEVQOR_PLAN_LIMITS: 'enforce' } });
    });
    after(async () => levqor?.close());

    test("the operator's default workspace has no quotas or limits", async () => {
      const usage = await levqor.api('GET', '/api/v1/usage');
      assert.equal(usage.status, 200);
      assert.deepEqual(usage.body.plan, { id: 'self_hosted', name: 'Self-hosted', kind: 'self_hosted' });
      assert.equal(usage.body.calls_included, null);
      assert.equal(usage.body.calls_remaining, null);
      assert.equal(usage.body.runs_remaining, null);
      assert.deepEqual(Object.values(usage.body.limits).map((l) => (l as { allowed: unknown }).allowed), [null, null, null]);
      // More active workflows than the trial's five.
      for (let i = 0; i < 7; i++) {
        const created = await levqor.api('POST', '/api/v1/workflows', manual(`operator ${i}`));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const activated = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/activate`);
        assert.equal(activated.status, 200, JSON.stringify(activated.body));
      }
    });

    test('a signed-up workspace starts on the trial; its 402 says how the operator lifts the limit', async () => {
      const tag = randomBytes(4).toString('hex');
      const session = new SessionClient(levqor.server!);
      const signed = await session.signup(`owner-${tag}@example.com`, undefined, `Client ${tag}`);
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      const slug = signed.body.workspace.slug as string;
      assert.equal((await session.request('GET', '/api/v1/usage')).body.plan.id, 'trial');
      let refused;
      for (let i = 0; i < 6; i++) {
        const created = await session.request('POST', '/api/v1/workflows', manual(`client ${i}`));
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const activated = await session.request('POST', `/api/v1/workflows/${created.body.id}/activate`);
        if (i < 5) assert.equal(activated.status, 200, JSON.stringify(activated.body));
        else refused = activated;
      }
      assert.equal(refused!.status, 402);
      assert.match(refused!.body.error.message, new RegExp(`on this self-hosted install the operator lifts the limit with "levqor billing set-plan <plan> --workspace ${slug}"`));
    });
  });
}
