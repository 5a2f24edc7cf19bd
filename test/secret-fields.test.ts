import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { validateDefinition, type DefinitionIssue } from '../src/engine/definition/validate-definition.ts';
import { StepRegistry } from '../src/engine/step-registry.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const registry = new StepRegistry(builtinSteps);
const SENT_TO_ANOTHER_SYSTEM = 'secrets may only be used in fields sent to another system (email text, html; http url, query, headers, json, form, text, auth; slack webhookUrl, text, blocks)';

function issuesOf(steps: unknown[], vars: Record<string, unknown> = {}): DefinitionIssue[] {
  const result = validateDefinition({ name: 'w', trigger: { type: 'manual' }, vars, steps }, registry);
  return result.ok ? [] : result.errors;
}

const transformSetting = (value: string) => [{ id: 'copy', type: 'transform', with: { set: { value } } }];

describe('save-time check: secrets only in fields sent to another system', () => {
  test('a table step writing a secret is refused at the field, naming the step and where secrets may go', () => {
    const issues = issuesOf([{ id: 'save', type: 'table', with: { table: 'contacts', action: 'insert', data: { token: '{{ secrets.A_SECRET }}' } } }]);
    assert.deepEqual(issues, [{
      path: 'steps[0].with.data.token',
      message: `"{{ secrets.A_SECRET }}" reads a secret in step "save" (table), where its value could be stored or returned; ${SENT_TO_ANOTHER_SYSTEM}`,
    }]);
  });

  test('every way of reaching secrets from an expression is found', () => {
    const reaching: [string, string][] = [
      ['{{ $uppercase(secrets.A) }}', 'reads a secret'],
      ['{{ $base64encode(secrets.A) }}', 'reads a secret'],
      ['{{ $split(secrets.A, "") }}', 'reads a secret'],
      ['{{ secrets["A"] }}', 'reads a secret'],
      ['{{ $lookup(secrets, "A") }}', 'reads a secret'],
      ['{{ $keys(secrets) }}', 'reads a secret'],
      ['{{ $string(secrets) }}', 'reads a secret'],
      ['{{ secrets }}', 'reads a secret'],
      ['{{ `secrets`.A }}', 'reads a secret'],
      ['{{ $secrets.A }}', 'reads a secret'],
      ['{{ $$.secrets.A }}', 'reads a secret'],
      ['{{ $.secrets }}', 'reads a secret'],
      ['{{ (secrets).A }}', 'reads a secret'],
      ['{{ {"copy": secrets} }}', 'reads a secret'],
      ['{{ $map([1], function($v) { secrets.A }) }}', 'reads a secret'],
      ['{{ $string($$) }}', 'reads the whole scope through "$$", secrets included'],
      ['{{ $keys($) }}', 'reads the whole scope through "$", secrets included'],
      ['{{ $sift($$, function($v, $k) { $k = "secrets" }) }}', 'reads the whole scope through "$$", secrets included'],
      ['{{ ($all := $$; $all.secrets) }}', 'reads the whole scope through "$$", secrets included'],
      ['{{ $$[0].secrets }}', 'reads the whole scope through "$$", secrets included'],
      ['{{ * }}', 'reads the whole scope through "*", secrets included'],
      ['{{ ** }}', 'reads the whole scope through "**", secrets included'],
      ['{{ *.A }}', 'reads the whole scope through "*", secrets included'],
      ['{{ **.A }}', 'reads the whole scope through "**", secrets included'],
      ['{{ $each($$, function($v) { $v.A }) }}', 'reads the whole scope through "$$", secrets included'],
      ['{{ trigger.% }}', 'reads the whole scope through "%", secrets included'],
      ['mixed {{ trigger.body.name }} and {{ secrets.A }}', 'reads a secret'],
    ];
    for (const [template, reads] of reaching) {
      const issues = issuesOf(transformSetting(template));
      assert.equal(issues.length, 1, `${template}: ${JSON.stringify(issues)}`);
      assert.equal(issues[0].path, 'steps[0].with.set.value');
      assert.ok(issues[0].message.includes(` ${reads} in step "copy" (transform)`), `${template}: ${issues[0].message}`);
    }
  });

  test('names that only look like secrets, and navigation from the whole scope to other names, are accepted', () => {
    for (const template of [
      '{{ trigger.body.secrets }}',
      '{{ item.secrets }}',
      '{{ trigger.body[secrets = 1] }}',
      '{{ $lookup(trigger.body, "secrets") }}',
      '{{ "secrets" }}',
      '{{ $$.trigger.body.name }}',
      '{{ $.steps.first }}',
      '{{ trigger.body.* }}',
      '{{ $map(trigger.body.items, function($i) { $i.price * $vars.rate }) }}',
      '{{ trigger.body.items.$string($) }}',
    ]) {
      assert.deepEqual(issuesOf(transformSetting(template)), [], template);
    }
  });

  test('respond, branch, stop, fail, delay, for-each items and vars are refused; nested steps are checked as themselves', () => {
    const issues = issuesOf([
      { id: 'reply', type: 'respond', with: { body: { token: '{{ $base64encode(secrets.A) }}' } } },
      { id: 'route', type: 'branch', with: { cases: [{ when: '{{ secrets.A = "x" }}', goto: 'loop' }] } },
      {
        id: 'loop', type: 'for-each',
        with: {
          items: '{{ $split(secrets.A, "") }}',
          steps: [
            { id: 'send', type: 'http', with: { url: 'https://example.com/', auth: { type: 'bearer', token: '{{ secrets.A }}' } } },
            { id: 'keep', type: 'transform', with: { set: { t: '{{ secrets.A }}' } } },
          ],
        },
      },
      { id: 'wait', type: 'delay', with: { until: '{{ secrets.WHEN }}' } },
      { id: 'done', type: 'stop', with: { message: 'token {{ secrets.A }}' } },
    ], { copy: '{{ secrets.A }}' });
    assert.deepEqual(issues.map((issue) => issue.path), [
      'vars.copy',
      'steps[0].with.body.token',
      'steps[1].with.cases[0].when',
      'steps[2].with.items',
      'steps[2].with.steps[1].with.set.t',
      'steps[3].with.until',
      'steps[4].with.message',
    ]);
    assert.match(issues[0].message, /^"\{\{ secrets\.A \}\}" reads a secret in vars, where/);
  });

  test('the fields each sending step declares accept secrets', () => {
    const issues = issuesOf([
      {
        id: 'call', type: 'http',
        with: {
          url: 'https://example.com/{{ secrets.PATH }}', query: { key: '{{ secrets.KEY }}' }, headers: { 'x-api-key': '{{ secrets.KEY }}' },
          json: { password: '{{ secrets.PASSWORD }}' }, auth: { type: 'basic', username: 'u', password: '{{ secrets.PASSWORD }}' },
        },
      },
      { id: 'mail', type: 'email', with: { to: 'ada@example.com', subject: 'Your key', text: 'key {{ secrets.KEY }}', html: '<b>{{ secrets.KEY }}</b>' } },
      { id: 'tell', type: 'slack', with: { webhookUrl: '{{ secrets.SLACK_WEBHOOK }}', text: 'hi' } },
    ]);
    assert.deepEqual(issues, []);
    const mail = issuesOf([{ id: 'mail', type: 'email', with: { to: '{{ secrets.TO }}', subject: '{{ secrets.KEY }}', text: 'x' } }]);
    assert.deepEqual(mail.map((issue) => issue.path), ['steps[0].with.to', 'steps[0].with.subject']);
  });
});

for (const kind of databaseKinds()) {
  describe(`secrets outside fields sent to another system on ${kind}`, () => {
    const VALUE = 'lower-case-secret-q7w2';
    let levqor: TestLevqor;
    let service: Awaited<ReturnType<typeof startLocalHttp>>;
    before(async () => {
      levqor = await startTestLevqor(kind);
      service = await startLocalHttp(async (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
      });
      assert.equal((await levqor.api('PUT', '/api/v1/secrets/A_SECRET', { value: VALUE })).status, 201);
    });
    after(async () => {
      await levqor?.close();
      await service?.close();
    });

    test('saving a workflow that copies a secret into a table answers 422 with the field', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'leak into a table',
        trigger: { type: 'manual' },
        steps: [{ id: 'save', type: 'table', with: { table: 'leaks', action: 'insert', data: { token: '{{ $uppercase(secrets.A_SECRET) }}' } } }],
      });
      assert.equal(created.status, 422, JSON.stringify(created.body));
      assert.equal(created.body.error.code, 'validation_failed');
      assert.equal(created.body.error.details[0].path, 'steps[0].with.data.token');
      assert.match(created.body.error.details[0].message, /secrets may only be used in fields sent to another system/);
    });

    test('a stored definition that slipped past the check still cannot read secrets outside those fields', async () => {
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'defence in depth',
        trigger: { type: 'manual' },
        steps: [
          { id: 'call', type: 'http', with: { method: 'POST', url: `${service.url}/echo`, auth: { type: 'bearer', token: '{{ secrets.A_SECRET }}' } } },
          { id: 'copy', type: 'transform', with: { set: { up: '{{ vars.none }}', all: '{{ vars.none }}' } } },
        ],
        vars: { none: 'x' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const workflowId = created.body.id;
      // Written as a stored definition from before the check: the save-time rule is not the only defence.
      const stored = await sql<{ definition: any }>`select definition from workflow_versions where workflow_id = ${workflowId}`.execute(levqor.database.db);
      const definition = stored.rows[0].definition;
      definition.steps[1].with.set = { up: '{{ $uppercase(secrets.A_SECRET) }}', all: '{{ $string($$) }}' };
      await sql`update workflow_versions set definition = ${JSON.stringify(definition)}::jsonb where workflow_id = ${workflowId}`.execute(levqor.database.db);

      const started = await levqor.api('POST', `/api/v1/workflows/${workflowId}/run`, {});
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const run = await levqor.waitForRun(started.body.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.equal(run.steps[0].output.body.authorization, 'Bearer [redacted:A_SECRET]', 'the http step still got the secret');
      const copy = run.steps.find((step: { stepId: string }) => step.stepId === 'copy');
      assert.equal(copy.output.up ?? null, null);
      assert.doesNotMatch(copy.output.all, /"secrets"/);
      const text = JSON.stringify(run);
      assert.equal(text.includes(VALUE.toUpperCase()), false, 'the upper-cased secret reached the run history');
      assert.equal(text.includes(VALUE), false);
    });
  });
}
