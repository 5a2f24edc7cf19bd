import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTemplatesBounded, runsInBoundedTime } from '../src/engine/expressions/index.ts';

test('paths, arithmetic, conditions and linear built-ins are evaluated in place; anything that can loop or backtrack goes to the sandbox', () => {
  const inPlace = [
    'trigger.body.email',
    '$uppercase(trigger.body.name)',
    'trigger.body.qty * trigger.body.price > 100 ? "high" : "normal"',
    'items[price > 3].name',
    '{"a": trigger.x, "b": [1, 2]}',
    '$now()',
    '$split(trigger.body.tags, ",")',
    '$.steps',
  ];
  const sandboxed = [
    '$match($pad("", 200, "a"), /(?=a)a*a*a*a*b/)',
    '$toMillis("2026", "[Y]")',
    '$split(trigger.body.text, /,\\s*/)',
    '$map(items, function($v){ $v * 2 })',
    '[1..1000]',
    'trigger.**.email',
    '$x := 1',
    'items ~> $count()',
    '$sort(items)',
    '$split(a, $match)',
    'items#$i.name',
    `trigger.body.a${' + 1'.repeat(200)}`,
    'this is not ( valid',
  ];
  for (const source of inPlace) assert.equal(runsInBoundedTime(source), true, source);
  for (const source of sandboxed) assert.equal(runsInBoundedTime(source), false, source);
  assert.equal(allTemplatesBounded({ a: '{{ trigger.x }}', b: ['n={{ steps.s.n + 1 }}'] }), true);
  assert.equal(allTemplatesBounded({ a: '{{ trigger.x }}', b: ['{{ $match(trigger.y, /a+/) }}'] }), false);
});
