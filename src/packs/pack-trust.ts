import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../config/config.ts';
import { Refusal } from '../contracts/refusal.ts';
import { canonicalPackText, formatPrice } from './load-pack.ts';
import type { PackFile } from './pack-format.ts';
import { checkPackSignature, PROJECT_PAID_PACKS, PROJECT_PUBLIC_KEY, PROJECT_PUBLISHER, privateKeyFrom, publicKeyFrom, publicKeyText, signPackText, type SignatureCheck } from './pack-signature.ts';

/** LEVQOR_PACK_* (src/config/config.ts): the trusted publishers and the pack store's own signing key. */
export interface PackTrustSettings {
  /** Publisher name → base64url Ed25519 public key, besides the built-in project publisher. */
  publishers: Record<string, string>;
  /** PEM file of the store's Ed25519 private key; signs paid packs as they are delivered. */
  signingKeyFile?: string;
  /** Whose key the signing key is (default: the project publisher). */
  publisher: string;
}

export interface PackSigner {
  publisher: string;
  key: KeyObject;
}

type Identity = Pick<PackFile, 'id' | 'name' | 'price'>;

const identityKey = (kind: 'id' | 'name', value: string) => `${kind}:${value.trim().toLowerCase()}`;

/**
 * Which publishers this installation trusts, which pack ids and names belong to a publisher's paid
 * packs, and the signer of the pack store. A pack's identity is its publisher's signature: a paid pack
 * (or a pack claiming a paid pack's id or name) imports only with a valid signature of that publisher.
 */
export class PackTrust {
  readonly publishers: ReadonlyMap<string, KeyObject>;
  readonly signer: PackSigner | undefined;
  readonly #owners = new Map<string, string>();

  constructor(publishers: ReadonlyMap<string, KeyObject>, signer?: PackSigner) {
    this.publishers = publishers;
    this.signer = signer;
    for (const pack of PROJECT_PAID_PACKS) this.reserve(pack, PROJECT_PUBLISHER);
  }

  /** The id and name of a paid pack are its publisher's: a pack claiming either needs their signature. */
  reserve(pack: { id: string; name: string }, publisher: string): void {
    this.#owners.set(identityKey('id', pack.id), publisher);
    this.#owners.set(identityKey('name', pack.name), publisher);
  }

  check(text: string): SignatureCheck {
    return checkPackSignature(canonicalPackText(text), text, this.publishers);
  }

  /** The text signed by the store's key; without one, the text as it is. */
  sign(text: string): string {
    return this.signer ? signPackText(canonicalPackText(text), text, this.signer.publisher, this.signer.key) : text;
  }

  /**
   * Refuses a pack whose identity is not proven: a broken signature (422 signature_invalid), a price
   * without a trusted signature, or a paid pack's id or name without its publisher's (422 pack_not_signed).
   */
  assertIdentity(text: string, pack: Identity): SignatureCheck {
    const check = this.check(text);
    if (check.status === 'invalid') throw new Refusal(422, 'signature_invalid', check.message, [{ path: 'signature', message: check.message }]);
    const signedBy = check.status === 'valid' ? check.publisher : undefined;
    if (pack.price.amount > 0 && !signedBy) {
      const message = `pack "${pack.id}" costs ${formatPrice(pack.price)} but carries no signature of a trusted publisher: paid packs are delivered by the pack store (POST /api/v1/packs/${pack.id}/download-link), not copied; a pack of your own is free (price.amount: 0) under an id and name of your own`;
      throw new Refusal(422, 'pack_not_signed', message, [{ path: 'signature', message: 'required for a paid pack' }]);
    }
    for (const [kind, value] of [['id', pack.id], ['name', pack.name]] as const) {
      const owner = this.#owners.get(identityKey(kind, value));
      if (owner && owner !== signedBy) {
        const message = `the ${kind} "${value}" belongs to a paid pack of publisher "${owner}", and this text ${signedBy ? `is signed by "${signedBy}"` : 'carries no signature'}: import the signed pack from the pack store (POST /api/v1/packs/<id>/download-link), or give your own pack another id and name`;
        throw new Refusal(422, 'pack_not_signed', message, [{ path: kind, message: `reserved for publisher "${owner}"` }]);
      }
    }
    return check;
  }
}

/** A settings problem, named by variable, for the start to stop on. */
export class PackTrustError extends ConfigError {}

/** The trust of this installation from its settings; a bad key or a key of another publisher is refused. */
export function packTrustFrom(settings: PackTrustSettings): PackTrust {
  const publishers = new Map<string, KeyObject>([[PROJECT_PUBLISHER, publicKeyFrom(PROJECT_PUBLIC_KEY) as KeyObject]]);
  for (const [name, text] of Object.entries(settings.publishers)) {
    const key = publicKeyFrom(text);
    if (typeof key === 'string') throw new PackTrustError(`LEVQOR_PACK_PUBLISHERS: the key of "${name}" ${key}`);
    publishers.set(name, key);
  }
  if (!settings.signingKeyFile) return new PackTrust(publishers);
  let pem: string;
  try {
    pem = readFileSync(settings.signingKeyFile, 'utf8');
  } catch (error) {
    throw new PackTrustError(`LEVQOR_PACK_SIGNING_KEY_FILE: cannot read ${settings.signingKeyFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const key = privateKeyFrom(pem);
  if (typeof key === 'string') throw new PackTrustError(`LEVQOR_PACK_SIGNING_KEY_FILE: ${settings.signingKeyFile} ${key}`);
  const trusted = publishers.get(settings.publisher);
  const own = publicKeyText(key);
  if (!trusted || publicKeyText(trusted) !== own) {
    throw new PackTrustError(
      `LEVQOR_PACK_SIGNING_KEY_FILE: ${settings.signingKeyFile} is not the key of publisher "${settings.publisher}" (LEVQOR_PACK_PUBLISHER)` +
        `${trusted ? '' : ', which is not trusted here'}; its public key is ${own}: trust it with LEVQOR_PACK_PUBLISHERS=${settings.publisher}=${own}, or use that publisher's key`,
    );
  }
  return new PackTrust(publishers, { publisher: settings.publisher, key });
}

/** Only the built-in project publisher: for callers that have no settings (tests, tools). */
export function projectPackTrust(): PackTrust {
  return packTrustFrom({ publishers: {}, publisher: PROJECT_PUBLISHER });
}
