import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Publisher signatures of packs (docs/packs.md, "Signed packs"). A signature is one top-level line,
 * `signature: ed25519:<publisher>:<base64url>`, an Ed25519 signature of the canonical pack text (the
 * text the checksum covers, which leaves out the checksum and signature lines), so every other byte of
 * the pack — id, name, price, workflows — is bound to the publisher.
 */

/** The project's own publisher, trusted everywhere; its private key is not in the repository. */
export const PROJECT_PUBLISHER = 'levqor';
export const PROJECT_PUBLIC_KEY = '6qlTSRJTUOjBC_lAm6BZGXiffetmCQW3mbiUIzZJcZU';

/** The project's paid packs: their ids and names are its own even where no pack store is configured. */
export const PROJECT_PAID_PACKS: readonly { id: string; name: string }[] = [
  { id: 'automation-pro', name: 'Automation Pro' },
  { id: 'enterprise', name: 'Enterprise' },
];

export const PUBLISHER_NAME = /^[a-z][a-z0-9-]{1,62}$/;
export const SIGNATURE = /^ed25519:([a-z][a-z0-9-]{1,62}):([A-Za-z0-9_-]{86})$/;
export const SIGNATURE_LINE = /^signature:[^\n]*(?:\n|$)/gm;

/** An Ed25519 public key from its 32 bytes in base64url (a JWK's `x`), or the reason it is none. */
export function publicKeyFrom(text: string): KeyObject | string {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return 'must be an Ed25519 public key: 32 bytes in base64url (43 characters), as "levqor pack keygen" prints';
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
  } catch (error) {
    return `is not an Ed25519 public key (${(error as Error).message})`;
  }
}

/** An Ed25519 private key from PEM (PKCS#8) text, or the reason it is none. */
export function privateKeyFrom(pem: string): KeyObject | string {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : `is a ${key.asymmetricKeyType} key; pack signatures use Ed25519 ("levqor pack keygen" makes one)`;
  } catch {
    return 'is not a PEM private key ("-----BEGIN PRIVATE KEY-----…", as "levqor pack keygen" writes)';
  }
}

/** The base64url public half of a key, as configured in LEVQOR_PACK_PUBLISHERS. */
export function publicKeyText(key: KeyObject): string {
  return String((key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }).x);
}

export type SignatureCheck =
  | { status: 'unsigned' }
  | { status: 'valid'; publisher: string }
  | { status: 'invalid'; message: string };

/** The `signature:` value of a pack text (the top-level line), if it has one. */
function signatureLine(text: string): string | undefined {
  const match = /^signature:[ \t]*["']?([^"'\n]*?)["']?[ \t]*$/m.exec(text.replace(/\r\n?/g, '\n'));
  return match?.[1];
}

/** Checks a pack text's signature against the trusted publishers' keys. */
export function checkPackSignature(canonical: string, text: string, publishers: ReadonlyMap<string, KeyObject>): SignatureCheck {
  const value = signatureLine(text);
  if (value === undefined) return { status: 'unsigned' };
  const match = SIGNATURE.exec(value);
  if (!match) return { status: 'invalid', message: 'signature: must be "ed25519:<publisher>:<86 base64url characters>"' };
  const [, publisher, signature] = match;
  const key = publishers.get(publisher);
  if (!key) return { status: 'invalid', message: `signature: publisher "${publisher}" is not trusted here (trusted: ${[...publishers.keys()].join(', ')}); an operator adds a publisher's key with LEVQOR_PACK_PUBLISHERS` };
  if (!verify(null, Buffer.from(canonical, 'utf8'), key, Buffer.from(signature, 'base64url'))) {
    return { status: 'invalid', message: `signature: does not match the pack's content for publisher "${publisher}": the pack was changed after it was signed, or not signed with that publisher's key; get it again from its source` };
  }
  return { status: 'valid', publisher };
}

/** The pack text with its signature line set for `publisher` (appended when there is none). */
export function signPackText(canonical: string, text: string, publisher: string, key: KeyObject): string {
  const line = `signature: ed25519:${publisher}:${sign(null, Buffer.from(canonical, 'utf8'), key).toString('base64url')}`;
  const source = text.replace(/\r\n?/g, '\n');
  if (/^signature:/m.test(source)) return source.replace(/^signature:[^\n]*/m, line);
  return `${source.trimEnd()}\n${line}\n`;
}

/** LEVQOR_PACK_PUBLISHERS: `name=key,name=key`, each key checked; the project publisher cannot be replaced. */
export function parsePublishers(value: string | undefined): { publishers: Record<string, string> } | { problems: string[] } {
  const publishers: Record<string, string> = {};
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [name, key, extra] = entry.split('=');
    if (extra !== undefined || !key) problems.push(`"${entry}" must be name=<base64url public key>`);
    else if (!PUBLISHER_NAME.test(name)) problems.push(`"${name}" must be a publisher name: lower-case letters, digits and "-"`);
    else if (name === PROJECT_PUBLISHER) problems.push(`"${PROJECT_PUBLISHER}" is the built-in project publisher; its key cannot be replaced`);
    else if (name in publishers) problems.push(`"${name}" is given twice`);
    else {
      const parsed = publicKeyFrom(key);
      if (typeof parsed === 'string') problems.push(`the key of "${name}" ${parsed}`);
      else publishers[name] = key;
    }
  }
  return problems.length > 0 ? { problems } : { publishers };
}
