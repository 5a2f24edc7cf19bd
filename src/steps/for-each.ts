import { z } from 'zod';
import type { StepType } from '../engine/step-type.ts';

/** Most items one for-each may iterate over. */
export const MAX_FOR_EACH_ITEMS = 10_000;

const schema = z.strictObject({
  items: z.array(z.unknown()).max(MAX_FOR_EACH_ITEMS, `at most ${MAX_FOR_EACH_ITEMS} items`),
  concurrency: z.number().int().min(1).max(50).default(1),
  steps: z.array(z.record(z.string(), z.unknown())).min(1, 'a for-each needs at least one step'),
});

export const forEachStep: StepType<z.infer<typeof schema>> = {
  type: 'for-each',
  description: 'Run a list of steps once per item (`item`, `index`), a few at a time; results in item order.',
  sideEffect: false,
  schema,
  rawFields: ['steps'],
  blockFields: ['steps'],
  async run(input, ctx) {
    const steps = input.steps as unknown as Parameters<typeof ctx.runBlock>[0]['steps'];
    const results: unknown[] = new Array(input.items.length);
    let nextIndex = 0;
    let failure: unknown;
    let failed = false;
    // Each lane takes the next item until none are left or one iteration fails; results keep item order.
    const lane = async () => {
      while (!failed && nextIndex < input.items.length) {
        const index = nextIndex++;
        try {
          results[index] = await ctx.runBlock({ steps, locals: { item: input.items[index], index }, keyPrefix: `${ctx.key}[${index}]` });
        } catch (error) {
          if (!failed) failure = error;
          failed = true;
        }
      }
    };
    // Lanes past the first come from the run's budget, shared with every other loop of the run.
    const extra = ctx.takeLanes(Math.min(input.concurrency, input.items.length) - 1);
    try {
      await Promise.all(Array.from({ length: 1 + extra }, lane));
    } finally {
      ctx.returnLanes(extra);
    }
    if (failed) throw failure;
    return { output: results };
  },
};
