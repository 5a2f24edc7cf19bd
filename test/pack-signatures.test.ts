import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { StepRegistry } from '../src/engine/step-registry.ts';
import { canonicalPackText, packFiles, readPack } from '../src/packs/load-pack.ts';
import { loadPackCatalog } from '../src/packs/pack-catalog.ts';
import { grantPackEntitlement, revokePackEntitlement } from '../src/packs/pack-entitlements.ts';
import { signPackText } from '../src/packs/pack-signature.ts';
import { packTrustFrom, PackTrustError, projectPackTrust } from '../src/packs/pack-trust.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { databaseKinds } from './support/databases.ts';
import { PACK_STORE_DIR, packStoreEnv, testPublisher } from './support/pack-store.ts';
import { runCli } from './support/run-cli.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const registry = new StepRegistry(builtinSteps);
const PRO_VARIABLES = { salesApiUrl: 'https://sales.example.com', supportApiUrl: 'https://support.example.com', shopApiUrl: 'https://shop.example.com', eventsApiUrl: 'https://events.example.com' };
const sign = (text: string, publisher: string, key: Parameters<typeof signPackText>[3]) => signPackText(canonicalPackText(text), text, publisher, key);
const unsigned = (text: string) => text.replace(/^signature:.*\n/m, '');

describe('paid packs are not shipped', () => {
  test('no file of the package is a paid pack or holds a paid pack\'s workflows', () => {
    const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8' })) as { files: { path: string }[] }[];
    const files = listing[0].files.map((f) => f.path);
    assert.ok(files.includes('packs/starter.yaml'), 'the free pack ships');
    assert.deepEqual(files.filter((f) => f.startsWith('pack-store/')), []);
    for (const file of packFiles(PACK_STORE_DIR)) {
      const text = readFileSync(file, 'utf8');
      const workflows = text.slice(text.indexOf('\nworkflows:'), text.indexOf('\nendpoints:'));
      assert.ok(workflows.length > 1000);
      for (const shipped of files) assert.ok(!readFileSync(join(ROOT, shipped), 'utf8').includes(workflows), `${shipped} holds the workflows of ${file}`);
    }
  });

  test('a paid pack put in packs/ stops the catalog; an unsigned one in the store needs the store\'s key', () => {
    const shipped = mkdtempSync(join(tmpdir(), 'levqor-shipped-'));
    copyFileSync(join(PACK_STORE_DIR, 'enterprise.yaml'), join(shipped, 'enterprise.yaml'));
    assert.throws(() => loadPackCatalog(registry, { trust: projectPackTrust(), shippedDir: shipped }), /enterprise\.yaml is paid: paid packs are delivered by the pack store/);
    assert.throws(() => loadPackCatalog(registry, { trust: projectPackTrust(), storeDir: PACK_STORE_DIR }), /is paid and unsigned: give the store its signing key \(LEVQOR_PACK_SIGNING_KEY_FILE\)/);
  });
});

describe('levqor pack keygen and pack sign', () => {
  test('a key made by keygen signs a store pack that then loads without a signing key on the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levqor-pack-sign-'));
    const keyFile = join(dir, 'acme.pem');
    const made = await runCli(['pack', 'keygen', '--out', keyFile, '--publisher', 'acme']);
    assert.equal(made.code, 0, made.stderr);
    const publicKey = /^public key: (\S+)$/m.exec(made.stdout)![1];
    assert.match(made.stdout, new RegExp(`LEVQOR_PACK_PUBLISHERS=acme=${publicKey}`));
    const again = await runCli(['pack', 'keygen', '--out', keyFile, '--publisher', 'acme']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /a key is never overwritten/);
    const store = join(dir, 'store');
    mkdirSync(store);
    const signed = await runCli(['pack', 'sign', join(PACK_STORE_DIR, 'enterprise.yaml'), '--key', keyFile, '--publisher', 'acme', '--out', join(store, 'enterprise.yaml')]);
    assert.equal(signed.code, 0, signed.stderr);
    const trust = packTrustFrom({ publishers: { acme: publicKey }, publisher: 'levqor' });
    const catalog = loadPackCatalog(registry, { trust, storeDir: store });
    assert.equal(catalog.get('enterprise')!.text, readFileSync(join(store, 'enterprise.yaml'), 'utf8'));
    assert.deepEqual(trust.check(catalog.get('enterprise')!.text), { status: 'valid', publisher: 'acme' });
    assert.throws(() => loadPackCatalog(registry, { trust: projectPackTrust(), storeDir: store }), /publisher "acme" is not trusted here/);
    const valid = await runCli(['pack', 'validate', join(store, 'enterprise.yaml')], { LEVQOR_PACK_PUBLISHERS: `acme=${publicKey}` });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, /signature: by acme \(valid\)/);
    const untrusted = await runCli(['pack', 'validate', join(store, 'enterprise.yaml')]);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /publisher "acme" is not trusted here/);
  });
});

describe('pack trust settings', () => {
  test('bad publisher keys and a signing key of another publisher are refused at start, naming the variable', () => {
    assert.throws(() => loadConfig({ LEVQOR_PACK_PUBLISHERS: 'acme=not-a-key' }), (e: Error) => e instanceof ConfigError && /LEVQOR_PACK_PUBLISHERS: the key of "acme" must be an Ed25519 public key/.test(e.message));
    assert.throws(() => loadConfig({ LEVQOR_PACK_PUBLISHERS: `levqor=${testPublisher().publicKey}` }), /built-in project publisher; its key cannot be replaced/);
    const store = testPublisher();
    const other = testPublisher('other');
    assert.throws(() => packTrustFrom({ publishers: { [store.name]: other.publicKey }, publisher: store.name, signingKeyFile: store.keyFile }), (e: Error) => e instanceof PackTrustError && e.message.includes(`is not the key of publisher "test-store"`) && e.message.includes(store.publicKey));
    assert.throws(() => packTrustFrom({ publishers: {}, publisher: 'levqor', signingKeyFile: store.keyFile }), /is not the key of publisher "levqor"/);
    assert.throws(() => packTrustFrom({ publishers: {}, publisher: 'levqor', signingKeyFile: join(tmpdir(), 'no-such-key.pem') }), /LEVQOR_PACK_SIGNING_KEY_FILE: cannot read .*ENOENT/);
  });
});

for (const kind of databaseKinds()) {
  describe(`signed paid packs (${kind})`, () => {
    const store = testPublisher();
    const other = testPublisher('other');
    let levqor: TestLevqor;
    let workspaceId: string;
    let signedPro: string;

    const importing = (pack: string, extra: Record<string, unknown> = {}) => levqor.api('POST', '/api/v1/packs/import', { pack, variables: PRO_VARIABLES, ...extra });
    const workflowCount = async () => (await levqor.api('GET', '/api/v1/workflows')).body.items.length;

    before(async () => {
      levqor = await startTestLevqor(kind, { roles: { worker: false }, env: packStoreEnv(store, [other]) });
      workspaceId = (await levqor.database.db.selectFrom('workspaces').select('id').where('slug', '=', 'default').executeTakeFirstOrThrow()).id;
      await grantPackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', source: 'grant', actor: 'operator:test' });
      const link = await levqor.api('POST', '/api/v1/packs/automation-pro/download-link');
      assert.equal(link.status, 201, JSON.stringify(link.body));
      const url = new URL(link.body.url);
      signedPro = (await levqor.server!.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).body;
    });
    after(() => levqor?.close());

    test('the store delivers a paid pack signed by its publisher, its checksum intact', () => {
      assert.match(signedPro, /^signature: ed25519:test-store:[A-Za-z0-9_-]{86}$/m);
      const stored = readFileSync(join(PACK_STORE_DIR, 'automation-pro.yaml'), 'utf8');
      assert.equal(unsigned(signedPro), stored, 'the signature line is all the store adds');
      assert.ok(readPack(signedPro, registry).ok);
    });

    test('a valid signed pack imports with the entitlement; without it 402', async () => {
      await revokePackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', actor: 'operator:test' });
      const refused = await importing(signedPro, { dry_run: true });
      assert.deepEqual([refused.status, refused.body.error.code], [402, 'pack_not_entitled']);
      await grantPackEntitlement(levqor.database.db, { workspaceId, packId: 'automation-pro', source: 'grant', actor: 'operator:test' });
      const imported = await importing(signedPro);
      assert.equal(imported.status, 201, JSON.stringify(imported.body));
      assert.equal(imported.body.plan.pack.id, 'automation-pro');
      assert.equal(await workflowCount(), 3);
    });

    test('rename-to-free: a copy with price 0 under the paid id or name, or a price without a signature, is refused', async () => {
      const before = await workflowCount();
      const free = signedPro.replace('price: { amount: 9900, currency: USD }', 'price: { amount: 0, currency: USD }');
      assert.notEqual(free, signedPro);
      const edited = await importing(free, { dry_run: true });
      assert.deepEqual([edited.status, edited.body.error.code], [422, 'signature_invalid'], JSON.stringify(edited.body));
      assert.match(edited.body.error.message, /changed after it was signed/);
      const sameId = await importing(unsigned(free), { dry_run: true });
      assert.deepEqual([sameId.status, sameId.body.error.code], [422, 'pack_not_signed']);
      assert.match(sameId.body.error.message, /the id "automation-pro" belongs to a paid pack of publisher "test-store"/);
      const sameName = await importing(unsigned(free).replace(/^id: automation-pro$/m, 'id: my-automation'), { dry_run: true });
      assert.deepEqual([sameName.status, sameName.body.error.code], [422, 'pack_not_signed']);
      assert.match(sameName.body.error.message, /the name "Automation Pro" belongs to a paid pack/);
      const priced = await importing(unsigned(signedPro).replace(/^id: automation-pro$/m, 'id: my-automation').replace(/^name: Automation Pro$/m, 'name: Mine'), { dry_run: true });
      assert.deepEqual([priced.status, priced.body.error.code], [422, 'pack_not_signed']);
      assert.match(priced.body.error.message, /costs 99\.00 USD but carries no signature of a trusted publisher/);
      assert.equal(await workflowCount(), before);
    });

    test('tampered content fails the signature check and imports nothing', async () => {
      const before = await workflowCount();
      const tampered = signedPro.replace('attempts: 5', 'attempts: 4');
      assert.notEqual(tampered, signedPro);
      const refused = await importing(tampered);
      assert.deepEqual([refused.status, refused.body.error.code], [422, 'signature_invalid']);
      assert.deepEqual(refused.body.error.details.map((d: { path: string }) => d.path), ['signature']);
      assert.equal(await workflowCount(), before);
    });

    test('wrong key: a signature by an unknown key, an untrusted publisher, or another trusted publisher claiming the paid id', async () => {
      const stranger = generateKeyPairSync('ed25519').privateKey;
      const forged = await importing(sign(unsigned(signedPro), 'test-store', stranger), { dry_run: true });
      assert.deepEqual([forged.status, forged.body.error.code], [422, 'signature_invalid']);
      const untrusted = await importing(sign(unsigned(signedPro), 'mallory', stranger), { dry_run: true });
      assert.deepEqual([untrusted.status, untrusted.body.error.code], [422, 'signature_invalid']);
      assert.match(untrusted.body.error.message, /publisher "mallory" is not trusted here \(trusted: levqor, test-store, other\)/);
      const free = unsigned(signedPro).replace('price: { amount: 9900, currency: USD }', 'price: { amount: 0, currency: USD }');
      const impostor = await importing(sign(free, 'other', other.privateKey), { dry_run: true });
      assert.deepEqual([impostor.status, impostor.body.error.code], [422, 'pack_not_signed']);
      assert.match(impostor.body.error.message, /belongs to a paid pack of publisher "test-store", and this text is signed by "other"/);
      const ownPack = free.replace(/^id: automation-pro$/m, 'id: other-pack').replace(/^name: Automation Pro$/m, 'name: Other pack');
      const legit = await importing(sign(ownPack, 'other', other.privateKey), { dry_run: true });
      assert.equal(legit.status, 200, JSON.stringify(legit.body));
    });

    test('without a store, the project\'s paid pack ids stay reserved to the project publisher', async () => {
      assert.ok(existsSync(PACK_STORE_DIR));
      const free = unsigned(signedPro).replace('price: { amount: 9900, currency: USD }', 'price: { amount: 0, currency: USD }');
      assert.throws(() => projectPackTrust().assertIdentity(free, { id: 'automation-pro', name: 'Automation Pro', price: { amount: 0, currency: 'USD' } }), /belongs to a paid pack of publisher "levqor"/);
    });
  });
}
