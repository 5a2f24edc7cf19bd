import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

/** Fastify drops what a response schema does not list: these are the fields each answer must keep. */
const keys = (value: object) => Object.keys(value).sort();

for (const kind of databaseKinds()) {
  describe(`typed answers keep every field on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    before(async () => {
      mail = await startMailCatcher();
      levqor = await startTestLevqor(kind, { env: { SMTP_URL: mail.url } });
    });
    after(async () => {
      await levqor?.close();
      await mail?.close();
    });

    test('sign-up, sessions, workspaces, members, invitations, API keys and the audit log', async () => {
      const owner = new SessionClient(levqor.server!);
      const signup = await owner.signup('typed-owner@example.com', undefined, 'Typed');
      assert.equal(signup.status, 201);
      assert.deepEqual(keys(signup.body), ['csrfToken', 'user', 'verificationEmailSent', 'workspace']);
      assert.deepEqual(keys(signup.body.user), ['createdAt', 'email', 'emailVerified', 'id', 'name']);
      assert.deepEqual(keys(signup.body.workspace), ['createdAt', 'id', 'kind', 'name', 'parentId', 'slug']);
      owner.workspace = signup.body.workspace.slug;

      const sessions = await owner.request('GET', '/api/v1/auth/sessions');
      assert.deepEqual(keys(sessions.body), ['items', 'nextCursor']);
      assert.deepEqual(keys(sessions.body.items[0]), ['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent']);
      assert.equal(sessions.body.items[0].current, true);

      assert.deepEqual(keys((await owner.request('GET', '/api/v1/workspaces')).body.items[0]), ['id', 'kind', 'name', 'parentSlug', 'role', 'slug', 'via']);
      assert.deepEqual(keys((await owner.request('GET', '/api/v1/workspace')).body), ['id', 'kind', 'name', 'parentId', 'slug']);
      assert.deepEqual(keys((await owner.request('PATCH', '/api/v1/workspace', { name: 'Typed too' })).body), ['id', 'kind', 'name', 'parentId', 'slug']);
      const created = await owner.request('POST', '/api/v1/workspaces', { name: 'Typed agency', kind: 'agency' });
      assert.deepEqual(keys(created.body), ['createdAt', 'id', 'kind', 'name', 'parentId', 'slug']);

      const invited = await owner.request('POST', '/api/v1/invitations', { email: 'typed-member@example.com', role: 'editor' });
      assert.deepEqual(keys(invited.body), ['acceptedAt', 'createdAt', 'email', 'emailSent', 'expiresAt', 'id', 'role']);
      assert.deepEqual(keys((await owner.request('GET', '/api/v1/invitations')).body.items[0]), ['acceptedAt', 'createdAt', 'email', 'expiresAt', 'id', 'role']);
      const token = mail.tokenFor('typed-member@example.com');
      const member = new SessionClient(levqor.server!);
      await member.signup('typed-member@example.com');
      const accepted = await member.request('POST', '/api/v1/invitations/accept', { token });
      assert.deepEqual(keys(accepted.body), ['role', 'workspace']);
      assert.deepEqual(keys(accepted.body.workspace), ['id', 'name', 'slug']);
      const members = (await owner.request('GET', '/api/v1/members')).body.items;
      assert.deepEqual(keys(members[0]), ['email', 'joinedAt', 'name', 'role', 'userId']);
      const memberId = members.find((m: { email: string }) => m.email === 'typed-member@example.com').userId;
      assert.deepEqual((await owner.request('PATCH', `/api/v1/members/${memberId}`, { role: 'viewer' })).body, { userId: memberId, role: 'viewer' });

      const key = await owner.request('POST', '/api/v1/api-keys', { name: 'typed', scopes: ['read'] });
      assert.equal(key.status, 201);
      assert.deepEqual(keys(key.body), ['createdAt', 'createdBy', 'expiresAt', 'id', 'key', 'lastUsedAt', 'name', 'prefix', 'scopes']);
      assert.deepEqual(keys((await owner.request('GET', '/api/v1/api-keys')).body.items[0]), ['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scopes']);

      const audit = (await owner.request('GET', '/api/v1/audit?action=api_key.create')).body;
      assert.deepEqual(keys(audit), ['items', 'nextCursor']);
      assert.deepEqual(keys(audit.items[0]), ['action', 'actor', 'createdAt', 'details', 'id', 'ip', 'target', 'userAgent', 'workspaceId']);
      assert.deepEqual(keys(audit.items[0].actor), ['id', 'label', 'type']);
      assert.deepEqual(audit.items[0].details, { name: 'typed', scopes: ['read'], prefix: key.body.prefix });

      assert.deepEqual((await owner.request('POST', '/api/v1/auth/verify-email/resend')).body, { sent: true });
      const reset = await new SessionClient(levqor.server!).request('POST', '/api/v1/auth/password-reset', { email: 'typed-owner@example.com' });
      assert.equal(reset.status, 202);
      assert.deepEqual(keys(reset.body), ['message']);
      const revoked = await owner.request('DELETE', `/api/v1/api-keys/${key.body.id}`);
      assert.equal(revoked.status, 204);
      assert.equal(revoked.body, undefined);
    });

    test('the public price list keeps its prices, limits and add-ons', async () => {
      const plans = (await new SessionClient(levqor.server!).request('GET', '/api/v1/plans')).body;
      assert.deepEqual(keys(plans), ['addOns', 'annualDiscountPercent', 'apiTiers', 'currency', 'plans', 'trialDataRetentionDays', 'trialDays', 'trialIncludedCalls']);
      assert.deepEqual(keys(plans.plans[0]), ['annualPerMonth', 'annualSavings', 'currency', 'id', 'limits', 'name', 'priceAnnual', 'priceMonthly', 'trialDays']);
      assert.deepEqual(keys(plans.plans[0].annualSavings), ['amount', 'display', 'percent']);
      assert.ok(Object.keys(plans.plans[0].limits).length > 5 && typeof plans.plans[0].limits.supportSla === 'string', 'every limit is kept');
      assert.deepEqual(keys(plans.apiTiers[0]), ['currency', 'id', 'includedCalls', 'name', 'overageDisplay', 'overagePer1000', 'priceMonthly']);
      assert.deepEqual(keys(plans.addOns[0]), ['currency', 'id', 'name', 'priceMonthly', 'priceOneTime']);
    });
  });
}
