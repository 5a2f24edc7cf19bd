import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpressionError } from '../src/engine/errors.ts';
import {
  checkTemplateSyntax,
  defaultExpressionLimits,
  evaluateExpression,
  hasTemplate,
  isSingleTemplate,
  resolveTemplates,
  type ExpressionLimits,
} from '../src/engine/expressions/index.ts';
import { compileExpression } from '../src/engine/expressions/compile.ts';

function makeScope(): Record<string, unknown> {
  return {
    trigger: { fake: { _jsonata_function: true, implementation: 'not a function' }, body: { email: 'Ann@Example.com', name: 'Ann', age: 41, vip: true, tags: ['a', 'b'], address: { city: 'Leeds' } } },
    steps: { clean: { email: 'ann@example.com' }, list: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] } },
    vars: { crmUrl: 'https://crm.test', suffix: '!' },
    secrets: { TOKEN: 's3cret' },
    run: { id: 'run_1' },
  };
}

const where = { field: 'with.value', step: 'crm' };

async function rejection(promise: Promise<unknown>): Promise<ExpressionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the evaluation to fail');
}

/** Deep check that a value is plain data: no functions, no objects from the JS runtime. */
function assertHarmless(value: unknown, label: string, depth = 0): void {
  assert.notEqual(value, process, `${label}: returned process`);
  assert.notEqual(value, globalThis, `${label}: returned globalThis`);
  assert.notEqual(typeof value, 'function', `${label}: returned a function`);
  if (typeof value !== 'object' || value === null) return;
  const proto = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${label}: returned an object with a foreign prototype`);
  assert.ok(depth < 50, `${label}: unexpectedly deep result`);
  for (const item of Object.values(value)) assertHarmless(item, label, depth + 1);
}

test('a string that is exactly one template yields the raw value', async () => {
  const scope = makeScope();
  assert.deepEqual(await resolveTemplates('{{ trigger.body.address }}', scope, where), { city: 'Leeds' });
  assert.equal(await resolveTemplates('{{ trigger.body.age }}', scope, where), 41);
  assert.equal(await resolveTemplates('  {{ trigger.body.vip }}\n', scope, where), true);
  assert.deepEqual(await resolveTemplates('{{ trigger.body.tags }}', scope, where), ['a', 'b']);
  assert.equal(await resolveTemplates('{{ trigger.body.missing }}', scope, where), undefined);
  assert.equal(await resolveTemplates('{{ null }}', scope, where), null);
  assert.deepEqual(await resolveTemplates('{{ steps.list.items.n }}', scope, where), [1, 2, 3]);
  assert.deepEqual(await resolveTemplates('{{ {"a": {"b": [1, 2]}} }}', scope, where), { a: { b: [1, 2] } });
});

test('mixed text interpolates strings as-is, numbers and booleans as text, objects and arrays as JSON', async () => {
  const scope = makeScope();
  const text = 'Lead {{ trigger.body.name }}, {{ trigger.body.age }} {{ trigger.body.vip }} {{ trigger.body.address }} {{ trigger.body.tags }}';
  assert.equal(await resolveTemplates(text, scope, where), 'Lead Ann, 41 true {"city":"Leeds"} ["a","b"]');
  assert.equal(await resolveTemplates('{{ vars.crmUrl }}/contacts', scope, where), 'https://crm.test/contacts');
});

test('undefined and null become empty text inside mixed text', async () => {
  const scope = makeScope();
  assert.equal(await resolveTemplates('[{{ trigger.body.missing }}][{{ null }}]', scope, where), '[][]');
});

test('templates anywhere in nested objects and arrays are resolved, keys are left alone', async () => {
  const scope = makeScope();
  const value = {
    '{{ trigger.body.name }}': 'key stays',
    headers: { Authorization: 'Bearer {{ secrets.TOKEN }}' },
    list: [1, '{{ trigger.body.age + 1 }}', { deep: ['{{ $uppercase(trigger.body.name) }}'] }],
    plain: { untouched: true },
  };
  const resolved = (await resolveTemplates(value, scope, where)) as typeof value;
  assert.deepEqual(resolved, {
    '{{ trigger.body.name }}': 'key stays',
    headers: { Authorization: 'Bearer s3cret' },
    list: [1, 42, { deep: ['ANN'] }],
    plain: { untouched: true },
  });
  assert.equal(resolved.plain, value.plain, 'parts without templates are not copied');
  assert.equal(value.headers.Authorization, 'Bearer {{ secrets.TOKEN }}', 'the definition is not modified');
  const noTemplates = { a: [1, { b: 'x' }] };
  assert.equal(await resolveTemplates(noTemplates, scope, where), noTemplates);
});

test('object constructors and strings with braces inside a template do not end it', async () => {
  const scope = makeScope();
  assert.deepEqual(await resolveTemplates('{{ {"x": {"y": "}}"}} }}', scope, where), { x: { y: '}}' } });
  assert.equal(await resolveTemplates('a{{ "{{" }}b', scope, where), 'a{{b');
});

test('scope keys are the input and are also bound as variables for functions, with block locals', async () => {
  const scope = { ...makeScope(), item: { n: 7 }, index: 2 };
  assert.equal(await evaluateExpression('$trigger.body.name & $vars.suffix', scope, where), 'Ann!');
  assert.deepEqual(await evaluateExpression('$map(steps.list.items, function($v){ $v.n * $index + $item.n })', scope, where), [9, 11, 13]);
  assert.equal(await evaluateExpression('item.n + index', scope, where), 9);
});

test('hasTemplate and isSingleTemplate recognise templates', () => {
  assert.equal(hasTemplate('plain'), false);
  assert.equal(hasTemplate('a {{ b }}'), true);
  assert.equal(hasTemplate({ a: [1, { b: 'x {{ y }}' }] }), true);
  assert.equal(hasTemplate({ '{{ key }}': 'value' }), false);
  assert.equal(hasTemplate(42), false);
  assert.equal(isSingleTemplate('{{ a }}'), true);
  assert.equal(isSingleTemplate('  {{ a.b }} '), true);
  assert.equal(isSingleTemplate('x {{ a }}'), false);
  assert.equal(isSingleTemplate('{{ a }}{{ b }}'), false);
  assert.equal(isSingleTemplate('{{ a'), false);
});

test('a failing expression names the step, the field and the expression', async () => {
  const scope = makeScope();
  const error = await rejection(resolveTemplates('{{ vars.x.( }}', scope, { field: 'with.url', step: 'crm' }));
  assert.match(error.message, /^step "crm", field with\.url: expression "vars\.x\.\(" failed: /);
  assert.equal(error.code, 'expression_failed');
  assert.deepEqual(error.details, { step: 'crm', field: 'with.url', expression: 'vars.x.(' });

  const nested = await rejection(
    resolveTemplates({ headers: { Authorization: 'Bearer {{ $error("no token") }}' } }, scope, { field: 'with', step: 'crm' }),
  );
  assert.equal(nested.message, 'step "crm", field with.headers.Authorization: expression "$error(\\"no token\\")" failed: no token');
  assert.deepEqual(nested.details, { step: 'crm', field: 'with.headers.Authorization', expression: '$error("no token")' });

  const listed = await rejection(resolveTemplates(['ok', '{{ 1 + }}'], scope, { field: 'with.items' }));
  assert.match(listed.message, /^field with\.items\[1\]: expression "1 \+" failed: /);
  assert.deepEqual(listed.details, { field: 'with.items[1]', expression: '1 +' });

  const unclosed = await rejection(resolveTemplates('Hi {{ trigger.body.name', scope, where));
  assert.match(unclosed.message, /missing its closing \}\}/);

  const bare = await rejection(evaluateExpression('$number("x")', scope, { field: 'with.when', step: 'route' }));
  assert.match(bare.message, /^step "route", field with\.when: expression "\$number\(\\"x\\"\)" failed: .+/);
});

test('checkTemplateSyntax reports syntax errors with their paths and does not evaluate', () => {
  const steps = [
    { with: { url: '{{ vars.crmUrl }}' } },
    { with: { boom: '{{ $error("never evaluated") }}' } },
    {
      with: {
        headers: { Authorization: 'Bearer {{ secrets.( }}', 'Content-Type': '{{ ] }}' },
        items: ['ok', 1, '{{ fine }}', 'x {{ 1 + }}'],
        unclosed: 'Hi {{ name',
        clone: '{{ $clone := function($o){ $o } }}',
        evaluated: '{{ $eval("1") }}',
      },
    },
  ];
  const issues = steps.flatMap((step, index) => checkTemplateSyntax(step.with, `steps[${index}].with`));
  assert.deepEqual(
    issues.map((issue) => issue.path),
    [
      'steps[2].with.headers.Authorization',
      'steps[2].with.headers["Content-Type"]',
      'steps[2].with.items[3]',
      'steps[2].with.unclosed',
      'steps[2].with.clone',
      'steps[2].with.evaluated',
    ],
  );
  assert.match(issues[0].message, /^invalid expression "secrets\.\(": .+ \(at character \d+\)$/);
  assert.match(issues[3].message, /missing its closing \}\}/);
  assert.match(issues[4].message, /\$clone cannot be redefined/);
  assert.match(issues[5].message, /\$eval function is not available/);
  assert.deepEqual(checkTemplateSyntax('{{ a.b }}', 'vars.x'), []);
  assert.deepEqual(checkTemplateSyntax(['{{ ( }}'], ''), [{ path: '[0]', message: checkTemplateSyntax('{{ ( }}', '')[0].message }]);
});

test('sandbox escape attempts fail safely or yield harmless values, and pollute nothing', async () => {
  const scope = makeScope();
  const snapshot = structuredClone(scope);
  const corpus = [
    `this.constructor.constructor('return process')()`,
    `constructor.constructor("return process")()`,
    `$string.constructor`,
    `$string.constructor("return process")()`,
    `$.constructor`,
    `$$.__proto__`,
    `$$.__proto__.constructor`,
    `trigger.__proto__.polluted`,
    `$lookup($, "constructor")`,
    `$lookup($$, "__proto__")`,
    `$eval("$$.constructor")`,
    `$eval('constructor.constructor("return process")()')`,
    `($e := $eval; $e("1 + 1"))`,
    `$map(["1"], $eval)`,
    `$merge([{"__proto__": {"polluted": true}}])`,
    `{"__proto__": {"polluted": true}}`,
    `$spread({"constructor": 1, "__proto__": {"polluted": true}})`,
    `(function($x){ $x }).constructor`,
    `function($x){ $x }`,
    `$sift($, function($v, $k){ $k = "constructor" })`,
    `$each($$, function($v, $k){ $lookup($v, "constructor") })`,
    `$keys($string)`,
    `$spread($string)`,
    `$append($string, 1)`,
    `$append($string, 1)[0]`,
    `/x/("x")`,
    `/x/("x").next`,
    `$ ~> | $ | {"__proto__": {"polluted": true}} |`,
    `$ ~> | trigger | {"constructor": {"prototype": {"polluted": true}}} |`,
    `$ ~> | trigger | {"__proto__": {"constructor": {"prototype": {}}, "polluted": true}} |`,
    `($clone := function($o){ $o }; $ ~> | trigger | {"polluted": true} |)`,
    `$string.prototype`,
    `$sort.__proto__`,
    `process`,
    `$process`,
    `globalThis.process`,
    `require("child_process")`,
    `$reduce([1], function($a, $b){ $a.constructor }, {})`,
    `{"_jsonata_function": true, "implementation": $string}`,
    `$merge([{"_jsonata_lambda": true}, {"body": 1}])(1)`,
    `trigger.fake("x")`,
    `($tags := trigger.body.tags; $tags("x"))`,
    `$lookup($string, "implementation")`,
    `$each(/x/("x"), function($v, $k){ $v })`,
  ];
  assert.ok(corpus.length >= 15);
  let evaluated = 0;
  for (const source of corpus) {
    for (const form of [source, `text: {{ ${source} }}`]) {
      let result: unknown;
      try {
        result = form === source ? await evaluateExpression(source, scope, where) : await resolveTemplates(form, scope, where);
      } catch (error) {
        assert.ok(error instanceof ExpressionError, `${form}: failed with ${String(error)}`);
        continue;
      }
      evaluated++;
      assertHarmless(result, form);
      if (form !== source) assert.equal(typeof result, 'string');
      if (typeof result === 'string') assert.doesNotMatch(result, /\[native code\]|process/, form);
    }
  }
  assert.ok(evaluated > 0);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  assert.equal(Object.prototype.hasOwnProperty.call(Array.prototype, 'polluted'), false);
  assert.deepEqual(scope, snapshot, 'the scope was not modified');
});

test('results are plain data: functions are removed and __proto__ keys stay own data', async () => {
  const scope = makeScope();
  assert.equal(await evaluateExpression('$string', scope, where), undefined);
  assert.deepEqual(await evaluateExpression('{"a": 1, "f": $string, "g": function($x){ $x }}', scope, where), { a: 1 });
  assert.deepEqual(await evaluateExpression('[1, $string, 2]', scope, where), [1, 2]);
  const merged = (await evaluateExpression('$merge([{"__proto__": {"polluted": true}}, {"b": 2}])', scope, where)) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.deepEqual(Object.keys(merged), ['__proto__', 'b']);
  assert.equal(merged.polluted, undefined);
  assert.equal(JSON.stringify(merged), '{"__proto__":{"polluted":true},"b":2}');
  const sequence = await evaluateExpression('steps.list.items.n', scope, where);
  assert.deepEqual(Object.keys(sequence as object), ['0', '1', '2'], 'no jsonata sequence markers');
});

test('an expression running past the time limit fails with a clear error', async () => {
  const limits: ExpressionLimits = { timeoutMs: 150, maxDepth: 200 };
  const started = Date.now();
  const error = await rejection(evaluateExpression('($f := function($x){ $f($x) }; $f(1))', {}, where, limits));
  assert.match(error.message, /exceeded time limit of 150 ms/);
  assert.ok(Date.now() - started < 1500, 'stopped near the limit');
  const loop = await rejection(evaluateExpression('$reduce([1..1000000], function($a, $v){ $a + $v })', {}, where, { timeoutMs: 50, maxDepth: 200 }));
  assert.match(loop.message, /exceeded time limit of 50 ms/);
  assert.equal(defaultExpressionLimits.timeoutMs, 1000);
});

test('unbounded recursion fails with an exceeded depth error, never a stack overflow', async () => {
  const error = await rejection(evaluateExpression('($f := function($x){ $f($x) + 1 }; $f(1))', {}, where));
  assert.match(error.message, /exceeded depth limit of 200/);
  const shallow = await rejection(evaluateExpression('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(30))', {}, where, { timeoutMs: 1000, maxDepth: 20 }));
  assert.match(shallow.message, /exceeded depth limit of 20/);
  assert.equal(await evaluateExpression('($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(20))', {}, where), 20);
  const nested = await rejection(evaluateExpression(`${'('.repeat(6000)}1${')'.repeat(6000)}`, {}, where));
  assert.match(nested.message, /exceeded depth|nested too deeply/);
});

test('huge ranges, string blow-ups and self-doubling structures fail with a size error', async () => {
  const started = Date.now();
  const cases = [
    '[1..100000000]',
    '$count([1..600000, 1..600000])',
    '$pad("x", 100000000)',
    '$pad("x", 2000000, "0123456789")',
    '$reduce([1..40], function($a, $v){ $a & $a }, "x")',
    '$length($reduce([1..40], function($a, $v){ $a & $a }, "x"))',
    '$reduce([1..40], function($a, $v){ $append($a, $a) }, [1])',
    '$reduce([1..40], function($a, $v){ [[$a], [$a]] }, [1])',
    '$reduce([1..60], function($a, $v){ {"l": $a, "r": $a} }, 1)',
    '($a := $reduce([1..60], function($x, $v){ {"l": $x, "r": $x} }, 1); $b := $reduce([1..60], function($x, $v){ {"l": $x, "r": $x} }, 1); $a = $b)',
    '$string($reduce([1..60], function($x, $v){ [$x, $x] }, "abc"))',
    '$join($map([1..200], function($v){ $pad("", 100000, "x") }))',
    '$split($pad("", 5000000, ","), ",")',
  ];
  for (const source of cases) {
    const error = await rejection(evaluateExpression(source, {}, where));
    assert.match(error.message, /exceeded (size|time) limit/, source);
  }
  assert.ok(Date.now() - started < 8000, `size checks stop blow-ups early (took ${Date.now() - started} ms)`);
  assert.equal(await evaluateExpression('$count([1..100000])', {}, where), 100000);
  assert.equal(await evaluateExpression('$length($pad("", 1000000, "ab"))', {}, where), 1000000);
});

test('regular expressions that could backtrack exponentially cannot hang the process', async () => {
  const started = Date.now();
  const subject = `"${'a'.repeat(5000)}!"`;
  const matched = await evaluateExpression(`$contains(${subject}, /^(a+)+$/)`, {}, where).catch((error: unknown) => error);
  assert.ok(matched === false || matched instanceof ExpressionError);
  const backreference = await rejection(evaluateExpression(`$contains(${subject}, /^(a+)+\\1$/)`, {}, where));
  assert.match(backreference.message, /regular expression .* refused/);
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(await evaluateExpression('$match("a1b22", /[0-9]+/).match', {}, where), ['1', '22']);
});

test('$sort and $distinct stay fast on large arrays', async () => {
  const started = Date.now();
  assert.deepEqual(await evaluateExpression('($s := $sort($reverse([1..200000])); [$s[0], $s[1], $s[199999]])', {}, where), [1, 2, 200000]);
  assert.deepEqual(await evaluateExpression('$sort(["b", "a", "c"])', {}, where), ['a', 'b', 'c']);
  assert.deepEqual(
    await evaluateExpression('$sort(steps.list.items, function($l, $r){ $l.n < $r.n }).n', makeScope(), where),
    [3, 2, 1],
  );
  assert.equal(await evaluateExpression('$count($distinct($append([1..100000], [1..100000])))', {}, where), 100000);
  assert.deepEqual(await evaluateExpression('$distinct([{"a": 1, "b": 2}, {"b": 2, "a": 1}, 1, 1, "1"])', {}, where), [{ a: 1, b: 2 }, 1, '1']);
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
});

test('100 concurrent evaluations of the same expression with different scopes return their own results', async () => {
  const source = '$map([1..20], function($i){ $trigger.n * $i })[19] & "-" & trigger.name & "-" & $count(steps.items)';
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, n) =>
      evaluateExpression(source, { trigger: { n, name: `run${n}` }, steps: { items: Array.from({ length: n }, (_, i) => i) } }, where),
    ),
  );
  results.forEach((result, n) => assert.equal(result, `${n * 20}-run${n}-${n}`));
  const templated = await Promise.all(
    Array.from({ length: 100 }, (_, n) => resolveTemplates({ a: '{{ trigger.n }}', b: 'n={{ trigger.n }}' }, { trigger: { n } }, where)),
  );
  templated.forEach((result, n) => assert.deepEqual(result, { a: n, b: `n=${n}` }));
});

test('a slow expression timing out does not hold up a concurrent fast one or the event loop', async () => {
  const limits: ExpressionLimits = { timeoutMs: 400, maxDepth: 200 };
  const started = Date.now();
  const slow = evaluateExpression('($f := function($x){ $f($x) }; $f(1))', {}, where, limits).then(
    () => assert.fail('the slow expression should time out'),
    (error: unknown) => ({ error, at: Date.now() - started }),
  );
  const timer = new Promise<number>((resolve) => setTimeout(() => resolve(Date.now() - started), 20));
  const fast = await evaluateExpression('trigger.n * 2', { trigger: { n: 21 } }, where, limits);
  const fastAt = Date.now() - started;
  assert.equal(fast, 42);
  const timerAt = await timer;
  const { error, at } = await slow;
  assert.ok(error instanceof ExpressionError && /exceeded time limit of 400 ms/.test(error.message));
  assert.ok(fastAt < at && fastAt < 200, `fast finished at ${fastAt} ms, slow failed at ${at} ms`);
  assert.ok(timerAt < 200, `a 20 ms timer fired at ${timerAt} ms while the slow expression ran`);
});

test('compiled expressions are cached and $now is fixed per evaluation', async () => {
  assert.equal(compileExpression('trigger.body.name'), compileExpression('trigger.body.name'));
  assert.equal(compileExpression('  broken.( '.trim()), compileExpression('broken.('));
  const [a, b] = (await evaluateExpression('[$now(), $millis()]', {}, where)) as [string, number];
  assert.equal(new Date(a).getTime(), b);
  assert.throws(() => compileExpression('1', { timeoutMs: 0, maxDepth: 10 }), TypeError);
});
