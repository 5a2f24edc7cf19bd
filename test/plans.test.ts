import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { copyAssets } from '../scripts/copy-assets.ts';
import { ConfigError } from '../src/config/config.ts';
import { apiTierById, loadPlansCatalog, PLANS_CATALOG_URL, PlansCatalogError, planById, type PlansCatalog } from '../src/billing/plans.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const PLANS = { launch: 900, growth: 2900, scale: 5900, agency: 14900 };
const API_TIERS = {
  api_developer: { price: 2900, calls: 10_000, overage: 300, overageDisplay: '$3.00' },
  api_professional: { price: 9900, calls: 50_000, overage: 200, overageDisplay: '$2.00' },
  api_enterprise: { price: 29900, calls: 250_000, overage: 150, overageDisplay: '$1.50' },
};

describe('plans catalog', () => {
  let catalog: PlansCatalog;
  let dir: string;
  before(() => {
    catalog = loadPlansCatalog();
    dir = mkdtempSync(join(tmpdir(), 'levqor-plans-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the shipped catalog validates, with the DESIGN.md prices, a 7-day trial and lookups by id', () => {
    assert.equal(catalog.trialDays, 7);
    assert.equal(catalog.trialDataRetentionDays, 30);
    assert.deepEqual(Object.fromEntries(catalog.plans.map((p) => [p.id, p.priceMonthly])), PLANS);
    assert.ok(catalog.plans.every((p) => p.currency === 'GBP'));
    assert.deepEqual(catalog.apiTiers.map((t) => t.id), Object.keys(API_TIERS));
    assert.equal(planById(catalog, 'scale')?.name, 'Scale');
    assert.equal(apiTierById(catalog, 'api_enterprise')?.overagePer1000, 150);
    assert.equal(planById(catalog, 'nope'), undefined);
  });

  test('annual prices are 12 months less 20%, in pence', () => {
    assert.equal(catalog.annualDiscountPercent, 20);
    for (const plan of catalog.plans) assert.equal(plan.priceAnnual, Math.round(plan.priceMonthly * 12 * 0.8), plan.id);
  });

  test('limits grow with the plan; only Agency has client workspaces; retention 7–365; exports from Growth', () => {
    const [launch, growth, scale, agency] = catalog.plans;
    for (const key of ['runsPerMonth', 'includedCalls', 'activeWorkflows', 'members', 'retentionDays'] as const) {
      assert.ok(launch.limits[key] < growth.limits[key] && growth.limits[key] < scale.limits[key] && scale.limits[key] < agency.limits[key], key);
    }
    assert.deepEqual(catalog.plans.filter((p) => p.limits.clientWorkspaces > 0).map((p) => p.id), ['agency']);
    assert.ok(catalog.plans.every((p) => p.limits.retentionDays >= 7 && p.limits.retentionDays <= 365));
    assert.deepEqual(catalog.plans.map((p) => p.limits.exports), [false, true, true, true]);
    assert.deepEqual(catalog.plans.map((p) => p.limits.supportResponseHours), [null, 24, 8, 4]);
  });

  test('workflow plans and the trial include API calls (no overage: beyond them 402); the trial has fewer than Launch', () => {
    assert.equal(catalog.trialIncludedCalls, 2000);
    assert.deepEqual(catalog.plans.map((p) => p.limits.includedCalls), [5000, 25_000, 100_000, 500_000]);
    assert.ok(catalog.trialIncludedCalls < catalog.plans[0].limits.includedCalls);
  });

  test('a broken catalog is rejected with the file and the path of each problem', () => {
    const broken = parse(readFileSync(PLANS_CATALOG_URL, 'utf8'));
    broken.plans[2].priceMonthly = -5;
    broken.plans[1].priceAnnual = 29000;
    broken.plans[0].limits.retentionDays = 400;
    broken.plans[3].limits.includedCalls = -1;
    broken.apiTiers[1].id = 'growth';
    broken.addOns[0].colour = 'blue';
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, stringify(broken));
    assert.throws(() => loadPlansCatalog(file), (error: Error) => {
      assert.ok(error instanceof PlansCatalogError && error instanceof ConfigError);
      assert.match(error.message, new RegExp(`invalid plans catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(error.message, /plans\[2\]\.priceMonthly: expected a positive integer/);
      assert.match(error.message, /plans\[1\]\.priceAnnual: must be 27840/);
      assert.match(error.message, /plans\[0\]\.limits\.retentionDays: expected an integer from 7 to 365/);
      assert.match(error.message, /plans\[3\]\.limits\.includedCalls: expected a non-negative integer/);
      assert.match(error.message, /apiTiers\[1\]\.id: "growth" is already used by plans\[1\]/);
      assert.match(error.message, /addOns\[0\]: unknown field "colour"/);
      assert.doesNotMatch(error.message, /plans\[2\]\.priceAnnual/, 'a bad monthly price is reported once');
      return true;
    });
  });

  test('a file that is not YAML is rejected with its path', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'plans: [unclosed');
    assert.throws(() => loadPlansCatalog(file), (error: Error) => error instanceof PlansCatalogError && error.message.startsWith(`invalid plans catalog ${file}: `));
    assert.throws(() => loadPlansCatalog(join(dir, 'missing.yaml')), PlansCatalogError);
  });

  test('the build copies the catalog into dist/ next to the compiled module', () => {
    const build = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.build as string;
    assert.match(build, /node scripts\/copy-assets\.ts/);
    const src = join(dir, 'src');
    mkdirSync(join(src, 'billing'), { recursive: true });
    writeFileSync(join(src, 'billing', 'plans-catalog.yaml'), 'x: 1\n');
    writeFileSync(join(src, 'billing', 'plans.ts'), 'export {};\n');
    writeFileSync(join(src, 'billing', '.hidden'), '');
    assert.deepEqual(copyAssets(src, join(dir, 'dist')), [join('billing', 'plans-catalog.yaml')]);
    assert.equal(readFileSync(join(dir, 'dist', 'billing', 'plans-catalog.yaml'), 'utf8'), 'x: 1\n');
    assert.equal(existsSync(join(dir, 'dist', 'billing', 'plans.ts')), false);
    // `npm test` builds first: a dist/ holding the compiled loader must hold its catalog too.
    if (existsSync(new URL('../dist/billing/plans.js', import.meta.url))) {
      assert.ok(existsSync(new URL('../dist/billing/plans-catalog.yaml', import.meta.url)), 'dist/billing/plans-catalog.yaml is missing: run npm run build');
    }
  });
});

describe('GET /api/v1/plans', () => {
  let levqor: TestLevqor;
  let body: any;
  before(async () => {
    levqor = await startTestLevqor('pglite', { roles: { worker: false } });
    const response = await levqor.server!.inject({ method: 'GET', url: '/api/v1/plans' });
    assert.equal(response.statusCode, 200, response.body);
    body = response.json();
  });
  after(async () => levqor?.close());

  test('answers without credentials with every plan, API tier and add-on at the exact prices', () => {
    assert.equal(body.currency, 'GBP');
    assert.equal(body.trialDays, 7);
    assert.deepEqual(body.plans.map((p: any) => [p.id, p.priceMonthly.amount]), Object.entries(PLANS));
    assert.deepEqual(body.plans.map((p: any) => p.priceMonthly.display), ['£9.00', '£29.00', '£59.00', '£149.00']);
    assert.deepEqual(body.plans.map((p: any) => p.name), ['Launch', 'Growth', 'Scale', 'Agency']);
    for (const tier of body.apiTiers) {
      const expected = API_TIERS[tier.id as keyof typeof API_TIERS];
      assert.equal(tier.currency, 'USD');
      assert.equal(tier.priceMonthly.amount, expected.price, tier.id);
      assert.equal(tier.includedCalls, expected.calls, tier.id);
      assert.deepEqual(tier.overagePer1000, { amount: expected.overage, display: expected.overageDisplay });
    }
    assert.deepEqual(body.apiTiers.map((t: any) => t.priceMonthly.display), ['$29.00', '$99.00', '$299.00']);
    assert.equal(body.apiTiers[2].overageDisplay, '$1.50 per 1,000 calls over 250,000');
    assert.deepEqual(body.addOns, [{
      id: 'integrity_pack', name: 'Integrity Pack', currency: 'USD',
      priceOneTime: { amount: 4900, display: '$49.00' }, priceMonthly: { amount: 1900, display: '$19.00' },
    }]);
  });

  test('shows annual prices 20% off with the savings', () => {
    const growth = body.plans.find((p: any) => p.id === 'growth');
    assert.deepEqual(growth.priceAnnual, { amount: 27840, display: '£278.40' });
    assert.deepEqual(growth.annualSavings, { amount: 6960, display: '£69.60', percent: 20 });
    assert.deepEqual(growth.annualPerMonth, { amount: 2320, display: '£23.20' });
    for (const plan of body.plans) assert.equal(plan.priceAnnual.amount, Math.round(plan.priceMonthly.amount * 12 * 0.8));
  });

  test('carries the limits and support SLA of each plan', () => {
    const agency = body.plans.find((p: any) => p.id === 'agency');
    assert.equal(agency.limits.clientWorkspaces, 25);
    assert.equal(agency.limits.retentionDays, 365);
    assert.deepEqual(body.plans.map((p: any) => p.limits.supportSla), ['best effort', '24 h', '8 h', '4 h']);
    assert.deepEqual(body.plans.map((p: any) => p.limits.exports), [false, true, true, true]);
    assert.deepEqual(body.plans.map((p: any) => p.limits.includedCalls), [5000, 25_000, 100_000, 500_000]);
    assert.equal(body.trialIncludedCalls, 2000);
  });
});
