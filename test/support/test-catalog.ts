import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PLANS_CATALOG_URL, type PlanLimits } from '../../src/billing/plans.ts';

/**
 * A copy of the shipped plans catalog with tiny limits, for LEVQOR_PLANS_CATALOG: quota suites reach
 * the limits with a handful of calls and runs. Returns the file's path.
 */
export function writeTestCatalog(limits: {
  trialIncludedCalls: number;
  /** Limits per plan id (runsPerMonth, includedCalls, activeWorkflows, members, …). */
  plans?: Record<string, Partial<PlanLimits>>;
  apiTierIncludedCalls?: Record<string, number>;
}): string {
  const catalog = parse(readFileSync(PLANS_CATALOG_URL, 'utf8'));
  catalog.trialIncludedCalls = limits.trialIncludedCalls;
  for (const plan of catalog.plans) Object.assign(plan.limits, limits.plans?.[plan.id] ?? {});
  for (const tier of catalog.apiTiers) tier.includedCalls = limits.apiTierIncludedCalls?.[tier.id] ?? tier.includedCalls;
  const file = join(mkdtempSync(join(tmpdir(), 'levqor-catalog-')), 'plans.yaml');
  writeFileSync(file, stringify(catalog));
  return file;
}
