import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicKeyText } from '../../src/packs/pack-signature.ts';

/** The repository's store packs (paid ones included): never shipped in packs/. */
export const PACK_STORE_DIR = fileURLToPath(new URL('../../pack-store/', import.meta.url));

export interface TestPublisher {
  name: string;
  privateKey: KeyObject;
  /** base64url, as LEVQOR_PACK_PUBLISHERS takes it. */
  publicKey: string;
  keyFile: string;
}

/** A publisher with a key made for this test run (the project's own private key is not in the repository). */
export function testPublisher(name = 'test-store'): TestPublisher {
  const { privateKey } = generateKeyPairSync('ed25519');
  const keyFile = join(mkdtempSync(join(tmpdir(), 'levqor-publisher-')), `${name}.pem`);
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { name, privateKey, publicKey: publicKeyText(privateKey), keyFile };
}

/** The environment of a server whose pack store delivers pack-store/, signed with `publisher`'s key. */
export function packStoreEnv(publisher: TestPublisher, others: TestPublisher[] = []): Record<string, string> {
  return {
    LEVQOR_PACK_STORE_DIR: PACK_STORE_DIR,
    LEVQOR_PACK_SIGNING_KEY_FILE: publisher.keyFile,
    LEVQOR_PACK_PUBLISHER: publisher.name,
    LEVQOR_PACK_PUBLISHERS: [publisher, ...others].map((p) => `${p.name}=${p.publicKey}`).join(','),
  };
}
