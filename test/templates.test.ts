import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { StepRegistry } from '../src/engine/step-registry.ts';
import { builtinSteps } from '../src/steps/builtin-steps.ts';
import { checkTemplate, loadTemplates, TemplateLoadError, type Template } from '../src/templates/load-templates.ts';
import { TEMPLATE_CATEGORIES } from '../src/templates/template-format.ts';
import { databaseKinds } from './support/databases.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startMailCatcher } from './support/mail-catcher.ts';
import { startTestLevqor, type TestLevqor } from './support/test-levqor.ts';

const registry = new StepRegistry(builtinSteps);
const templates: Template[] = loadTemplates(registry);

/** Polls until `check` stops throwing (stand-ins receive calls after a sync answer or in the background). */
async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

test('every template in the repository loads and validates', () => {
  assert.ok(templates.length >= 10, `${templates.length} templates`);
  for (const category of TEMPLATE_CATEGORIES) assert.ok(templates.some((t) => t.category === category), `no template in ${category}`);
  for (const t of templates) {
    assert.ok(t.description.length > 40, `${t.id}: describe it`);
    for (const v of t.inputs.vars) assert.ok(v.description, `${t.id}: vars.${v.name} has a description`);
    assert.equal(t.diagram.nodes.length >= t.workflow.steps.length + 1, true);
    assert.deepEqual(t.diagram.edges[0], { from: 'trigger', to: t.workflow.steps[0].id });
  }
  // The issue's six named templates are there.
  for (const id of ['web-form-lead-to-crm', 'email-auto-responder', 'weekly-analytics-report', 'slack-severity-alerts', 'invoice-follow-up', 'social-mention-monitor']) {
    assert.ok(templates.some((t) => t.id === id), id);
  }
});

test('a broken template is reported with its file and path', () => {
  const base = {
    id: 'demo',
    name: 'Demo',
    category: 'reporting',
    description: 'A demo.',
    inputs: { vars: [{ name: 'url', description: 'where', required: true }], secrets: [{ name: 'TOKEN', description: 'token' }] },
    workflow: { name: 'Demo', trigger: { type: 'manual' }, steps: [{ id: 'get', type: 'http', with: { url: '{{ vars.url }}', auth: { type: 'bearer', token: '{{ secrets.TOKEN }}' } } }] },
  };
  assert.deepEqual(checkTemplate(base, registry).issues, []);
  const messages = (raw: unknown) => checkTemplate(raw, registry).issues.map((i) => `${i.path}: ${i.message}`);
  const meta = messages({ ...base, category: 'misc', inputs: { vars: [{ name: 'url' }] } });
  assert.ok(meta.includes('category: must be one of "lead_capture", "customer_support", "reporting", "data_sync", "notifications", "sales_automation"'), meta.join('\n'));
  assert.ok(meta.includes('inputs.vars[0].description: required'), meta.join('\n'));
  const wrongUse = messages({ ...base, workflow: { ...base.workflow, steps: [{ id: 'get', type: 'http', with: { url: '{{ vars.uri }}' } }] } });
  assert.ok(wrongUse.includes('workflow.steps[0].with.url: uses vars.uri, which inputs.vars does not declare'), wrongUse.join('\n'));
  assert.ok(wrongUse.includes('inputs.secrets[0]: secrets.TOKEN is declared but the workflow never uses it'), wrongUse.join('\n'));
  const badStep = messages({ ...base, workflow: { ...base.workflow, steps: [{ id: 'get', type: 'http', with: { url: '{{ vars.url }}', auth: { type: 'bearer', token: '{{ secrets.TOKEN }}' }, method: 'FETCH' } }] } });
  assert.ok(badStep.some((m) => m.startsWith('workflow.steps[0].with.method: ')), badStep.join('\n'));

  const dir = mkdtempSync(join(tmpdir(), 'levqor-templates-'));
  try {
    mkdirSync(join(dir, 'reporting'));
    writeFileSync(join(dir, 'reporting', 'demo.yaml'), JSON.stringify({ ...base, workflow: { ...base.workflow, steps: [] } }));
    assert.throws(() => loadTemplates(registry, dir), (error: unknown) => {
      assert.ok(error instanceof TemplateLoadError);
      assert.ok(error.problems.some((p) => p.file === 'reporting/demo.yaml' && p.path === 'workflow.steps' && p.message === 'a workflow needs at least one step'), JSON.stringify(error.problems));
      assert.match(error.message, /reporting\/demo\.yaml: workflow\.steps: a workflow needs at least one step/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const kind of databaseKinds()) {
  describe(`templates on ${kind}`, () => {
    let levqor: TestLevqor;
    let mail: Awaited<ReturnType<typeof startMailCatcher>>;
    let slack: Awaited<ReturnType<typeof startLocalHttp>>;
    let api: Awaited<ReturnType<typeof startLocalHttp>>;
    const invoiceChecks = new Map<string, number>();

    before(async () => {
      mail = await startMailCatcher();
      slack = await startLocalHttp((_req, res) => res.end('ok'));
      api = await startLocalHttp((req, res) => {
        const json = (status: number, body: unknown) => {
          res.statusCode = status;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(body));
        };
        const url = new URL(req.url, 'http://x');
        const route = `${req.method} ${url.pathname}`;
        if (route === 'POST /crm/contacts') return json(201, { id: 'contact_1' });
        if (route === 'GET /crm/contacts') return json(200, { contacts: [{ email: 'Ann@Acme.io', name: 'Ann', company: 'Acme' }, { email: 'bo@beta.io', name: 'Bo', company: 'Beta' }] });
        if (route === 'POST /crm/deals') return json(201, { id: 'deal_42' });
        if (route === 'POST /crm/tasks') return json(201, { id: 'task_5' });
        if (route === 'GET /metrics') return json(200, { period: '2026-W47', visitors: 1200, signups: 60, revenue: 4321.5 });
        if (route === 'GET /search') return json(200, { results: [{ id: 1, url: 'https://social.example/p/1', author: 'amy', text: 'love levqor' }, { id: 2, url: 'https://social.example/p/2', author: 'raj', text: 'levqor rocks' }] });
        if (route === 'POST /helpdesk/tickets') return json(201, { id: 'T-7' });
        if (route === 'GET /orders') return json(200, { orders: [{ id: 1, total: 10 }, { id: 2, total: 30.5 }] });
        if (route === 'GET /health') return json(503, { ok: false });
        const invoice = /^GET \/invoices\/(.+)$/.exec(route);
        if (invoice) {
          const n = (invoiceChecks.get(invoice[1]) ?? 0) + 1;
          invoiceChecks.set(invoice[1], n);
          return json(200, { id: invoice[1], status: n >= 3 ? 'paid' : 'open' });
        }
        return json(404, { error: 'no route' });
      });
      levqor = await startTestLevqor(kind, { env: { SMTP_URL: mail.url, SMTP_FROM: 'Levqor <noreply@levqor.test>' } });
      const secrets: Record<string, string> = {
        CRM_TOKEN: 'crm-token-1',
        METRICS_TOKEN: 'metrics-token-1',
        INVOICE_API_TOKEN: 'invoice-token-1',
        SEARCH_API_TOKEN: 'search-token-1',
        HELPDESK_TOKEN: 'helpdesk-token-1',
        SHOP_API_TOKEN: 'shop-token-1',
        SLACK_WEBHOOK: `${slack.url}/general`,
        SLACK_ONCALL_WEBHOOK: `${slack.url}/oncall`,
        SLACK_ALERTS_WEBHOOK: `${slack.url}/alerts`,
        SLACK_SUPPORT_WEBHOOK: `${slack.url}/support`,
        SLACK_SALES_WEBHOOK: `${slack.url}/sales`,
      };
      for (const [name, value] of Object.entries(secrets)) {
        assert.equal((await levqor.api('PUT', `/api/v1/secrets/${name}`, { value })).status < 300, true);
      }
      const tables: Record<string, unknown[]> = {
        social_mentions: [{ name: 'mention_id', type: 'text', required: true, unique: true }, { name: 'url', type: 'text' }, { name: 'author', type: 'text' }],
        contacts: [{ name: 'email', type: 'text', required: true, unique: true }, { name: 'name', type: 'text' }, { name: 'company', type: 'text' }],
        leads: [{ name: 'email', type: 'text', required: true, unique: true }, { name: 'name', type: 'text' }, { name: 'source', type: 'text' }, { name: 'campaign', type: 'text' }],
      };
      for (const [name, columns] of Object.entries(tables)) assert.equal((await levqor.api('POST', '/api/v1/tables', { name, columns })).status, 201);
    });
    after(async () => {
      await levqor?.close();
      await Promise.all([mail?.close(), slack?.close(), api?.close()]);
    });

    const anonymous = async (url: string) => {
      const response = await levqor.server!.inject({ method: 'GET', url });
      return { status: response.statusCode, body: response.json() };
    };
    const install = (id: string, body: unknown) => levqor.api('POST', `/api/v1/templates/${id}/install`, body);
    const installed = async (id: string, body: unknown) => {
      const response = await install(id, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.workflow.active, false);
      return response.body.workflow as { id: string; hookPath: string | null };
    };
    const activate = async (workflowId: string) => assert.equal((await levqor.api('POST', `/api/v1/workflows/${workflowId}/activate`)).status, 200);
    const hook = async (path: string, body: unknown) => {
      const response = await levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      return { status: response.statusCode, body: response.body ? response.json() : undefined, runId: String(response.headers['levqor-run-id']) };
    };
    const runNow = async (workflowId: string) => {
      const started = await levqor.api('POST', `/api/v1/workflows/${workflowId}/run`);
      assert.equal(started.status, 202);
      return levqor.waitForRun(started.body.runId);
    };
    const slackTo = (channel: string) => slack.received.filter((r) => r.url === `/${channel}`).map((r) => JSON.parse(r.body) as { text: string });
    const apiCalls = (method: string, path: string) => api.received.filter((r) => r.method === method && new URL(r.url, 'http://x').pathname === path);
    const mailsTo = (address: string) => mail.mails.filter((m) => m.to.includes(address));

    test('the catalog is public, filters and paginates', async () => {
      const all = await anonymous('/api/templates?limit=100');
      assert.equal(all.status, 200);
      assert.equal(all.body.items.length, templates.length);
      assert.equal(all.body.nextCursor, null);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const pageUrl: string = `/api/templates?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await anonymous(pageUrl);
        assert.ok(page.body.items.length <= 5);
        ids.push(...page.body.items.map((t: { id: string }) => t.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(ids, all.body.items.map((t: { id: string }) => t.id));
      assert.deepEqual(ids, [...ids].sort());
      const notifications = await anonymous('/api/templates?category=notifications');
      assert.ok(notifications.body.items.length >= 2);
      assert.ok(notifications.body.items.every((t: { category: string }) => t.category === 'notifications'));
      const slackTagged = await anonymous('/api/templates?tag=slack');
      assert.ok(slackTagged.body.items.every((t: { tags: string[] }) => t.tags.includes('slack')));
      assert.ok(slackTagged.body.items.some((t: { id: string }) => t.id === 'slack-severity-alerts'));
      const text = await anonymous('/api/templates?q=invoice%20REMINDERS');
      assert.deepEqual(text.body.items.map((t: { id: string }) => t.id), ['invoice-follow-up']);
      assert.equal((await anonymous('/api/templates?category=nope')).status, 400);
      assert.equal((await anonymous('/api/templates?cursor=%%%')).status, 400);
    });

    test('template detail has inputs, definition and diagram', async () => {
      const detail = await anonymous('/api/templates/slack-severity-alerts');
      assert.equal(detail.status, 200);
      assert.equal(detail.body.category, 'notifications');
      assert.deepEqual(detail.body.inputs.secrets.map((s: { name: string }) => s.name), ['SLACK_ONCALL_WEBHOOK', 'SLACK_ALERTS_WEBHOOK']);
      assert.ok(detail.body.inputs.secrets.every((s: { description: string }) => s.description));
      assert.equal(detail.body.definition.trigger.path, 'alerts');
      const { nodes, edges } = detail.body.diagram;
      assert.deepEqual(nodes.map((n: { id: string }) => n.id), ['trigger', 'event', 'route', 'page_oncall', 'notify_channel', 'ignore']);
      assert.deepEqual(edges.filter((e: { from: string }) => e.from === 'route').map((e: { to: string; label: string }) => `${e.to}:${e.label}`), [
        "page_oncall:{{ steps.event.severity in ['critical', 'high'] }}",
        "notify_channel:{{ steps.event.severity = 'medium' }}",
        'ignore:default',
      ]);
      assert.ok(!edges.some((e: { from: string }) => e.from === 'page_oncall' || e.from === 'ignore'));
      const nested = await anonymous('/api/templates/social-mention-monitor');
      assert.ok(nested.body.diagram.nodes.some((n: { id: string; parent?: string }) => n.id === 'remember' && n.parent === 'each_mention'));
      assert.ok(nested.body.diagram.edges.some((e: { from: string; to: string; label?: string }) => e.from === 'each_mention' && e.to === 'remember' && e.label === 'each item'));
      assert.equal((await anonymous('/api/templates/nope')).status, 404);
    });

    test('install refuses missing or unknown vars and missing secrets, and needs credentials', async () => {
      const anon = await levqor.server!.inject({ method: 'POST', url: '/api/v1/templates/web-form-lead-to-crm/install', payload: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(anon.statusCode, 401);
      const missing = await install('web-form-lead-to-crm', { vars: { crmUrl: '', colour: 'red' } });
      assert.equal(missing.status, 422);
      assert.equal(missing.body.error.code, 'validation_failed');
      assert.match(missing.body.error.message, /vars\.colour: unknown var/);
      assert.match(missing.body.error.message, /vars\.crmUrl: required/);
      assert.deepEqual(missing.body.error.details.map((d: { path: string }) => d.path), ['vars.colour', 'vars.crmUrl']);
      const noSecret = await install('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm` }, secrets: { CRM_TOKEN: 'ACME_CRM_TOKEN' } });
      assert.equal(noSecret.status, 422);
      assert.equal(noSecret.body.error.code, 'missing_secrets');
      assert.match(noSecret.body.error.message, /PUT \/api\/v1\/secrets\/ACME_CRM_TOKEN/);
      assert.deepEqual(noSecret.body.error.details.map((d: { name: string }) => d.name), ['ACME_CRM_TOKEN']);
      const unknownSecret = await install('web-form-lead-to-crm', { vars: { crmUrl: 'x' }, secrets: { OTHER: 'X' } });
      assert.match(unknownSecret.body.error.message, /secrets\.OTHER: unknown secret/);
      assert.equal((await install('nope', {})).status, 404);
      const badPath = await install('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm` }, path: 'Bad Path' });
      assert.equal(badPath.status, 422);
      assert.match(badPath.body.error.message, /trigger\.path/);
      const scheduleWithPath = await install('uptime-monitor', { vars: { siteUrl: `${api.url}/health` }, path: 'x' });
      assert.equal(scheduleWithPath.status, 422);
    });

    test('web form lead → CRM → confirmation e-mail; path renamed on collision; counted and audited', async () => {
      const before = (await anonymous('/api/templates/web-form-lead-to-crm')).body.installs;
      const workflow = await installed('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm`, companyName: 'Acme' } });
      assert.equal(workflow.hookPath, 'contact');
      const second = await installed('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm` } });
      assert.equal(second.hookPath, 'contact-2');
      const chosen = await install('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm` }, path: 'contact' });
      assert.equal(chosen.status, 409);
      const mapped = await install('web-form-lead-to-crm', { vars: { crmUrl: `${api.url}/crm` }, secrets: { CRM_TOKEN: 'SHOP_API_TOKEN' }, path: 'contact-mapped', name: 'Mapped' });
      assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
      assert.equal(mapped.body.definition.name, 'Mapped');
      assert.equal(mapped.body.workflow.hookPath, 'contact-mapped');
      assert.equal(mapped.body.definition.steps[1].with.auth.token, '{{ secrets.SHOP_API_TOKEN }}');
      assert.deepEqual(mapped.body.definition.vars, { crmUrl: `${api.url}/crm`, companyName: 'our team', confirmationSubject: 'Thanks for getting in touch' });
      assert.equal((await anonymous('/api/templates/web-form-lead-to-crm')).body.installs, before + 3);
      const audit = await levqor.api('GET', '/api/v1/audit?action=template.install');
      assert.ok(audit.body.items.some((e: { target: { id: string }; details: { templateId: string } }) => e.target.id === workflow.id && e.details.templateId === 'web-form-lead-to-crm'));
      await activate(workflow.id);
      const posted = await hook('contact', { name: ' Ann Lee ', email: ' Ann@Example.COM ', company: 'Example Ltd', message: 'Quote please' });
      assert.equal(posted.status, 202);
      const run = await levqor.waitForRun(posted.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      const [call] = apiCalls('POST', '/crm/contacts');
      assert.equal(call.headers.authorization, 'Bearer crm-token-1');
      assert.deepEqual(JSON.parse(call.body), { name: 'Ann Lee', email: 'ann@example.com', company: 'Example Ltd', message: 'Quote please', source: 'web-form' });
      const [confirmation] = mailsTo('ann@example.com');
      assert.match(confirmation.text, /thanks for contacting Acme/);
    });

    test('e-mail auto-responder replies per category', async () => {
      const workflow = await installed('email-auto-responder', { vars: { supportAddress: 'help@acme.io', generalReply: 'We got it, thanks!' } });
      await activate(workflow.id);
      const cases = [
        { from: 'pay@x.io', subject: 'Refund request', text: 'I want my money back', category: 'billing', reply: /accounts team/ },
        { from: 'tech@x.io', subject: 'Help', text: 'The app shows an ERROR on login', category: 'technical', reply: /support engineers/ },
        { from: 'hi@x.io', subject: 'Hello', text: 'Do you have a partner programme?', category: 'general', reply: /We got it, thanks!/ },
      ];
      for (const c of cases) {
        const answer = await hook(workflow.hookPath!, { from: c.from, subject: c.subject, text: c.text });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.deepEqual(answer.body, { category: c.category });
        const [reply] = mailsTo(c.from);
        assert.match(reply.text, c.reply);
        assert.match(reply.raw, /Subject: Re: /);
        assert.match(reply.raw, /Reply-To: help@acme\.io/);
      }
    });

    test('weekly analytics report', async () => {
      const workflow = await installed('weekly-analytics-report', { vars: { metricsUrl: `${api.url}/metrics`, reportTo: ['boss@acme.io'] } });
      const run = await runNow(workflow.id);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(apiCalls('GET', '/metrics')[0].headers.authorization, 'Bearer metrics-token-1');
      const [report] = mailsTo('boss@acme.io');
      assert.match(report.raw, /Weekly report: 2026-W47/);
      assert.match(report.text, /Conversion: 5\.0%/);
      assert.match(report.text, /Revenue: +=C2=A34,321\.50/); // £, quoted-printable
    });

    test('Slack alerts by severity', async () => {
      const workflow = await installed('slack-severity-alerts', { vars: { mention: '<!channel>' } });
      await activate(workflow.id);
      for (const severity of ['CRITICAL', 'medium', 'info']) {
        const posted = await hook('alerts', { severity, title: 'DB', message: `${severity} thing`, url: 'https://status.example/1' });
        assert.equal(posted.status, 202);
        assert.equal((await levqor.waitForRun(posted.runId)).status, 'succeeded');
      }
      assert.deepEqual(slackTo('oncall').map((m) => m.text), [':rotating_light: <!channel> [CRITICAL] DB: CRITICAL thing <https://status.example/1|details>']);
      assert.deepEqual(slackTo('alerts').map((m) => m.text), [':warning: [MEDIUM] DB: medium thing <https://status.example/1|details>']);
    });

    test('invoice follow-up: reminders until paid', async () => {
      const workflow = await installed('invoice-follow-up', {
        vars: { invoiceApiUrl: api.url, firstReminderAfter: '1ms', secondReminderAfter: '1ms', thirdReminderAfter: '1ms' },
      });
      await activate(workflow.id);
      const posted = await hook('invoice-sent', { invoiceId: 'INV-1', customerEmail: 'payer@client.io', customerName: 'Pat', amount: '£120.00', dueDate: '2026-12-01' });
      assert.equal(posted.status, 202);
      const run = await levqor.waitForRun(posted.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(invoiceChecks.get('INV-1'), 3);
      assert.equal(apiCalls('GET', '/invoices/INV-1')[0].headers.authorization, 'Bearer invoice-token-1');
      const reminders = mailsTo('payer@client.io');
      assert.equal(reminders.length, 2);
      assert.match(reminders[0].raw, /Friendly reminder: invoice INV-1/);
      assert.match(reminders[1].raw, /Second reminder: invoice INV-1/);
    });

    test('social mention monitor announces each mention once', async () => {
      const workflow = await installed('social-mention-monitor', { vars: { searchUrl: `${api.url}/search`, query: 'levqor' } });
      const first = await runNow(workflow.id);
      assert.equal(first.status, 'succeeded', JSON.stringify(first));
      assert.equal(new URL(apiCalls('GET', '/search')[0].url, 'http://x').searchParams.get('q'), 'levqor');
      assert.equal(slackTo('general').filter((m) => m.text.includes('New mention')).length, 2);
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      assert.equal(slackTo('general').filter((m) => m.text.includes('New mention')).length, 2);
      const rows = await levqor.api('GET', '/api/v1/tables/social_mentions/rows');
      assert.equal(rows.body.items.length, 2);
    });

    test('CRM contacts sync into a table', async () => {
      const workflow = await installed('crm-contacts-to-table', { vars: { crmUrl: `${api.url}/crm`, pageSize: 50 } });
      const run = await runNow(workflow.id);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(new URL(apiCalls('GET', '/crm/contacts')[0].url, 'http://x').searchParams.get('limit'), '50');
      const rows = await levqor.api('GET', '/api/v1/tables/contacts/rows?sort=email');
      assert.deepEqual(rows.body.items.map((r: { data: unknown }) => r.data), [
        { email: 'ann@acme.io', name: 'Ann', company: 'Acme' },
        { email: 'bo@beta.io', name: 'Bo', company: 'Beta' },
      ]);
    });

    test('shop order → CRM deal', async () => {
      const workflow = await installed('shop-order-to-crm', { vars: { crmUrl: `${api.url}/crm` } });
      await activate(workflow.id);
      const answer = await hook(workflow.hookPath!, { id: 1001, email: 'Buyer@Shop.io', name: 'Buyer', total: 99.5, currency: 'GBP', items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { dealId: 'deal_42' });
      const [call] = apiCalls('POST', '/crm/deals');
      assert.equal(call.headers['idempotency-key'], 'order-1001');
      assert.deepEqual(JSON.parse(call.body), { externalId: 'order-1001', title: 'Order 1001 – Buyer', contactEmail: 'buyer@shop.io', value: 99.5, currency: 'GBP', pipeline: 'online-shop', stage: 'won', lines: 2 });
    });

    test('support ticket intake escalates urgent tickets', async () => {
      const workflow = await installed('support-ticket-escalation', { vars: { helpdeskUrl: `${api.url}/helpdesk` } });
      await activate(workflow.id);
      const normal = await hook('support-ticket', { subject: 'Question', body: 'How do I export?', customerEmail: 'a@c.io', priority: 'normal' });
      assert.equal(normal.status, 201, JSON.stringify(normal.body));
      assert.deepEqual(normal.body, { ticketId: 'T-7' });
      const urgent = await hook('support-ticket', { subject: 'Site down', body: 'Nothing loads', customerEmail: 'b@c.io', priority: 'URGENT' });
      assert.equal(urgent.status, 201);
      await levqor.waitForRun(urgent.runId);
      await levqor.waitForRun(normal.runId);
      assert.equal(apiCalls('POST', '/helpdesk/tickets').length, 2);
      assert.equal(JSON.parse(apiCalls('POST', '/helpdesk/tickets')[1].body).priority, 'urgent');
      assert.deepEqual(slackTo('support').map((m) => m.text), [':fire: Urgent ticket T-7 from b@c.io: Site down']);
    });

    test('daily sales digest', async () => {
      const workflow = await installed('daily-sales-digest', { vars: { ordersUrl: `${api.url}/orders`, currencySymbol: '$' } });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      assert.equal(apiCalls('GET', '/orders')[0].headers.authorization, 'Bearer shop-token-1');
      assert.ok(slackTo('general').some((m) => m.text === ':bar_chart: Today: 2 orders, $40.50 revenue, $20.25 average order'), JSON.stringify(slackTo('general')));
    });

    test('lead webhook → table, Slack for new leads only', async () => {
      const workflow = await installed('webhook-lead-to-table-and-slack', {});
      await activate(workflow.id);
      const first = await hook('leads', { email: 'New@Lead.io', name: 'Nia', utm_campaign: 'spring' });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.created, true);
      const again = await hook('leads', { email: 'new@lead.io', name: 'Nia B' });
      assert.equal(again.body.created, false);
      assert.equal(again.body.leadId, first.body.leadId);
      await levqor.waitForRun(again.runId);
      await levqor.waitForRun(first.runId);
      assert.deepEqual(slackTo('sales').map((m) => m.text), [':tada: New lead Nia <new@lead.io> from website']);
      const rows = await levqor.api('GET', '/api/v1/tables/leads/rows');
      assert.deepEqual(rows.body.items[0].data, { email: 'new@lead.io', name: 'Nia B', source: 'website', campaign: 'spring' });
    });

    test('uptime monitor alerts when the site is down', async () => {
      const workflow = await installed('uptime-monitor', { vars: { siteUrl: `${api.url}/health` } });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      await eventually(() => assert.ok(slackTo('general').some((m) => m.text === `:red_circle: ${api.url}/health is down: HTTP 503`), JSON.stringify(slackTo('general'))));
    });

    test('deal won → CRM task, welcome e-mail, Slack', async () => {
      const workflow = await installed('deal-won-onboarding', { vars: { crmUrl: `${api.url}/crm`, bookingUrl: 'https://cal.example/kickoff', companyName: 'Acme' } });
      await activate(workflow.id);
      const started = Date.now();
      const posted = await hook('deal-won', { dealId: 'D-9', company: 'Globex', contactEmail: 'hank@globex.io', contactName: 'Hank', value: '£12,000', owner: 'Sam' });
      assert.equal(posted.status, 202);
      const run = await levqor.waitForRun(posted.runId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      const [call] = apiCalls('POST', '/crm/tasks');
      assert.equal(call.headers.authorization, 'Bearer crm-token-1');
      const task = JSON.parse(call.body);
      assert.equal(task.title, 'Onboarding kick-off: Globex');
      assert.equal(task.assignee, 'Sam');
      const due = Date.parse(task.dueAt) - started;
      assert.ok(due > 2.9 * 86_400_000 && due < 3.1 * 86_400_000, task.dueAt);
      const [welcome] = mailsTo('hank@globex.io');
      assert.match(welcome.raw, /Subject: Welcome to Acme, Globex!/);
      assert.match(welcome.text, /https:\/\/cal\.example\/kickoff/);
      assert.deepEqual(slackTo('sales').filter((m) => m.text.includes('Globex')).map((m) => m.text), [':trophy: Sam won Globex (£12,000). Onboarding task task_5 created.']);
    });

    test('CSAT survey after a solved ticket', async () => {
      const workflow = await installed('csat-survey-after-ticket', { vars: { surveyUrl: 'https://acme.example/csat', surveyAfter: '1ms' } });
      await activate(workflow.id);
      const posted = await hook('ticket-solved', { ticketId: 'T 12', customerEmail: 'cleo@c.io', customerName: 'Cleo', subject: 'Export fails' });
      assert.equal((await levqor.waitForRun(posted.runId)).status, 'succeeded');
      const [survey] = mailsTo('cleo@c.io');
      assert.match(survey.raw, /Subject: How did we do\? \(Export fails\)/);
      for (const score of [1, 5]) assert.ok(survey.text.includes(`${score}: https://acme.example/csat?ticket=T%2012&score=${score}`), survey.text);
    });

    test('every template in the repository has an end-to-end test here', () => {
      const audited = ['web-form-lead-to-crm', 'email-auto-responder', 'weekly-analytics-report', 'slack-severity-alerts', 'invoice-follow-up', 'social-mention-monitor', 'crm-contacts-to-table', 'shop-order-to-crm', 'support-ticket-escalation', 'daily-sales-digest', 'webhook-lead-to-table-and-slack', 'uptime-monitor', 'deal-won-onboarding', 'csat-survey-after-ticket'];
      assert.deepEqual(templates.map((t) => t.id).sort(), audited.sort());
    });
  });
}
