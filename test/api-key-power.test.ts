import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenancy } from '../src/accounts/tenancy.ts';
import { createUnconfiguredMailer } from '../src/adapters/unconfigured-mailer.ts';
import { up as carryKeyCreators } from '../src/store/migrations/015-api-key-creators.ts';
import { WorkspaceStore } from '../src/store/workspaces/workspace-store.ts';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const manual = (name: string) => ({ name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });

for (const kind of databaseKinds()) {
  describe(`an API key never does more than the member behind it, on ${kind}`, () => {
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
    const withKey = (key: string) => (method: string, url: string, body?: unknown) => levqor.api(method, url, body, { authorization: `Bearer ${key}` });

    /** An owner's workspace with a member of `role` who joined by invitation. */
    async function team(slug: string, role = 'admin') {
      const owner = client();
      const signup = await owner.signup(`owner@${slug}.test`, undefined, slug);
      owner.workspace = signup.body.workspace.slug;
      const ownerId = signup.body.user.id as string;
      assert.equal((await owner.request('POST', '/api/v1/invitations', { email: `member@${slug}.test`, role })).status, 201);
      const token = mail.tokenFor(`member@${slug}.test`);
      const member = client();
      const joined = await member.signup(`member@${slug}.test`, undefined, `${slug} own`);
      assert.equal((await member.request('POST', '/api/v1/invitations/accept', { token })).status, 200);
      member.workspace = owner.workspace;
      return { owner, ownerId, member, memberId: joined.body.user.id as string, slug: owner.workspace };
    }

    async function keyOf(session: SessionClient, scopes: string[], name = 'automation') {
      const created = await session.request('POST', '/api/v1/api-keys', { name, scopes });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { id: string; key: string; createdBy: string | null };
    }

    test("an admin's admin key cannot make owners, demote the owner or invite an owner", async () => {
      const t = await team('escalate');
      const asKey = withKey((await keyOf(t.member, ['admin'])).key);
      const selfOwner = await asKey('PATCH', `/api/v1/members/${t.memberId}`, { role: 'owner' });
      assert.equal(selfOwner.status, 403, JSON.stringify(selfOwner.body));
      assert.match(selfOwner.body.error.message, /acting as admin.*cannot grant owner/);
      assert.equal((await asKey('PATCH', `/api/v1/members/${t.ownerId}`, { role: 'viewer' })).status, 403);
      assert.equal((await asKey('DELETE', `/api/v1/members/${t.ownerId}`)).status, 403);
      assert.equal((await asKey('POST', '/api/v1/invitations', { email: 'new-owner@escalate.test', role: 'owner' })).status, 403);
      const members = (await t.owner.request('GET', '/api/v1/members')).body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]);
      assert.deepEqual(new Map(members), new Map([[t.ownerId, 'owner'], [t.memberId, 'admin']]));
      // What the admin may do, the key may do.
      assert.equal((await asKey('POST', '/api/v1/invitations', { email: 'helper@escalate.test', role: 'editor' })).status, 201);
    });

    test("a key follows its creator's current role: capped when they are demoted, back when promoted", async () => {
      const t = await team('capped');
      const key = await keyOf(t.member, ['admin']);
      assert.equal(key.createdBy, t.memberId);
      const asKey = withKey(key.key);
      assert.equal((await asKey('GET', '/api/v1/api-keys')).status, 200);
      assert.equal((await t.owner.request('PATCH', `/api/v1/members/${t.memberId}`, { role: 'editor' })).status, 200);
      const refused = await asKey('GET', '/api/v1/api-keys');
      assert.equal(refused.status, 403);
      assert.match(refused.body.error.message, /needs admin permission.*acting as editor, capped by its creator's current role/);
      assert.equal((await asKey('POST', '/api/v1/workflows', manual('as editor'))).status, 201);
      assert.equal((await t.owner.request('PATCH', `/api/v1/members/${t.memberId}`, { role: 'viewer' })).status, 200);
      assert.equal((await asKey('GET', '/api/v1/workspaces')).body.items[0].role, 'viewer');
      assert.equal((await asKey('POST', '/api/v1/workflows', manual('as viewer'))).status, 403);
      assert.equal((await asKey('GET', '/api/v1/workflows')).status, 200);
      assert.equal((await t.owner.request('PATCH', `/api/v1/members/${t.memberId}`, { role: 'admin' })).status, 200);
      assert.equal((await asKey('GET', '/api/v1/api-keys')).status, 200);
    });

    test('a key made with a key carries the same member, and is capped with them', async () => {
      const t = await team('chained');
      const parent = withKey((await keyOf(t.member, ['admin'])).key);
      const child = await parent('POST', '/api/v1/api-keys', { name: 'made by a key', scopes: ['admin'] });
      assert.equal(child.status, 201, JSON.stringify(child.body));
      assert.equal(child.body.createdBy, t.memberId);
      assert.equal((await t.owner.request('PATCH', `/api/v1/members/${t.memberId}`, { role: 'editor' })).status, 200);
      assert.equal((await withKey(child.body.key)('GET', '/api/v1/api-keys')).status, 403);
      assert.equal((await withKey(child.body.key)('PATCH', `/api/v1/members/${t.memberId}`, { role: 'admin' })).status, 403);
    });

    test("a key stops working when its creator leaves, and stays revoked if they come back", async () => {
      const t = await team('leaver');
      const key = await keyOf(t.member, ['write']);
      const asKey = withKey(key.key);
      assert.equal((await asKey('GET', '/api/v1/workflows')).status, 200);
      assert.equal((await t.owner.request('DELETE', `/api/v1/members/${t.memberId}`)).status, 204);
      const gone = await asKey('GET', '/api/v1/workflows');
      assert.equal(gone.status, 401);
      const audit = await t.owner.request('GET', '/api/v1/audit?action=member.remove');
      assert.deepEqual(audit.body.items[0].details.revokedApiKeys, [key.id]);
      assert.equal((await t.owner.request('POST', '/api/v1/invitations', { email: `member@leaver.test`, role: 'admin' })).status, 201);
      t.member.workspace = undefined;
      assert.equal((await t.member.request('POST', '/api/v1/invitations/accept', { token: mail.tokenFor('member@leaver.test') })).status, 200);
      assert.equal((await asKey('GET', '/api/v1/workflows')).status, 401);
    });

    test('a key of a removed member answers 401 even before it is revoked (agency role gone)', async () => {
      const boss = client();
      await boss.signup('boss@keys-agency.test');
      boss.workspace = (await boss.request('POST', '/api/v1/workspaces', { name: 'Keys Agency', kind: 'agency' })).body.slug;
      assert.equal((await boss.request('POST', '/api/v1/invitations', { email: 'staff@keys-agency.test', role: 'admin' })).status, 201);
      const token = mail.tokenFor('staff@keys-agency.test');
      const staff = client();
      const staffId = (await staff.signup('staff@keys-agency.test')).body.user.id;
      assert.equal((await staff.request('POST', '/api/v1/invitations/accept', { token })).status, 200);
      const clientWorkspace = await boss.request('POST', '/api/v1/workspaces', { name: 'Keys Client', kind: 'client' });
      staff.workspace = clientWorkspace.body.slug;
      const asKey = withKey((await keyOf(staff, ['admin'])).key);
      assert.equal((await asKey('GET', '/api/v1/api-keys')).status, 200, 'the agency role applies in the client workspace');
      // Removed from the agency by another path than the members route: the key's lookup still sees it.
      await levqor.database.db.deleteFrom('memberships').where('user_id', '=', staffId).where('workspace_id', '=', (await boss.request('GET', '/api/v1/workspace')).body.id).execute();
      const refused = await asKey('GET', '/api/v1/workflows');
      assert.equal(refused.status, 401);
      assert.match(refused.body.error.message, /no longer belongs to workspace "keys-client"/);
    });

    test('removing an agency member revokes the keys they made in its client workspaces', async () => {
      const boss = client();
      await boss.signup('boss@revoke-agency.test');
      boss.workspace = (await boss.request('POST', '/api/v1/workspaces', { name: 'Revoke Agency', kind: 'agency' })).body.slug;
      await boss.request('POST', '/api/v1/invitations', { email: 'staff@revoke-agency.test', role: 'admin' });
      const token = mail.tokenFor('staff@revoke-agency.test');
      const staff = client();
      const staffId = (await staff.signup('staff@revoke-agency.test')).body.user.id;
      await staff.request('POST', '/api/v1/invitations/accept', { token });
      staff.workspace = (await boss.request('POST', '/api/v1/workspaces', { name: 'Revoke Client', kind: 'client' })).body.slug;
      const key = await keyOf(staff, ['read']);
      assert.equal((await boss.request('DELETE', `/api/v1/members/${staffId}`)).status, 204);
      const row = await levqor.database.db.selectFrom('api_keys').select('revoked_at').where('id', '=', key.id).executeTakeFirstOrThrow();
      assert.ok(row.revoked_at, 'the client-workspace key is revoked');
    });

    test('the upgrade gives keys made with keys (stored with no creator before) the member behind the chain', async () => {
      const t = await team('upgrade');
      const first = await keyOf(t.member, ['admin']);
      const second = await withKey(first.key)('POST', '/api/v1/api-keys', { name: 'second', scopes: ['admin'] });
      const third = await withKey(second.body.key)('POST', '/api/v1/api-keys', { name: 'third', scopes: ['write'] });
      const db = levqor.database.db;
      // As such keys were stored before a key carried its creator.
      await db.updateTable('api_keys').set({ created_by: null }).where('id', 'in', [second.body.id, third.body.id]).execute();
      await carryKeyCreators(db);
      const rows = await db.selectFrom('api_keys').select(['id', 'created_by']).where('id', 'in', [second.body.id, third.body.id]).execute();
      assert.deepEqual(rows.map((r) => r.created_by), [t.memberId, t.memberId]);
      assert.equal((await levqor.api('GET', '/api/v1/api-keys')).status, 200, 'the operator key, made by no one, is left alone');
    });

    test('the operator key (first start, no member behind it) keeps its scopes and makes operator keys', async () => {
      const made = await levqor.api('POST', '/api/v1/api-keys', { name: 'deploy', scopes: ['write'] });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.createdBy, null);
      assert.equal((await withKey(made.body.key)('POST', '/api/v1/workflows', manual('deployed'))).status, 201);
      assert.equal((await withKey(made.body.key)('GET', '/api/v1/api-keys')).status, 403);
      // Still a key: owner-only actions need an owner.
      assert.equal((await levqor.api('POST', '/api/v1/invitations', { email: 'boss@default.test', role: 'owner' })).status, 403);
    });

    test('creating a key with a scope above the creator\'s role is refused with 403 scope_above_role', async () => {
      const t = await team('above', 'editor');
      const db = levqor.database.db;
      const { workspaceService } = createTenancy(db, new WorkspaceStore(db), createUnconfiguredMailer(), undefined);
      const workspace = (await t.owner.request('GET', '/api/v1/workspace')).body;
      const asEditor = { workspaceId: workspace.id, workspaceSlug: workspace.slug, role: 'editor' as const, userId: t.memberId, keyCreatorId: null, actor: { type: 'user' as const, id: t.memberId, label: null, ip: null, userAgent: null } };
      await assert.rejects(workspaceService.createApiKey(asEditor, { name: 'too much', scopes: ['read', 'admin'], expiresAt: null }), (error: { status: number; code: string; message: string }) => {
        assert.equal(error.status, 403);
        assert.equal(error.code, 'scope_above_role');
        assert.match(error.message, /your role \(editor\) cannot create a key with scope admin/);
        return true;
      });
      const allowed = await workspaceService.createApiKey(asEditor, { name: 'enough', scopes: ['write'], expiresAt: null });
      assert.equal(allowed.view.createdBy, t.memberId);
    });
  });
}
