import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PLANS_CATALOG_URL } from '../src/billing/plans.ts';

/**
 * The throughput rounds start far more runs and calls in one trial workspace than the trial includes:
 * they run with a catalog whose trial (the first plan's runs, the trial's calls) allows that, so the
 * quota checks still run on every request and their cost is in the figures. Returns the file's path.
 */
export function benchCatalogFile(): string {
  const catalog = parse(readFileSync(PLANS_CATALOG_URL, 'utf8'));
  catalog.trialIncludedCalls = 1_000_000_000;
  catalog.plans[0].limits.runsPerMonth = 1_000_000_000;
  const file = join(mkdtempSync(join(tmpdir(), 'levqor-bench-catalog-')), 'plans.yaml');
  writeFileSync(file, stringify(catalog));
  return file;
}
