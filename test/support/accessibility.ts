import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page in the light and the dark theme and fails on any serious or critical violation,
 * naming the rule, the elements and why. axe is evaluated through the browser's debugging protocol, which the
 * app's Content-Security-Policy does not govern, so the policy stays as strict as it is in production.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const problems: string[] = [];
  const original = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
    // Colours change with a short transition: contrast is measured once it has ended.
    await page.waitForTimeout(300);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: Violation[] }> } }).axe;
      // react-aria's live announcer keeps a spoken message for a few seconds after the element it names is gone.
      const result = await axe.run({ exclude: [['[data-live-announcer]']] }, { resultTypes: ['violations'] });
      return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }));
    });
    for (const violation of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      const where = violation.nodes.slice(0, 5).map((node) => `    ${JSON.stringify(node.target)}: ${node.failureSummary?.replace(/\s+/g, ' ')}`);
      problems.push(`${name} (${theme}): ${violation.impact} ${violation.id}: ${violation.help}\n${where.join('\n')}`);
    }
  }
  await page.evaluate((value) => (value ? (document.documentElement.dataset.theme = value) : delete document.documentElement.dataset.theme), original);
  if (problems.length > 0) throw new Error(`accessibility violations:\n${problems.join('\n')}`);
}
