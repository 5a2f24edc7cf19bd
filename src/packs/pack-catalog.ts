import { readFileSync } from 'node:fs';
import type { StepRegistry } from '../engine/step-registry.ts';
import { PACKS_DIR, packFiles, readPack, type Pack } from './load-pack.ts';
import type { PackFile } from './pack-format.ts';
import type { SignatureCheck } from './pack-signature.ts';
import type { PackTrust } from './pack-trust.ts';

export interface CatalogPack {
  pack: Pack;
  /** What a download returns, byte for byte: the file as shipped, or a store pack with its signature. */
  text: string;
}

export interface PackCatalogOptions {
  trust: PackTrust;
  /** LEVQOR_PACK_STORE_DIR: the packs this installation's store delivers, paid ones included. */
  storeDir?: string;
  /** The free packs shipped with the package (default: packs/). */
  shippedDir?: string;
}

function readCatalogFile(file: string, registry: StepRegistry): CatalogPack {
  const text = readFileSync(file, 'utf8');
  const result = readPack(text, registry);
  if (!result.ok) throw new Error(`pack ${file} is invalid: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { pack: result.pack, text };
}

/**
 * The packs on offer, by id: the free packs shipped in packs/ and the packs of the store directory. A
 * paid pack is never shipped (a copy of its text must not be importable from the package); in the
 * store it is signed — already, by a trusted publisher, or here with the store's key. Anything else is
 * a packaging mistake and stops the caller rather than being skipped silently.
 */
export function loadPackCatalog(registry: StepRegistry, o: PackCatalogOptions): Map<string, CatalogPack> {
  const catalog = new Map<string, CatalogPack>();
  for (const file of packFiles(o.shippedDir ?? PACKS_DIR)) {
    const entry = readCatalogFile(file, registry);
    if (entry.pack.price.amount > 0) throw new Error(`pack ${file} is paid: paid packs are delivered by the pack store (LEVQOR_PACK_STORE_DIR, docs/packs.md), never shipped in packs/`);
    catalog.set(entry.pack.id, entry);
  }
  for (const file of o.storeDir ? packFiles(o.storeDir) : []) {
    const entry = readCatalogFile(file, registry);
    if (catalog.has(entry.pack.id)) throw new Error(`pack ${file}: id "${entry.pack.id}" is also a shipped pack`);
    if (entry.pack.price.amount > 0) entry.text = signedStoreText(file, entry.text, o.trust);
    const check = o.trust.check(entry.text);
    if (check.status === 'valid' && entry.pack.price.amount > 0) o.trust.reserve(entry.pack, check.publisher);
    catalog.set(entry.pack.id, entry);
  }
  return catalog;
}

function signedStoreText(file: string, text: string, trust: PackTrust): string {
  const check = trust.check(text);
  if (check.status === 'invalid') throw new Error(`pack ${file}: ${check.message}`);
  if (check.status === 'valid') return text;
  if (!trust.signer) throw new Error(`pack ${file} is paid and unsigned: give the store its signing key (LEVQOR_PACK_SIGNING_KEY_FILE), or sign the file with "levqor pack sign"`);
  return trust.sign(text);
}

/** The catalog, read on first use, and the identity check of imports, which knows the store's paid packs. */
export class PackCatalog {
  readonly #registry: StepRegistry;
  readonly #options: PackCatalogOptions;
  #entries: Map<string, CatalogPack> | undefined;

  constructor(registry: StepRegistry, options: PackCatalogOptions) {
    this.#registry = registry;
    this.#options = options;
  }

  get trust(): PackTrust {
    return this.#options.trust;
  }

  entries(): Map<string, CatalogPack> {
    return (this.#entries ??= loadPackCatalog(this.#registry, this.#options));
  }

  assertIdentity(text: string, pack: Pick<PackFile, 'id' | 'name' | 'price'>): SignatureCheck {
    this.entries();
    return this.#options.trust.assertIdentity(text, pack);
  }
}
