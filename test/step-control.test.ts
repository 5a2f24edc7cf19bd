import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BlockScope, StepContext, StepResult, StepType } from '../src/engine/step-type.ts';
import { branchStep } from '../src/steps/branch.ts';
import { delayStep } from '../src/steps/delay.ts';
import { forEachStep } from '../src/steps/for-each.ts';
import { respondStep } from '../src/steps/respond.ts';
import { failStep, stopStep } from '../src/steps/stop.ts';
import { transformStep } from '../src/steps/transform.ts';
import { makeStepContext } from './support/step-context.ts';

/** Parses `withValue` with the step's schema (applying defaults), as the executor does, then runs the step. */
function run<W>(type: StepType<W>, withValue: unknown, overrides: Partial<StepContext> = {}): Promise<StepResult> {
  return type.run(type.schema.parse(withValue), makeStepContext(overrides));
}

/** The messages of a rejected `with`, as `path: message` lines. */
function schemaErrors(type: StepType<any>, withValue: unknown): string[] {
  const result = type.schema.safeParse(withValue);
  assert.equal(result.success, false, `expected ${JSON.stringify(withValue)} to be rejected`);
  return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('transform', () => {
  test('with nothing set, the output is an empty object', async () => {
    assert.deepEqual((await run(transformStep, {})).output, {});
  });

  test('from, rename, pick, omit and set apply in that order with dotted paths', async () => {
    const from = { first: 'Ada', last: 'Lovelace', contact: { email: 'ada@example.com', phone: '123' }, secret: 'x' };
    const result = await run(transformStep, {
      from,
      rename: { first: 'name.given', 'contact.email': 'email' },
      pick: ['name', 'email', 'contact.phone', 'secret', 'missing.field'],
      omit: ['secret', 'contact.phone'],
      set: { 'name.family': 'Lovelace', source: 'crm' },
    });
    assert.deepEqual(result.output, {
      name: { given: 'Ada', family: 'Lovelace' },
      email: 'ada@example.com',
      contact: {},
      source: 'crm',
    });
    assert.equal(result.next, undefined);
    assert.deepEqual(from.contact, { email: 'ada@example.com', phone: '123' }, 'the input object is not modified');
  });

  test('set creates nested objects along a dotted path and replaces scalars in the way', async () => {
    const result = await run(transformStep, {
      from: { a: 1, keep: { x: 1 } },
      set: { 'deep.er.est': true, 'a.b': 2, 'keep.y': 2, 'list.0': 'z' },
    });
    assert.deepEqual(result.output, { a: { b: 2 }, keep: { x: 1, y: 2 }, deep: { er: { est: true } }, list: { 0: 'z' } });
  });

  test('set is applied last, so it overrides from, rename and pick', async () => {
    const result = await run(transformStep, {
      from: { status: 'new', old: 'value' },
      rename: { old: 'renamed' },
      pick: ['status', 'renamed'],
      set: { status: 'qualified', renamed: 'overridden' },
    });
    assert.deepEqual(result.output, { status: 'qualified', renamed: 'overridden' });
  });

  test('renaming a missing field does nothing, and omitting a missing path is harmless', async () => {
    const result = await run(transformStep, { from: { a: 1 }, rename: { nope: 'b' }, omit: ['x.y.z', 'nope'] });
    assert.deepEqual(result.output, { a: 1 });
  });

  test('paths through __proto__, prototype or constructor are refused and nothing is polluted', async () => {
    const attempts = [
      { set: { '__proto__.polluted': 'yes' } },
      { set: { 'constructor.prototype.polluted': 'yes' } },
      { set: { 'a.prototype': 'yes' } },
      { from: { a: 1 }, rename: { a: '__proto__.polluted' } },
      { pick: ['__proto__'] },
      { omit: ['constructor'] },
      { set: { 'a..b': 'empty segment' } },
    ];
    for (const withValue of attempts) {
      await assert.rejects(async () => run(transformStep, withValue), /is not a usable field path: join names with/, JSON.stringify(withValue));
    }
    // A literal own "__proto__" key (as JSON.parse makes) must not change any prototype either.
    const result = await run(transformStep, { from: JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": 1}'), set: JSON.parse('{"__proto__": {"polluted": "yes"}}') });
    assert.equal(Object.getPrototypeOf(result.output), Object.prototype);
    assert.equal((result.output as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });
});

describe('branch', () => {
  /** A `ctx.evaluate` that returns the raw value and records which fields it was asked for. */
  function countingEvaluate() {
    const fields: string[] = [];
    return {
      fields,
      evaluate: async (value: unknown, field: string) => {
        fields.push(field);
        if (value === 'explode') throw new Error('evaluated a case after the match');
        return value;
      },
    };
  }

  test('the first truthy case wins and evaluation stops there', async () => {
    const { fields, evaluate } = countingEvaluate();
    const result = await run(branchStep, {
      cases: [
        { when: false, goto: 'a' },
        { when: true, goto: 'b' },
        { when: 'explode', goto: 'c' },
      ],
      default: 'd',
    }, { evaluate });
    assert.deepEqual(result.output, { matched: 1, goto: 'b' });
    assert.equal(result.next, 'b');
    assert.deepEqual(fields, ['cases[0].when', 'cases[1].when']);
  });

  test('without a matching case the default is taken after evaluating every case once', async () => {
    const { fields, evaluate } = countingEvaluate();
    const result = await run(branchStep, { cases: [{ when: false, goto: 'a' }, { when: 0, goto: 'b' }], default: 'fallback' }, { evaluate });
    assert.deepEqual(result.output, { matched: null, goto: 'fallback' });
    assert.equal(result.next, 'fallback');
    assert.equal(fields.length, 2);
  });

  test('without a match or a default the run continues with the following step', async () => {
    const result = await run(branchStep, { cases: [{ when: null, goto: 'a' }] });
    assert.deepEqual(result.output, { matched: null, goto: null });
    assert.equal(result.next, undefined);
    assert.equal(result.end, undefined);
  });

  test('0, empty string, null, false and undefined are false; other values are true', async () => {
    for (const falsy of [0, '', null, false, undefined]) {
      const result = await run(branchStep, { cases: [{ when: falsy, goto: 'yes' }], default: 'no' });
      assert.equal(result.next, 'no', `${JSON.stringify(falsy)} is false`);
    }
    for (const truthy of [true, 1, -1, 'x', 'false', {}, [1]]) {
      const result = await run(branchStep, { cases: [{ when: truthy, goto: 'yes' }], default: 'no' });
      assert.equal(result.next, 'yes', `${JSON.stringify(truthy)} is true`);
    }
  });

  test('the condition is what ctx.evaluate returns, not the raw template', async () => {
    const result = await run(branchStep, { cases: [{ when: '{{ trigger.body.vip }}', goto: 'vip' }], default: 'normal' }, { evaluate: async () => false });
    assert.equal(result.next, 'normal');
  });

  test('a branch needs at least one case and every case a goto', () => {
    assert.deepEqual(schemaErrors(branchStep, { cases: [] }), ['cases: a branch needs at least one case']);
    assert.equal(branchStep.schema.safeParse({ cases: [{ when: true }] }).success, false);
    assert.equal(branchStep.schema.safeParse({ cases: [{ when: true, goto: 'a', extra: 1 }] }).success, false);
  });
});

describe('delay', () => {
  const now = new Date('2030-03-01T12:00:00.000Z');
  const clock = { now: () => now };

  test('for a duration wakes that long after now', async () => {
    for (const [duration, ms] of [['90s', 90_000], ['1.5h', 5_400_000], ['2d', 172_800_000], [1500, 1500], ['250ms', 250]] as const) {
      const result = await run(delayStep, { for: duration }, { clock });
      assert.equal(result.wakeAt?.getTime(), now.getTime() + ms, `for ${duration}`);
      assert.deepEqual(result.output, { until: new Date(now.getTime() + ms).toISOString() });
    }
  });

  test('until an ISO time wakes at that instant, whatever the offset', async () => {
    const result = await run(delayStep, { until: '2030-03-02T10:30:00+02:00' }, { clock });
    assert.equal(result.wakeAt?.toISOString(), '2030-03-02T08:30:00.000Z');
    assert.deepEqual(result.output, { until: '2030-03-02T08:30:00.000Z' });
  });

  test('both for and until, or neither, is refused with a clear message', () => {
    assert.deepEqual(schemaErrors(delayStep, {}), [': give exactly one of "for" or "until"']);
    assert.deepEqual(schemaErrors(delayStep, { for: '5m', until: '2030-03-02T10:30:00Z' }), [': give exactly one of "for" or "until"']);
  });

  test('a malformed duration or time is refused with the expected form', () => {
    assert.match(schemaErrors(delayStep, { until: 'tomorrow' }).join('\n'), /until: expected an ISO 8601 date-time/);
    assert.match(schemaErrors(delayStep, { for: '5 weeks' }).join('\n'), /^for: /);
    assert.equal(delayStep.schema.safeParse({ for: -1 }).success, false);
  });

  test('a wait of more than 366 days is refused; 366 days is allowed', async () => {
    const limit = await run(delayStep, { for: '366d' }, { clock });
    assert.equal(limit.wakeAt?.getTime(), now.getTime() + 366 * 86_400_000);
    await assert.rejects(async () => run(delayStep, { for: '367d' }, { clock }), /a delay is at most 366d \(got 367d\)/);
    await assert.rejects(run(delayStep, { until: '2032-03-01T12:00:00Z' }, { clock }), /a delay is at most 366 days; 2032-03-01T12:00:00\.000Z is \d+ days away/);
  });
});

describe('respond', () => {
  test('defaults to status 200, no headers and a null body', async () => {
    const result = await run(respondStep, {});
    const expected = { status: 200, headers: {}, body: null };
    assert.deepEqual(result.output, expected);
    assert.deepEqual(result.respond, expected);
    assert.equal(result.end, undefined, 'the run goes on after responding');
  });

  test('passes status, headers and body through', async () => {
    const result = await run(respondStep, { status: 201, headers: { 'x-lead-id': '1' }, body: { id: 1 } });
    assert.deepEqual(result.respond, { status: 201, headers: { 'x-lead-id': '1' }, body: { id: 1 } });
    assert.deepEqual(result.output, result.respond);
  });

  test('a declared redirect defaults to 302; cookies, Location and an undeclared 3xx are refused', async () => {
    const result = await run(respondStep, { redirect: 'https://shop.example/thanks' });
    assert.deepEqual(result.respond, { status: 302, headers: {}, body: null, redirect: 'https://shop.example/thanks' });
    for (const input of [{ headers: { 'set-cookie': 'a=b' } }, { headers: { Location: 'https://evil.example/' } }, { status: 301 }, { status: 200, redirect: 'https://shop.example/' }]) {
      assert.equal(respondStep.schema.safeParse(input).success, false, JSON.stringify(input));
    }
  });

  test('a status outside 100-599 or a non-string header is refused', () => {
    for (const status of [99, 600, 200.5]) assert.equal(respondStep.schema.safeParse({ status }).success, false, `status ${status}`);
    assert.equal(respondStep.schema.safeParse({ headers: { 'x-n': 1 } }).success, false);
  });
});

describe('stop and fail', () => {
  test('stop ends the run as succeeded by default', async () => {
    const result = await run(stopStep, {});
    assert.deepEqual(result.output, { status: 'succeeded', message: null });
    assert.equal(result.end?.status, 'succeeded');
    assert.equal(result.end?.message, undefined);
  });

  test('stop can end the run as failed with a message', async () => {
    const result = await run(stopStep, { status: 'failed', message: 'no stock' });
    assert.deepEqual(result.output, { status: 'failed', message: 'no stock' });
    assert.deepEqual(result.end, { status: 'failed', message: 'no stock' });
    assert.equal(stopStep.schema.safeParse({ status: 'cancelled' }).success, false);
  });

  test('fail ends the run as failed with its message, which is required', async () => {
    const result = await run(failStep, { message: 'invalid order' });
    assert.deepEqual(result.end, { status: 'failed', message: 'invalid order' });
    assert.deepEqual(result.output, { message: 'invalid order' });
    assert.equal(failStep.schema.safeParse({}).success, false);
    assert.equal(failStep.schema.safeParse({ message: '' }).success, false);
  });
});

describe('for-each', () => {
  const steps = [{ id: 'inner', type: 'transform', with: { set: { x: '{{ item }}' } } }];

  /** A fake `ctx.runBlock` that finishes each iteration after a small random delay and tracks concurrency. */
  function fakeBlocks(behave: (scope: BlockScope) => unknown = (scope) => ({ doubled: (scope.locals.item as number) * 2 })) {
    const state = { inFlight: 0, maxInFlight: 0, started: [] as number[], scopes: [] as BlockScope[], failedAt: -1, startedAfterFailure: [] as number[] };
    const runBlock = async (scope: BlockScope) => {
      const index = scope.locals.index as number;
      if (state.failedAt >= 0) state.startedAfterFailure.push(index);
      state.started.push(index);
      state.scopes.push(scope);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        const value = behave(scope);
        // A failing iteration fails at once; others finish after a random few milliseconds.
        if (value instanceof Error) {
          await Promise.resolve();
          if (state.failedAt < 0) state.failedAt = index;
          throw value;
        }
        await sleep(Math.floor(Math.random() * 8));
        return value;
      } finally {
        state.inFlight--;
      }
    };
    return { state, runBlock };
  }

  test('results come back in item order even when iterations finish out of order', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const { state, runBlock } = fakeBlocks();
    const result = await run(forEachStep, { items, concurrency: 5, steps }, { runBlock, key: 'loop' });
    assert.deepEqual(result.output, items.map((i) => ({ doubled: i * 2 })));
    assert.deepEqual([...state.started].sort((a, b) => a - b), items, 'each item ran once');
  });

  test('each iteration gets item, index, the steps and a key prefix under the step key', async () => {
    const { state, runBlock } = fakeBlocks();
    await run(forEachStep, { items: ['a', 'b'], steps }, { runBlock, key: 'loop' });
    assert.deepEqual(state.scopes.map((s) => [s.locals, s.keyPrefix]), [
      [{ item: 'a', index: 0 }, 'loop[0]'],
      [{ item: 'b', index: 1 }, 'loop[1]'],
    ]);
    assert.deepEqual(state.scopes[0].steps, steps);
  });

  test('no more iterations than the concurrency run at once; the default is one at a time', async () => {
    for (const concurrency of [1, 3, 8]) {
      const { state, runBlock } = fakeBlocks();
      await run(forEachStep, { items: Array.from({ length: 30 }, (_, i) => i), concurrency, steps }, { runBlock });
      assert.equal(state.maxInFlight, concurrency, `concurrency ${concurrency}`);
    }
    const { state, runBlock } = fakeBlocks();
    await run(forEachStep, { items: [1, 2, 3, 4], steps }, { runBlock });
    assert.equal(state.maxInFlight, 1);
    assert.deepEqual(state.started, [0, 1, 2, 3]);
  });

  test('an empty list yields an empty array without running anything', async () => {
    const { state, runBlock } = fakeBlocks();
    const result = await run(forEachStep, { items: [], concurrency: 4, steps }, { runBlock });
    assert.deepEqual(result.output, []);
    assert.equal(state.started.length, 0);
  });

  test('the first failing iteration stops new ones from starting and its error is thrown', async () => {
    const boom = new Error('item 7 is broken');
    const { state, runBlock } = fakeBlocks((scope) => (scope.locals.index === 7 ? boom : scope.locals.item));
    await assert.rejects(run(forEachStep, { items: Array.from({ length: 40 }, (_, i) => i), concurrency: 4, steps }, { runBlock }), (error) => error === boom);
    assert.equal(state.failedAt, 7);
    assert.deepEqual(state.startedAfterFailure, [], 'no iteration started after the failure');
    // Items are handed out in order, so the failure at 7 leaves 8 and later unstarted.
    assert.deepEqual([...state.started].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('one at a time, a failure stops the loop right there', async () => {
    const { state, runBlock } = fakeBlocks((scope) => (scope.locals.index === 2 ? new Error('stop here') : null));
    await assert.rejects(run(forEachStep, { items: [0, 1, 2, 3, 4], steps }, { runBlock }), /stop here/);
    assert.deepEqual(state.started, [0, 1, 2]);
  });

  test('when several iterations fail, the error of the first to fail is thrown', async () => {
    const late = new Error('late');
    const early = new Error('early');
    const runBlock = async (scope: BlockScope) => {
      if (scope.locals.index === 0) {
        await sleep(40);
        throw late;
      }
      await sleep(5);
      throw early;
    };
    await assert.rejects(run(forEachStep, { items: [0, 1], concurrency: 2, steps }, { runBlock }), (error) => error === early);
  });

  test('the schema limits concurrency to 1-50 and needs at least one step', () => {
    assert.equal(forEachStep.schema.safeParse({ items: [], concurrency: 51, steps }).success, false);
    assert.equal(forEachStep.schema.safeParse({ items: [], concurrency: 0, steps }).success, false);
    assert.deepEqual(schemaErrors(forEachStep, { items: [1], steps: [] }), ['steps: a for-each needs at least one step']);
    assert.equal(forEachStep.schema.safeParse({ items: Array.from({ length: 10_001 }), steps }).success, false);
  });
});
