import { z } from 'zod';
import { hasTemplate } from '../engine/expressions/index.ts';
import type { StepType } from '../engine/step-type.ts';

/** Jump targets are step ids written out, so saving can check that they exist and form no cycle. */
const stepTarget = z
  .string()
  .min(1)
  .refine((target) => !hasTemplate(target), 'must name a step (or end), not an expression; to choose a target by data, give one case per target');
const caseSchema = z.strictObject({ when: z.unknown(), goto: stepTarget });
const schema = z.strictObject({
  cases: z.array(caseSchema).min(1, 'a branch needs at least one case'),
  /** Where to go when no case matches; without it the run continues with the following step. */
  default: stepTarget.optional(),
});

export const branchStep: StepType<z.infer<typeof schema>> = {
  type: 'branch',
  description: 'Jump to the first case whose `when` is true, else to `default`.',
  sideEffect: false,
  schema,
  // Conditions are evaluated in order and only until one matches; targets are never evaluated.
  rawFields: ['cases', 'default'],
  jumpTargets(withValue) {
    const cases = Array.isArray(withValue.cases) ? withValue.cases : [];
    const targets = cases.map((c) => (c && typeof c === 'object' ? (c as { goto?: unknown }).goto : undefined));
    if (typeof withValue.default === 'string') targets.push(withValue.default);
    return targets.filter((t): t is string => typeof t === 'string');
  },
  async run(input, ctx) {
    for (const [index, candidate] of input.cases.entries()) {
      const matched = await ctx.evaluate(candidate.when, `cases[${index}].when`);
      if (matched === true || (matched !== false && matched !== null && matched !== undefined && matched !== 0 && matched !== '')) {
        return { output: { matched: index, goto: candidate.goto }, next: candidate.goto };
      }
    }
    if (input.default) return { output: { matched: null, goto: input.default }, next: input.default };
    return { output: { matched: null, goto: null } };
  },
};
