import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from './support/databases.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { SessionClient } from './support/session-client.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PASSWORD = 'a long enough password';
const manual = (name: string) => ({ name, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform' }] });

for (const kind of databaseKinds()) {
  describe(`accounts and sessions on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    before(async () => {
      mail = await startMailCatcher();
      levqor = await startTestLevqor(kind, { env: { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>' } });
    });
    after(async () => {
      await levqor?.close();
      await mail?.close();
    });
    const client = () => new SessionClient(levqor.server!);

    test('sign-up creates the user, an owned workspace and a session with httpOnly SameSite cookies', async () => {
      const ada = client();
      const signup = await ada.signup('Ada@Example.com', PASSWORD, 'Analytical Engines');
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      assert.equal(signup.body.user.email, 'ada@example.com');
      assert.equal(signup.body.workspace.slug, 'analytical-engines');
      const cookies = [signup.headers['set-cookie']].flat().join('\n');
      assert.match(cookies, /levqor_session=[^;]+;.*HttpOnly/);
      assert.match(cookies, /SameSite=Lax/);
      const me = await ada.request('GET', '/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.currentWorkspace, 'analytical-engines');
      assert.equal(me.body.role, 'owner');
    });

    test('a sign-up with an existing address answers like any sign-up and emails the owner instead', async () => {
      const owner = client();
      await owner.signup('lovelace@example.com', PASSWORD, 'Compilers');
      const shape = (answer: { status: number; body: Record<string, unknown>; headers: Record<string, unknown> }) => ({
        status: answer.status,
        fields: Object.keys(answer.body),
        user: Object.keys(answer.body.user as object),
        workspace: Object.keys(answer.body.workspace as object),
        cookies: [answer.headers['set-cookie']].flat().map((c) => String(c).split('=')[0]),
        verificationEmailSent: answer.body.verificationEmailSent,
      });
      const fresh = await client().signup('babbage@example.com', 'another long password', 'Compilers');
      const mailsBefore = mail.mails.length;
      const workspacesBefore = await levqor.database.db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const intruder = client();
      const again = await intruder.signup('Lovelace@Example.com', 'another long password', 'Compilers');
      assert.deepEqual(shape(again), shape(fresh));
      assert.equal(again.status, 201);
      assert.equal(again.body.user.email, 'lovelace@example.com');
      assert.equal(again.body.workspace.slug, 'compilers-3', 'the slug a new workspace would get');
      assert.ok(!JSON.stringify(again.body).includes('exists'));
      // Nothing was created and nothing opened: the answer's session was never stored.
      const workspacesAfter = await levqor.database.db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(workspacesAfter.n), Number(workspacesBefore.n));
      assert.equal((await intruder.request('GET', '/api/v1/me')).status, 401);
      assert.equal((await client().login('lovelace@example.com', 'another long password')).status, 401);
      assert.equal((await client().login('lovelace@example.com', PASSWORD)).status, 200);
      assert.equal((await owner.request('GET', '/api/v1/me')).status, 200);
      // The owner hears of it, with no link that does anything.
      const notices = mail.mails.slice(mailsBefore).filter((m) => m.to.includes('lovelace@example.com'));
      assert.equal(notices.length, 1);
      assert.match(notices[0].text, /tried to create a Levqor account with this email address/);
      assert.match(notices[0].text, /reset your password/);
      assert.doesNotMatch(notices[0].text, /token=/);
      const audited = await levqor.database.db.selectFrom('audit_events').select(['target_id', 'actor_type']).where('action', '=', 'account.signup_existing').execute();
      assert.deepEqual(audited, [{ target_id: (await owner.request('GET', '/api/v1/me')).body.user.id, actor_type: 'anonymous' }]);
    });

    test('a weak password or malformed email is refused with a field-specific message', async () => {
      const weak = await client().signup('weak@example.com', 'short');
      assert.equal(weak.status, 400);
      assert.match(weak.body.error.message, /password must be at least 10 characters/);
      const bad = await client().signup('not-an-email', PASSWORD);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'validation_failed');
      assert.match(bad.body.error.message, /email/);
    });

    test('state changes from a session need the CSRF token; API keys need none', async () => {
      const grace = client();
      await grace.signup('grace@example.com');
      const token = grace.csrfToken;
      grace.csrfToken = undefined;
      const refused = await grace.request('POST', '/api/v1/workflows', manual('no csrf'));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'csrf_failed');
      const wrong = await grace.request('POST', '/api/v1/workflows', manual('wrong csrf'), { 'x-csrf-token': 'x'.repeat(32) });
      assert.equal(wrong.status, 403);
      grace.csrfToken = token;
      assert.equal((await grace.request('POST', '/api/v1/workflows', manual('with csrf'))).status, 201);
      assert.equal((await levqor.api('POST', '/api/v1/workflows', manual('by key'))).status, 201);
    });

    test('email verification uses a single-use token sent over SMTP', async () => {
      const lin = client();
      const signup = await lin.signup('lin@example.com');
      assert.equal(signup.body.verificationEmailSent, true);
      const token = mail.tokenFor('lin@example.com');
      assert.equal((await lin.request('POST', '/api/v1/auth/verify-email', { token })).status, 204);
      assert.equal((await lin.request('GET', '/api/v1/me')).body.user.emailVerified, true);
      const again = await lin.request('POST', '/api/v1/auth/verify-email', { token });
      assert.equal(again.status, 400);
      assert.equal(again.body.error.code, 'invalid_token');
    });

    test('password reset: the emailed token sets a new password once and signs out every session', async () => {
      const kay = client();
      await kay.signup('kay@example.com');
      const unknown = await client().request('POST', '/api/v1/auth/password-reset', { email: 'nobody@example.com' });
      assert.equal(unknown.status, 202, 'unknown addresses get the same answer');
      assert.equal((await client().request('POST', '/api/v1/auth/password-reset', { email: 'kay@example.com' })).status, 202);
      const token = mail.tokenFor('kay@example.com');
      const confirm = await client().request('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'a brand new passphrase' });
      assert.equal(confirm.status, 204);
      assert.equal((await kay.request('GET', '/api/v1/me')).status, 401, 'old sessions are revoked');
      assert.equal((await client().login('kay@example.com', PASSWORD)).status, 401);
      assert.equal((await client().login('kay@example.com', 'a brand new passphrase')).status, 200);
      assert.equal((await client().request('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'yet another passphrase' })).status, 400);
    });

    test('a completed password reset ends every other reset link and every session of the account', async () => {
      const lee = client();
      await lee.signup('lee@example.com');
      const other = client();
      assert.equal((await other.login('lee@example.com', PASSWORD)).status, 200);
      await client().request('POST', '/api/v1/auth/password-reset', { email: 'lee@example.com' });
      const first = mail.tokenFor('lee@example.com');
      await client().request('POST', '/api/v1/auth/password-reset', { email: 'lee@example.com' });
      const second = mail.tokenFor('lee@example.com');
      assert.notEqual(first, second);
      const weak = await client().request('POST', '/api/v1/auth/password-reset/confirm', { token: second, password: 'short' });
      assert.equal(weak.body.error.code, 'weak_password');
      assert.equal((await client().request('POST', '/api/v1/auth/password-reset/confirm', { token: second, password: 'the second new passphrase' })).status, 204, 'a refused password leaves the link usable');
      const stale = await client().request('POST', '/api/v1/auth/password-reset/confirm', { token: first, password: 'the first new passphrase' });
      assert.equal(stale.status, 400);
      assert.equal(stale.body.error.code, 'invalid_token');
      assert.equal((await client().login('lee@example.com', 'the first new passphrase')).status, 401);
      assert.equal((await client().login('lee@example.com', 'the second new passphrase')).status, 200);
      assert.equal((await lee.request('GET', '/api/v1/me')).status, 401);
      assert.equal((await other.request('GET', '/api/v1/me')).status, 401);
    });

    test('repeated failed sign-ins lock the account with 429 and Retry-After, and are audited', async () => {
      const owner = client();
      await owner.signup('locked@example.com');
      for (let i = 0; i < 5; i++) assert.equal((await client().login('locked@example.com', 'wrong password 123')).status, 401);
      const locked = await client().login('locked@example.com', PASSWORD);
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal(locked.body.error.code, 'too_many_attempts');
      const audit = await owner.request('GET', '/api/v1/audit?action=auth.login_failed');
      assert.equal(audit.body.items.length, 5);
      assert.equal(audit.body.items[0].actor.label, 'locked@example.com');
    });

    test('many failures from one IP lock that IP across accounts', async () => {
      // Every injected request comes from 127.0.0.1, so this locks the test's own address: a dedicated
      // instance keeps the other tests unaffected.
      const isolated = await startTestLevqor(kind);
      try {
        for (let i = 0; i < 20; i++) await new SessionClient(isolated.server!).login(`user${i}@example.com`, 'whatever password');
        const blocked = await new SessionClient(isolated.server!).login('fresh@example.com', PASSWORD);
        assert.equal(blocked.status, 429);
      } finally {
        await isolated.close();
      }
    });

    test('sessions are listed and one can be revoked; logout ends the current one', async () => {
      const first = client();
      await first.signup('multi@example.com');
      const second = client();
      await second.login('multi@example.com');
      const list = await second.request('GET', '/api/v1/auth/sessions');
      assert.equal(list.body.items.length, 2);
      const other = list.body.items.find((s: { current: boolean }) => !s.current);
      assert.equal((await second.request('DELETE', `/api/v1/auth/sessions/${other.id}`)).status, 204);
      assert.equal((await first.request('GET', '/api/v1/me')).status, 401);
      assert.equal((await second.request('POST', '/api/v1/auth/logout')).status, 204);
      assert.equal((await second.request('GET', '/api/v1/me')).status, 401);
    });
  });
}
