import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

const caseSchema = z.strictObject({ when: z.unknown(), goto: z.string().min(1) });
const schema = z.strictObject({
  cases: z.array(caseSchema).min(1, 'a branch needs at least one case'),
  /** Where to go when no case matches; without it the run continues with the following step. */
  default: z.string().min(1).optional(),
});

export const branchStep: StepType<z.infer<typeof schema>> = {
  type: 'branch',
  description: 'Jump to the first case whose `when` is true, else to `default`.',
  sideEffect: false,
  schema,
  // Conditions are evaluated in order and only until one matches.
  rawFields: ['cases'],
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
