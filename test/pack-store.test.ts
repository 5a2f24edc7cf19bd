import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signDownload } from '../src/packs/download-links.ts';
import { PACKS_DIR } from '../src/packs/load-pack.ts';
import { grantPackEntitlement, recordPackPurchase, revokePackEntitlement } from '../src/packs/pack-entitlements.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { packStoreEnv, testPublisher } from './support/pack-store.ts';
import { runCli } from './support/run-cli.ts';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts';
import { deliverStripeEvent, stripeEvent } from './support/stripe-webhooks.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const STARTER_TEXT = readFileSync(join(PACKS_DIR, 'starter.yaml'), 'utf8');

/** The path and query of a download URL, to send through inject(). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};


for (const kind of databaseKinds()) {
  describe(`paid packs: catalog, entitlements, signed downloads (${kind})`, () => {
    let levqor: TestLevqor;
    let workspaceId: string;

    before(async () => {
      levqor = await startTestLevqor(kind, { roles: { worker: false }, env: packStoreEnv(testPublisher()) });
      workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
    });
    after(() => levqor.close());

    test('the public catalog lists the shipped and the store\'s packs with their prices', async () => {
      const list = await levqor.server!.inject({ method: 'GET', url: '/api/packs' });
      assert.equal(list.statusCode, 200);
      const items = list.json().items as { id: string; price: { amount: number; display: string } }[];
      assert.deepEqual(items.map((p) => p.id).sort(), ['automation-pro', 'enterprise', 'starter']);
      assert.equal(items.find((p) => p.id === 'automation-pro')!.price.display, '99.00 USD');
      const missing = await levqor.server!.inject({ method: 'GET', url: '/api/packs/nope' });
      assert.equal(missing.statusCode, 404);
    });

    test('a free pack downloads through a signed link, byte for byte, and the download is recorded', async () => {
      const link = await levqor.api('POST', '/api/v1/packs/starter/download-link');
      assert.equal(link.status, 201, JSON.stringify(link.body));
      assert.ok(Date.parse(link.body.expires_at) > Date.now());
      const download = await levqor.server!.inject({ method: 'GET', url: pathOf(link.body.url) });
      assert.equal(download.statusCode, 200, download.body);
      assert.equal(download.body, STARTER_TEXT);
      assert.match(String(download.headers['content-disposition']), /starter-/);
      const events = await levqor.database.db.selectFrom('pack_events').selectAll().where('pack_id', '=', 'starter').where('kind', '=', 'download').execute();
      assert.equal(events.length, 1);
      assert.equal(events[0].workspace_id, workspaceId);
    });

    test('an altered or expired link is refused and records nothing', async () => {
      const link = await levqor.api('POST', '/api/v1/packs/starter/download-link');
      const before = await levqor.database.db.selectFrom('pack_events').select('id').execute();
      const tampered = pathOf(link.body.url).replace(/signature=[^&]+/, 'signature=AAAA');
      const refused = await levqor.server!.inject({ method: 'GET', url: tampered });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'invalid_signature');
      const otherPack = pathOf(link.body.url).replace('/api/packs/starter/', '/api/packs/automation-pro/');
      assert.equal((await levqor.server!.inject({ method: 'GET', url: otherPack })).statusCode, 403);
      const key = levqor.secrets.derivedKey('pack-download-links');
      const starterVersion = (await levqor.server!.inject({ method: 'GET', url: '/api/packs/starter' })).json().version;
      const expired = signDownload(key, { packId: 'starter', version: starterVersion, workspaceId, expires: Date.now() - 1000 });
      const late = await levqor.server!.inject({ method: 'GET', url: `/api/packs/starter/download?${expired}` });
      assert.equal(late.statusCode, 410);
      assert.equal(late.json().error.code, 'link_expired');
      assert.equal((await levqor.database.db.selectFrom('pack_events').select('id').execute()).length, before.length);
    });

    test('a paid pack needs an entitlement; a grant allows it, a revocation withdraws it even from issued links', async () => {
      const refused = await levqor.api('POST', '/api/v1/packs/automation-pro/download-link');
      assert.equal(refused.status, 402);
      assert.equal(refused.body.error.code, 'pack_not_entitled');
      assert.match(refused.body.error.message, /99\.00 USD/);
      assert.equal(await grantPackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', source: 'grant', actor: 'operator:test' }), true);
      assert.equal(await grantPackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', source: 'grant', actor: 'operator:test' }), false);
      const listed = await levqor.api('GET', '/api/v1/packs/entitlements');
      assert.deepEqual(listed.body.items.map((e: { pack_id: string }) => e.pack_id), ['automation-pro']);
      const link = await levqor.api('POST', '/api/v1/packs/automation-pro/download-link');
      assert.equal(link.status, 201);
      assert.equal(await revokePackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', actor: 'operator:test' }), true);
      const afterRevoke = await levqor.server!.inject({ method: 'GET', url: pathOf(link.body.url) });
      assert.equal(afterRevoke.statusCode, 402);
      assert.deepEqual((await levqor.api('GET', '/api/v1/packs/entitlements')).body.items, []);
    });

    test('a purchase is recorded and granted once per Checkout session', async () => {
      const pack = { id: 'enterprise', name: 'Enterprise', version: '1.0.0', price: { amount: 29900, currency: 'USD' } };
      assert.equal(await recordPackPurchase(levqor.database.db, { workspaceId, pack, reference: 'cs_test_1', actor: 'stripe' }), true);
      assert.equal(await recordPackPurchase(levqor.database.db, { workspaceId, pack, reference: 'cs_test_1', actor: 'stripe' }), false);
      const purchases = await levqor.database.db.selectFrom('pack_events').selectAll().where('kind', '=', 'purchase').execute();
      assert.equal(purchases.length, 1);
      assert.equal(purchases[0].amount, 29900);
      assert.equal((await levqor.api('POST', '/api/v1/packs/enterprise/download-link')).status, 201);
    });
  });
}

describe('levqor pack grant and pack report', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let env: Record<string, string | undefined>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'levqor-pack-grant-'));
    // PostgreSQL when available (the CLI and a server share it), else an embedded database on disk.
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase('postgres');
      env = { DATABASE_URL: (database.target as { url: string }).url, LEVQOR_DATA_DIR: dir };
    } else {
      env = { DATABASE_URL: undefined, LEVQOR_DATA_DIR: join(dir, 'data') };
    }
    env = { ...env, ...packStoreEnv(testPublisher()) };
    const levqor = await startTestLevqor(database ? 'postgres' : 'pglite', {
      roles: { worker: false },
      ...(database ? { database } : { database: { name: 'pglite', target: { kind: 'pglite', dataDir: join(dir, 'data') }, dispose: async () => {} } }),
    });
    await levqor.close();
  });
  after(async () => {
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  test('grants, refuses unknown packs and workspaces, revokes, and reports', async () => {
    const unknownPack = await runCli(['pack', 'grant', 'nope', '--workspace', 'default'], env);
    assert.equal(unknownPack.code, 2, unknownPack.stderr);
    assert.match(unknownPack.stderr, /pack "nope" does not exist.*automation-pro/);
    const unknownWorkspace = await runCli(['pack', 'grant', 'enterprise', '--workspace', 'ghost'], env);
    assert.equal(unknownWorkspace.code, 2);
    assert.match(unknownWorkspace.stderr, /workspace "ghost" does not exist/);
    const granted = await runCli(['pack', 'grant', 'enterprise', '--workspace', 'default', '--by', 'ops'], env);
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stdout, /granted: default may import enterprise/);
    const again = await runCli(['pack', 'grant', 'enterprise', '--workspace', 'default'], env);
    assert.match(again.stdout, /already holds/);
    const revoked = await runCli(['pack', 'grant', 'enterprise', '--workspace', 'default', '--revoke'], env);
    assert.match(revoked.stdout, /revoked/);
    const report = await runCli(['pack', 'report'], env);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /enterprise: 0 purchase\(s\), 1 grant\(s\), 1 revocation\(s\), 0 download\(s\)/);
  });
});

for (const kind of databaseKinds()) {
  describe(`buying a paid pack through Stripe Checkout (${kind})`, () => {
    const secret = 'whsec_levqor_pack_test';
    let fake: FakeStripe;
    let levqor: TestLevqor;

    before(async () => {
      fake = await startFakeStripe();
      levqor = await startTestLevqor(kind, {
        roles: { worker: false },
        env: { STRIPE_SECRET_KEY: 'sk_test_levqor_fake', STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_BASE: fake.url, LEVQOR_PUBLIC_URL: 'https://levqor.test', ...packStoreEnv(testPublisher()) },
      });
    });
    after(async () => {
      await levqor?.close();
      await fake?.close();
    });

    const deliver = async (type: string, object: unknown) => {
      const response = await deliverStripeEvent(levqor, stripeEvent(type, object, { apiVersion: null }), secret);
      assert.equal(response.status, 200, response.text);
    };

    test('checkout charges the pack price; the paid webhook grants and records it once; the import is then allowed', async () => {
      const free = await levqor.api('POST', '/api/v1/packs/starter/checkout');
      assert.deepEqual([free.status, free.body.error.code], [409, 'pack_is_free']);
      const started = await levqor.api('POST', '/api/v1/packs/automation-pro/checkout');
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const session = fake.sessions.get(started.body.id)!;
      assert.deepEqual([session.mode, Number(session._lineItems[0].price_data.unit_amount), session._lineItems[0].price_data.currency], ['payment', 9900, 'usd']);
      assert.equal((await levqor.api('POST', '/api/v1/packs/automation-pro/download-link')).status, 402, 'nothing is granted before Stripe reports the payment');

      const completed = fake.completeCheckout(started.body.id);
      await deliver('checkout.session.completed', completed);
      await deliver('checkout.session.async_payment_succeeded', completed);
      const purchases = await levqor.database.db.selectFrom('pack_events').selectAll().where('kind', '=', 'purchase').execute();
      assert.equal(purchases.length, 1, 'two events about one session record one purchase');
      assert.deepEqual([purchases[0].pack_id, purchases[0].amount, purchases[0].currency], ['automation-pro', 9900, 'USD']);
      const entitlements = await levqor.api('GET', '/api/v1/packs/entitlements');
      assert.deepEqual(entitlements.body.items.map((e: { pack_id: string; source: string }) => [e.pack_id, e.source]), [['automation-pro', 'purchase']]);
      const link = await levqor.api('POST', '/api/v1/packs/automation-pro/download-link');
      assert.equal(link.status, 201);
      const signed = (await levqor.server!.inject({ method: 'GET', url: pathOf(link.body.url) })).body;
      const again = await levqor.api('POST', '/api/v1/packs/automation-pro/checkout');
      assert.deepEqual([again.status, again.body.error.code], [409, 'already_entitled']);
      const dryRun = await levqor.api('POST', '/api/v1/packs/import', { pack: signed, dry_run: true, variables: { salesApiUrl: 'http://127.0.0.1:1', supportApiUrl: 'http://127.0.0.1:1', shopApiUrl: 'http://127.0.0.1:1', eventsApiUrl: 'http://127.0.0.1:1' } });
      assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body));
    });
  });
}
