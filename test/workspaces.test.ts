import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const manual = (name: string) => ({ name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });

for (const kind of databaseKinds()) {
  describe(`workspaces, roles, agencies and keys on ${kind}`, () => {
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
    const client = () => new SessionClient(levqor.server!);

    /** An owner with a workspace, and a second user who joined it by invitation with `role`. */
    async function teamWith(role: string, slug: string) {
      const owner = client();
      await owner.signup(`owner-${slug}@example.com`, undefined, slug);
      const invited = await owner.request('POST', '/api/v1/invitations', { email: `${role}-${slug}@example.com`, role });
      assert.equal(invited.status, 201, JSON.stringify(invited.body));
      assert.equal(invited.body.emailSent, true);
      const token = mail.tokenFor(`${role}-${slug}@example.com`);
      const member = client();
      await member.signup(`${role}-${slug}@example.com`, undefined, `${slug} personal`);
      const accepted = await member.request('POST', '/api/v1/invitations/accept', { token });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      member.workspace = slug;
      return { owner, member, memberId: (await member.request('GET', '/api/v1/me')).body.user.id as string };
    }

    test('an invitation accepted by the invited address makes a member with that role', async () => {
      const { owner, member } = await teamWith('editor', 'team-a');
      const members = await owner.request('GET', '/api/v1/members');
      assert.deepEqual(members.body.items.map((m: { role: string }) => m.role).sort(), ['editor', 'owner']);
      assert.equal((await member.request('GET', '/api/v1/me')).body.role, 'editor');
    });

    test('an invitation cannot be used by another account or twice', async () => {
      const owner = client();
      await owner.signup('owner-inv@example.com', undefined, 'inv');
      await owner.request('POST', '/api/v1/invitations', { email: 'right@example.com', role: 'viewer' });
      const token = mail.tokenFor('right@example.com');
      const wrong = client();
      await wrong.signup('wrong@example.com');
      const refused = await wrong.request('POST', '/api/v1/invitations/accept', { token });
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /right@example.com/);
      const right = client();
      await right.signup('right@example.com');
      assert.equal((await right.request('POST', '/api/v1/invitations/accept', { token })).status, 200);
      assert.equal((await right.request('POST', '/api/v1/invitations/accept', { token })).status, 400);
    });

    test('a viewer reads but cannot write; an editor writes but cannot manage members or keys', async () => {
      const viewerTeam = await teamWith('viewer', 'team-v');
      assert.equal((await viewerTeam.member.request('GET', '/api/v1/workflows')).status, 200);
      const denied = await viewerTeam.member.request('POST', '/api/v1/workflows', manual('nope'));
      assert.equal(denied.status, 403);
      assert.match(denied.body.error.message, /needs write permission.*\(viewer\)/);
      const editorTeam = await teamWith('editor', 'team-e');
      assert.equal((await editorTeam.member.request('POST', '/api/v1/workflows', manual('yes'))).status, 201);
      assert.equal((await editorTeam.member.request('POST', '/api/v1/api-keys', { name: 'k', scopes: ['read'] })).status, 403);
      assert.equal((await editorTeam.member.request('PATCH', `/api/v1/members/${editorTeam.memberId}`, { role: 'admin' })).status, 403);
    });

    test('role changes are audited, an admin cannot make owners, and the last owner stays', async () => {
      const { owner, member, memberId } = await teamWith('admin', 'team-r');
      const ownerId = (await owner.request('GET', '/api/v1/me')).body.user.id;
      assert.equal((await member.request('PATCH', `/api/v1/members/${ownerId}`, { role: 'viewer' })).status, 403);
      assert.equal((await member.request('PATCH', `/api/v1/members/${memberId}`, { role: 'owner' })).status, 403);
      assert.equal((await owner.request('PATCH', `/api/v1/members/${memberId}`, { role: 'editor' })).status, 200);
      const lastOwner = await owner.request('DELETE', `/api/v1/members/${ownerId}`);
      assert.equal(lastOwner.status, 409);
      assert.equal(lastOwner.body.error.code, 'last_owner');
      const audit = await owner.request('GET', '/api/v1/audit?action=member.role_change');
      assert.deepEqual(audit.body.items[0].details, { from: 'admin', to: 'editor' });
      assert.equal(audit.body.items[0].actor.label, 'owner-team-r@example.com');
      assert.ok(audit.body.items[0].ip);
      assert.equal(audit.body.items[0].userAgent, 'session-client-test');
    });

    test('agency members act in client workspaces; client members see only their own workspace', async () => {
      const agencyOwner = client();
      await agencyOwner.signup('boss@agency.example');
      agencyOwner.workspace = (await agencyOwner.request('POST', '/api/v1/workspaces', { name: 'Pixel Agency', kind: 'agency' })).body.slug;
      const one = await agencyOwner.request('POST', '/api/v1/workspaces', { name: 'Client One', kind: 'client' });
      const two = await agencyOwner.request('POST', '/api/v1/workspaces', { name: 'Client Two', kind: 'client' });
      assert.equal(one.status, 201, JSON.stringify(one.body));
      agencyOwner.workspace = one.body.slug;
      const wf = await agencyOwner.request('POST', '/api/v1/workflows', manual('client one flow'));
      assert.equal(wf.status, 201);
      await agencyOwner.request('POST', '/api/v1/invitations', { email: 'staff@client-one.example', role: 'editor' });
      const invitation = mail.tokenFor('staff@client-one.example');
      const staff = client();
      await staff.signup('staff@client-one.example', undefined, 'Staff Own');
      await staff.request('POST', '/api/v1/invitations/accept', { token: invitation });
      const visible = (await staff.request('GET', '/api/v1/workspaces')).body.items.map((w: { slug: string }) => w.slug);
      assert.ok(visible.includes(one.body.slug));
      assert.ok(!visible.includes(two.body.slug), 'another client of the agency is not visible');
      assert.ok(!visible.includes('pixel-agency'), 'the agency itself is not visible');
      staff.workspace = two.body.slug;
      assert.equal((await staff.request('GET', '/api/v1/workflows')).status, 404);
      staff.workspace = 'pixel-agency';
      assert.equal((await staff.request('GET', '/api/v1/workflows')).status, 404);
      staff.workspace = one.body.slug;
      assert.deepEqual((await staff.request('GET', '/api/v1/workflows')).body.items.map((w: { id: string }) => w.id), [wf.body.id]);
      const plain = client();
      await plain.signup('plain@example.com');
      const refused = await plain.request('POST', '/api/v1/workspaces', { name: 'Sneaky', kind: 'client' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'not_an_agency');
    });

    test('API keys: shown once, scoped, listed without secret, revoked and expired keys refused, all audited', async () => {
      const owner = client();
      await owner.signup('keys@example.com', undefined, 'Key Shop');
      const created = await owner.request('POST', '/api/v1/api-keys', { name: 'reporting', scopes: ['read'] });
      assert.equal(created.status, 201);
      assert.match(created.body.key, /^lvq_live_/);
      assert.equal(created.body.prefix, created.body.key.slice(0, 13));
      const listed = await owner.request('GET', '/api/v1/api-keys');
      assert.ok(!JSON.stringify(listed.body).includes(created.body.key));
      const asKey = (method: string, url: string, body?: unknown) => levqor.api(method, url, body, { authorization: `Bearer ${created.body.key}` });
      assert.equal((await asKey('GET', '/api/v1/workflows')).status, 200);
      assert.equal((await asKey('POST', '/api/v1/workflows', manual('x'))).status, 403);
      const used = (await owner.request('GET', '/api/v1/api-keys')).body.items.find((k: { id: string }) => k.id === created.body.id);
      assert.ok(used.lastUsedAt, 'a used key shows when it was last used');
      assert.equal((await asKey('GET', '/api/v1/workflows', undefined)).status, 200);
      const otherWorkspace = await levqor.api('GET', '/api/v1/workflows', undefined, { authorization: `Bearer ${created.body.key}`, 'levqor-workspace': 'default' });
      assert.equal(otherWorkspace.status, 403);
      assert.equal((await owner.request('DELETE', `/api/v1/api-keys/${created.body.id}`)).status, 204);
      assert.equal((await asKey('GET', '/api/v1/workflows')).status, 401);
      const expiring = await owner.request('POST', '/api/v1/api-keys', { name: 'short', scopes: ['admin'], expiresAt: new Date(Date.now() + 300).toISOString() });
      assert.equal(expiring.status, 201);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal((await levqor.api('GET', '/api/v1/workflows', undefined, { authorization: `Bearer ${expiring.body.key}` })).status, 401);
      const actions = (await owner.request('GET', '/api/v1/audit')).body.items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('api_key.create') && actions.includes('api_key.revoke'));
      assert.ok(!JSON.stringify((await owner.request('GET', '/api/v1/audit')).body).includes(created.body.key), 'the audit log never holds a key');
    });

    test('workflow activation is audited, the audit log paginates and filters, and it refuses updates and deletes', async () => {
      const owner = client();
      await owner.signup('auditor@example.com', undefined, 'Audit Co');
      const wf = await owner.request('POST', '/api/v1/workflows', manual('audited'));
      await owner.request('POST', `/api/v1/workflows/${wf.body.id}/activate`);
      await owner.request('POST', `/api/v1/workflows/${wf.body.id}/deactivate`);
      await owner.request('DELETE', `/api/v1/workflows/${wf.body.id}`);
      const page1 = await owner.request('GET', `/api/v1/audit?targetId=${wf.body.id}&limit=2`);
      assert.deepEqual(page1.body.items.map((e: { action: string }) => e.action), ['workflow.delete', 'workflow.deactivate']);
      const page2 = await owner.request('GET', `/api/v1/audit?targetId=${wf.body.id}&limit=2&cursor=${page1.body.nextCursor}`);
      assert.deepEqual(page2.body.items.map((e: { action: string }) => e.action), ['workflow.activate']);
      const db = levqor.database.db;
      await assert.rejects(sql`update audit_events set action = 'forged'`.execute(db), /append-only/);
      await assert.rejects(sql`delete from audit_events`.execute(db), /append-only/);
    });

    test('workspace settings changes are audited with the old and new value', async () => {
      const owner = client();
      await owner.signup('settings@example.com', undefined, 'Old Name');
      const renamed = await owner.request('PATCH', '/api/v1/workspace', { name: 'New Name' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'New Name');
      assert.equal(renamed.body.slug, 'old-name', 'the slug (and so webhook URLs) stays');
      const audit = await owner.request('GET', '/api/v1/audit?action=workspace.update');
      assert.deepEqual(audit.body.items[0].details, { name: { from: 'Old Name', to: 'New Name' } });
      assert.equal((await owner.request('PATCH', '/api/v1/workspace', {})).status, 400);
    });

    test('behind a trusted proxy the audit log records the forwarded client address', async () => {
      const proxied = await startTestLevqor(kind, { env: { LEVQOR_TRUST_PROXY: 'true' } });
      try {
        const user = new SessionClient(proxied.server!);
        await user.request('POST', '/api/v1/auth/signup', { email: 'proxied@example.com', password: 'a long enough password', workspaceName: 'Proxied' }, { 'x-forwarded-for': '198.51.100.7' });
        const audit = await user.request('GET', '/api/v1/audit?action=account.signup');
        assert.equal(audit.body.items[0].ip, '198.51.100.7');
      } finally {
        await proxied.close();
      }
    });

    test('a session names its workspace with Levqor-Workspace; an unknown one answers 404', async () => {
      const owner = client();
      await owner.signup('switcher@example.com', undefined, 'First Space');
      await owner.request('POST', '/api/v1/workspaces', { name: 'Second Space' });
      owner.workspace = 'second-space';
      assert.equal((await owner.request('GET', '/api/v1/me')).body.currentWorkspace, 'second-space');
      owner.workspace = 'no-such-space';
      const missing = await owner.request('GET', '/api/v1/workflows');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'workspace_not_found');
    });
  });
}
