import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { StepRegistry } from '../src/engine/step-registry.ts';
import type { StepType } from '../src/engine/step-type.ts';
import { parseDefinitionText } from '../src/engine/definition/parse-definition.ts';
import { validateDefinition, formatIssues, type DefinitionIssue } from '../src/engine/definition/validate-definition.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { makeStepContext } from './support/step-context.ts';

const noop = async () => ({ output: null });

function stepType(type: string, schema: z.ZodType, extra: Partial<StepType<any>> = {}): StepType<any> {
  return { type, description: `${type} test step`, sideEffect: false, schema, run: noop, ...extra };
}

const registry = new StepRegistry([
  stepType('transform', z.strictObject({ set: z.record(z.string(), z.unknown()) })),
  stepType('http', z.strictObject({
    method: z.enum(['GET', 'POST']).default('GET'),
    url: z.url(),
    json: z.unknown().optional(),
    timeout: z.number().int().positive().optional(),
  }), { secretFields: ['url', 'json'] }),
  stepType('branch', z.strictObject({
    cases: z.array(z.strictObject({ when: z.unknown(), goto: z.string() })).min(1),
    default: z.string().optional(),
  }), {
    jumpTargets: (w) => [...(w.cases as { goto: string }[]).map((c) => c.goto), ...(typeof w.default === 'string' ? [w.default] : [])],
  }),
  stepType('for-each', z.strictObject({ items: z.unknown(), steps: z.array(z.unknown()).min(1) }), { blockFields: ['steps'] }),
  stepType('slack', z.strictObject({ webhookUrl: z.string(), text: z.string() }), { secretFields: ['webhookUrl', 'text'] }),
  stepType('respond', z.strictObject({ status: z.number().int().default(200), body: z.unknown().optional() })),
  stepType('stop', z.strictObject({ message: z.string().optional() })),
]);

const designExample = `
name: New lead to CRM
trigger:
  type: webhook            # webhook | schedule | manual | form
  path: new-lead
  respond: sync
steps:
  - id: clean
    type: transform
    with:
      set: { email: "{{ $lowercase(trigger.body.email) }}", name: "{{ trigger.body.name }}" }
  - id: route
    type: branch
    with:
      cases: [{ when: "{{ $contains(steps.clean.email, '@gmail.com') }}", goto: notify }]
      default: crm
  - id: crm
    type: http
    with: { method: POST, url: "{{ vars.crmUrl }}/contacts", json: "{{ steps.clean }}" }
    retry: { attempts: 5, backoff: exponential, initialDelay: 1s }
    timeout: 10s
  - id: notify
    type: slack
    with: { webhookUrl: "{{ secrets.SLACK_WEBHOOK }}", text: "Lead {{ steps.clean.name }}" }
  - id: reply
    type: respond
    with: { status: 200, body: { ok: true } }
`;

function workflow(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Test', trigger: { type: 'manual' }, steps, ...extra };
}

function errorsOf(input: unknown): string[] {
  const result = validateDefinition(input, registry);
  assert.equal(result.ok, false, 'expected the definition to be rejected');
  return formatIssues((result as { errors: DefinitionIssue[] }).errors);
}

function assertValid(input: unknown) {
  const result = validateDefinition(input, registry);
  assert.deepEqual(result.ok ? [] : formatIssues(result.errors), []);
  return result.ok ? result.definition : undefined;
}

const url = 'https://example.com/hook';

test('the design example validates and gets its defaults applied', () => {
  const parsed = parseDefinitionText(designExample);
  assert.ok(parsed.ok);
  const definition = assertValid(parsed.value)!;
  assert.deepEqual(definition.vars, {});
  assert.equal(definition.trigger.type, 'webhook');
  assert.deepEqual(definition.trigger.type === 'webhook' && definition.trigger.methods, ['POST']);
  assert.deepEqual(definition.steps[2].retry, { attempts: 5, backoff: 'exponential', initialDelay: '1s', maxDelay: '5m' });
});

test('JSON and YAML texts parse to the same value, detected or named', () => {
  const value = workflow([{ id: 'a', type: 'stop' }]);
  const fromJson = parseDefinitionText(JSON.stringify(value));
  const fromYaml = parseDefinitionText('name: Test\ntrigger: { type: manual }\nsteps:\n  - id: a\n    type: stop\n');
  const fromNamedYaml = parseDefinitionText(JSON.stringify(value), 'yaml');
  assert.deepEqual(fromJson, { ok: true, value });
  assert.deepEqual(fromYaml, { ok: true, value });
  assert.deepEqual(fromNamedYaml, { ok: true, value });
});

test('a YAML syntax error names its line and column', () => {
  const result = parseDefinitionText('name: Test\nsteps: [a, b\ntrigger: {}\n');
  assert.equal(result.ok, false);
  assert.match(formatIssues(!result.ok ? result.errors : [])[0], /^invalid YAML at line 3, column 1: /);
});

test('a JSON syntax error names its line and column', () => {
  const result = parseDefinitionText('{\n  "name": "x",\n  }', 'json');
  assert.deepEqual(!result.ok && formatIssues(result.errors), ['invalid JSON at line 3, column 3: Expected double-quoted property name']);
});

test('texts over 1 MB are refused before parsing', () => {
  const result = parseDefinitionText(`name: "${'x'.repeat(1024 * 1024)}"`);
  assert.deepEqual(!result.ok && formatIssues(result.errors), ['definition is too large (1.1 MB); the limit is 1 MB']);
});

test('YAML alias bombs are refused', () => {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']]) {
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  const result = parseDefinitionText(levels.join('\n'));
  assert.equal(result.ok, false);
  assert.match(formatIssues(!result.ok ? result.errors : [])[0], /^YAML aliases expand too much/);
});

test('a missing with field is reported as required at its path, and a missing with counts as empty', () => {
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'http', with: {} }])), ['steps[0].with.url: required']);
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'http' }])), ['steps[0].with.url: required']);
});

test('an unknown step type lists the known types', () => {
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'slak' }])), [
    'steps[0].type: unknown step type "slak"; known types: branch, for-each, http, respond, slack, stop, transform',
  ]);
});

test('branch targets and next must name a sibling step or end', () => {
  const steps = [
    { id: 'route', type: 'branch', with: { cases: [{ when: true, goto: 'crm2' }], default: 'end' } },
    { id: 'crm', type: 'http', with: { url }, next: 'nowhere' },
  ];
  assert.deepEqual(errorsOf(workflow(steps)), ['steps[0].with.cases[0].goto: unknown step "crm2"', 'steps[1].next: unknown step "nowhere"']);
});

test('unknown field, wrong type and enum messages are short', () => {
  const steps = [{ id: 'a', type: 'respond', with: { status: true }, onError: 'ignore', tiemout: '1s' }];
  assert.deepEqual(errorsOf(workflow(steps, { colour: 'blue', trigger: { type: 'cron' } })), [
    'trigger.type: must be one of "webhook", "form", "schedule", "manual"',
    'unknown field "colour"',
    'steps[0].onError: must be one of "fail", "continue"',
    'steps[0]: unknown field "tiemout"',
    'steps[0].with.status: expected number, received boolean',
  ]);
});

test('step ids must be well formed, unique across nested lists, and not "end"', () => {
  const steps = [
    { id: '1st', type: 'stop' },
    { id: 'loop', type: 'for-each', with: { items: [], steps: [{ id: 'loop', type: 'stop' }] } },
    { id: 'end', type: 'stop' },
  ];
  assert.deepEqual(errorsOf(workflow(steps)), [
    'steps[0].id: must start with a letter or "_" and hold only letters, digits and "_" (at most 64)',
    'steps[1].with.steps[0].id: duplicate step id "loop" (already used by steps[1])',
    'steps[2].id: "end" is reserved: `next: end` finishes the run',
    'steps[1]: unreachable: no path from the first step leads here',
    'steps[2]: unreachable: no path from the first step leads here',
  ]);
});

test('a step after next: end and a step after stop are unreachable', () => {
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'respond', next: 'end' }, { id: 'b', type: 'respond' }])), [
    'steps[1]: unreachable: no path from the first step leads here',
  ]);
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'stop' }, { id: 'b', type: 'respond' }])), [
    'steps[1]: unreachable: no path from the first step leads here',
  ]);
});

test('a cycle is reported at the jump that closes it', () => {
  const steps = [
    { id: 'a', type: 'respond' },
    { id: 'b', type: 'respond', next: 'a' },
  ];
  assert.deepEqual(errorsOf(workflow(steps)), ['steps[1].next: creates a cycle (a → b → a); repeat work with a for-each step instead']);
  assert.deepEqual(errorsOf(workflow([{ id: 'self', type: 'respond', next: 'self' }])), [
    'steps[0].next: creates a cycle (self → self); repeat work with a for-each step instead',
  ]);
  const viaBranch = [
    { id: 'a', type: 'respond' },
    { id: 'b', type: 'branch', with: { cases: [{ when: true, goto: 'a' }], default: 'c' } },
    { id: 'c', type: 'stop' },
  ];
  assert.deepEqual(errorsOf(workflow(viaBranch)), [
    'steps[1].with.cases[0].goto: creates a cycle (a → b → a); repeat work with a for-each step instead',
  ]);
});

test('every error is returned together', () => {
  const steps = [
    { id: 'a', type: 'http', with: { url: 'not a url' } },
    { id: 'b', type: 'slack', with: { text: 'hi' }, timeout: '10x' },
    { id: 'c', type: 'nope' },
  ];
  assert.deepEqual(errorsOf(workflow(steps, { name: '' })), [
    'name: must not be empty',
    'steps[0].with.url: must be a valid url',
    'steps[1].timeout: expected a duration like "500ms", "10s", "5m", "2h" or "1d"',
    'steps[1].with.webhookUrl: required',
    'steps[2].type: unknown step type "nope"; known types: branch, for-each, http, respond, slack, stop, transform',
  ]);
});

test('fields holding templates skip type checks until run time', () => {
  assertValid(workflow([{ id: 'a', type: 'http', with: { url: '{{ vars.base }}/x', timeout: '{{ vars.t }}', method: '{{ vars.m }}' } }]));
  assertValid(workflow([{ id: 'a', type: 'transform', with: { set: '{{ steps }}' } }]));
});

test('template syntax errors are reported with their path', () => {
  const result = validateDefinition(workflow([{ id: 'a', type: 'http', with: { url: 'https://x.com/{{ $$$( }}' } }], { vars: { v: '{{ ]] }}' } }), registry);
  assert.equal(result.ok, false);
  const errors = !result.ok ? result.errors : [];
  assert.deepEqual(errors.map((issue) => issue.path), ['vars.v', 'steps[0].with.url']);
  for (const issue of errors) assert.match(issue.message, /^invalid expression /);
});

test('nested step lists are checked with nested paths and sibling-only targets', () => {
  const steps = [
    { id: 'crm', type: 'respond', with: { status: 201 } },
    { id: 'loop', type: 'for-each', with: { items: '{{ trigger.body.items }}', steps: [
      { id: 'send', type: 'http', with: { method: 'PUT' }, next: 'crm' },
      { id: 'after', type: 'respond' },
    ] } },
  ];
  assert.deepEqual(errorsOf(workflow(steps)), [
    'steps[1].with.steps[0].with.method: must be one of "GET", "POST"',
    'steps[1].with.steps[0].with.url: required',
    'steps[1].with.steps[0].next: unknown step "crm"',
  ]);
  assert.deepEqual(errorsOf(workflow([{ id: 'loop', type: 'for-each', with: { items: [], steps: 'x' } }])), [
    'steps[0].with.steps: expected array, received string',
  ]);
});

test('schedule triggers need a valid cron expression and time zone', () => {
  assertValid(workflow([{ id: 'a', type: 'stop' }], { trigger: { type: 'schedule', cron: '0 9 * * MON', timezone: 'Europe/London' } }));
  assert.deepEqual(errorsOf(workflow([{ id: 'a', type: 'stop' }], { trigger: { type: 'schedule', cron: '61 * * * *', timezone: 'Mars/Base' } })), [
    'trigger.cron: invalid cron expression: Invalid value for minute: 61',
    'trigger.timezone: unknown time zone "Mars/Base"; use an IANA name like "Europe/London"',
  ]);
});

test('a workflow without steps is rejected', () => {
  assert.deepEqual(errorsOf(workflow([])), ['steps: a workflow needs at least one step']);
  assert.deepEqual(errorsOf({ name: 'x', trigger: { type: 'manual' } }), ['steps: required']);
});

test('formatIssues joins path and message, leaving whole-definition problems bare', () => {
  assert.deepEqual(formatIssues([{ path: 'steps[2].with.url', message: 'required' }, { path: '', message: 'unknown field "x"' }]), [
    'steps[2].with.url: required',
    'unknown field "x"',
  ]);
});

describe('saving applies the rules the steps apply when they run', () => {
  const builtin = new StepRegistry(builtinSteps);
  const errorsWithBuiltins = (input: unknown) => {
    const result = validateDefinition(input, builtin);
    return result.ok ? [] : formatIssues(result.errors);
  };
  const runtimeRefusal = async (step: Record<string, unknown>) => {
    const type = builtin.get(step.type as string)!;
    try {
      await type.run(type.schema.parse(step.with), makeStepContext({ clock: { now: () => new Date() } }));
    } catch (error) {
      return error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('; ') : (error as Error).message;
    }
    return 'accepted';
  };

  test('a delay longer than 366 days is refused at save with the message the run would give', async () => {
    const far = { id: 'wait', type: 'delay', with: { until: '9999-12-31T00:00:00Z' } };
    const long = { id: 'wait', type: 'delay', with: { for: '367d' } };
    const [farError] = errorsWithBuiltins(workflow([far]));
    assert.match(farError, /^steps\[0\]\.with\.until: a delay is at most 366 days; 9999-12-31T00:00:00\.000Z is \d+ days away$/);
    assert.equal(farError.replace(/^steps\[0\]\.with\.until: /, '').replace(/\d+ days away/, ''), (await runtimeRefusal(far)).replace(/\d+ days away/, ''));
    assert.deepEqual(errorsWithBuiltins(workflow([long])), ['steps[0].with.for: a delay is at most 366d (got 367d)']);
    assert.equal(await runtimeRefusal(long), 'a delay is at most 366d (got 367d)');
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 'wait', type: 'delay', with: { for: 367 * 86_400_000 } }])), [`steps[0].with.for: a delay is at most 366d (got ${367 * 86_400_000} ms)`]);
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 'wait', type: 'delay', with: { until: '9999-12-31' } }])), ['steps[0].with.until: expected an ISO 8601 date-time such as 2026-01-31T09:00:00Z']);
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 'wait', type: 'delay', with: { for: '366d' } }, { id: 'later', type: 'delay', with: { until: '{{ vars.when }}' } }])), []);
  });

  test('a branch target must be a step id written out, in cases and default alike', async () => {
    const steps = [
      { id: 'route', type: 'branch', with: { cases: [{ when: '{{ true }}', goto: '{{ trigger.body.next }}' }], default: '{{ vars.fallback }}' } },
      { id: 'a', type: 'stop' },
    ];
    const message = 'must name a step (or end), not an expression; to choose a target by data, give one case per target';
    assert.deepEqual(errorsWithBuiltins(workflow(steps)), [`steps[0].with.cases[0].goto: ${message}`, `steps[0].with.default: ${message}`]);
    assert.equal(await runtimeRefusal(steps[0]), `${message}; ${message}`);
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 'route', type: 'branch', with: { cases: '{{ vars.cases }}' } }])), ['steps[0].with.cases: expected array, received string']);
  });

  test('time limits and retry waits are at most 24 days, the longest a timer can wait', () => {
    const errors = errorsWithBuiltins({
      name: 'w',
      trigger: { type: 'webhook', path: 'slow', respond: 'sync', timeout: '25d' },
      timeout: '30d',
      steps: [{ id: 'call', type: 'http', with: { url }, timeout: 3_000_000_000, retry: { attempts: 3, initialDelay: '1s', maxDelay: '25d' } }],
    });
    assert.deepEqual(errors, [
      'trigger.timeout: a sync webhook time limit is at most 24d (got 25d)',
      'timeout: a run time limit is at most 24d (got 30d)',
      'steps[0].retry.maxDelay: a retry delay is at most 24d (got 25d)',
      'steps[0].timeout: a step time limit is at most 24d (got 3000000000 ms)',
    ]);
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 'call', type: 'http', with: { url }, timeout: '24d' }], { timeout: '24d' })), []);
  });

  test('the default step time limit (LEVQOR_STEP_TIMEOUT_MS) has the same 24-day bound', () => {
    assert.equal(loadConfig({ LEVQOR_STEP_TIMEOUT_MS: String(24 * 86_400_000) }).runs.stepTimeoutMs, 24 * 86_400_000);
    assert.throws(() => loadConfig({ LEVQOR_STEP_TIMEOUT_MS: '3000000000' }), (error: Error) =>
      error instanceof ConfigError && /LEVQOR_STEP_TIMEOUT_MS: must be at most 2073600000 \(24 days/.test(error.message));
  });

  test('transform field paths are checked at save as when they run', () => {
    assert.deepEqual(errorsWithBuiltins(workflow([{ id: 't', type: 'transform', with: { set: { '__proto__.x': '{{ trigger.body }}' }, pick: ['a..b'], rename: { constructor: 'x' } } }])), [
      'steps[0].with.rename: "constructor" is not a usable field path: join names with "." (none empty, none of __proto__, prototype, constructor)',
      'steps[0].with.pick[0]: "a..b" is not a usable field path: join names with "." (none empty, none of __proto__, prototype, constructor)',
      'steps[0].with.set: "__proto__.x" is not a usable field path: join names with "." (none empty, none of __proto__, prototype, constructor)',
    ]);
  });
});
