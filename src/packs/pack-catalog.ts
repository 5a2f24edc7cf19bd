import { readFileSync } from 'node:fs';
import type { StepRegistry } from '../engine/step-registry.ts';
import { packFiles, readPack, type Pack } from './load-pack.ts';

export interface CatalogPack {
  pack: Pack;
  /** The file as shipped: what a download returns, byte for byte. */
  text: string;
}

/**
 * The packs shipped in packs/, by id. Every pack there is validated in CI, so an invalid one here is a
 * packaging mistake and stops the caller rather than being skipped silently.
 */
export function loadPackCatalog(registry: StepRegistry, dir?: string): Map<string, CatalogPack> {
  const catalog = new Map<string, CatalogPack>();
  for (const file of packFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const result = readPack(text, registry);
    if (!result.ok) throw new Error(`pack ${file} is invalid: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    catalog.set(result.pack.id, { pack: result.pack, text });
  }
  return catalog;
}

const shipped = new WeakMap<StepRegistry, Map<string, CatalogPack>>();

/**
 * The shipped pack with this id, if any (the catalog is read once per registry). An import prices a pack
 * by it: a shipped pack's identity is its id, so a copy of its text with the price edited stays paid.
 */
export function shippedPack(registry: StepRegistry, id: string): CatalogPack | undefined {
  let catalog = shipped.get(registry);
  if (!catalog) shipped.set(registry, (catalog = loadPackCatalog(registry)));
  return catalog.get(id);
}
