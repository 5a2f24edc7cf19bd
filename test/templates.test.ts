import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
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
  assert.ok(templates.length >= 25, `${templates.length} templates`);
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

  // Declared tables: checked with the data tables' rules, and every `table` step's table must be declared.
  const tableStep = { id: 'save', type: 'table', with: { table: 'leads', action: 'insert', data: { email: '{{ vars.url }}' } } };
  const withTables = (tables: unknown) => ({ ...base, tables, workflow: { ...base.workflow, steps: [...base.workflow.steps, tableStep] } });
  assert.deepEqual(checkTemplate(withTables([{ name: 'leads', columns: [{ name: 'email', type: 'text', unique: true }] }]), registry).issues, []);
  const undeclared = messages(withTables([]));
  assert.ok(undeclared.some((m) => m.startsWith('workflow.steps[1].with.table: uses table "leads", which tables does not declare')), undeclared.join('\n'));
  const badTables = messages(withTables([
    { name: 'leads', columns: [{ name: 'email', type: 'string' }, { name: 'id', type: 'text' }, { name: 'blob', type: 'json', unique: true }] },
  ]));
  for (const expected of [
    'tables[0].columns[0].type: must be one of: text, number, boolean, date, json',
    'tables[0].columns[1].name: "id" is reserved (id, createdAt, updatedAt and created are row fields)',
    'tables[0].columns[2].unique: json columns cannot be unique',
  ]) assert.ok(badTables.includes(expected), `${expected}\n${badTables.join('\n')}`);
  assert.deepEqual(messages(withTables([{ name: 'leads', columns: [{ name: 'email', type: 'text' }], colour: 'red' }])), ['tables[0]: unknown field "colour"']);
  const dupTables = messages(withTables([
    { name: 'leads', columns: [{ name: 'email', type: 'text' }] },
    { name: 'Leads', columns: [{ name: 'a', type: 'text' }] },
    { name: 'leads', columns: [{ name: 'a', type: 'text' }, { name: 'a', type: 'number' }] },
  ]));
  assert.ok(dupTables.some((m) => m.startsWith('tables[1].name: use 1 to 63 lower-case letters')), dupTables.join('\n'));
  assert.ok(dupTables.includes('tables[2].name: "leads" is declared twice'), dupTables.join('\n'));
  assert.ok(dupTables.includes('tables[2].columns: column "a" appears twice'), dupTables.join('\n'));

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
    const syncChanges = {
      a: [
        { email: 'Ann@Acme.io', name: 'Ann (A)', phone: '111', updatedAt: '2026-11-20T10:00:00.000Z' },
        { email: 'cy@acme.io', name: 'Cy', phone: '333', updatedAt: '2026-11-20T09:00:00.000Z' },
      ],
      b: [
        { email: 'ann@acme.io', name: 'Ann (B)', phone: '222', updatedAt: '2026-11-20T11:00:00.000Z' },
        { email: 'dee@beta.io', name: 'Dee', phone: '444', updatedAt: '2026-11-20T08:00:00.000Z' },
      ],
    };

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
        const sync = /^GET \/sys(a|b)\/contacts$/.exec(route);
        if (sync) {
          const since = url.searchParams.get('updatedSince') ?? '';
          return json(200, { contacts: syncChanges[sync[1] as 'a' | 'b'].filter((c) => c.updatedAt > since) });
        }
        if (/^PUT \/sys(a|b)\/contacts\/[^/]+$/.test(route)) return json(200, { ok: true });
        if (route === 'POST /crm/notes') return json(201, { id: 'note_1' });
        if (route === 'POST /sheets/append') return json(200, { updates: { updatedRows: 1 } });
        if (route === 'POST /marketing/subscribers') return json(201, { id: 'sub_1' });
        if (/^PATCH \/helpdesk\/tickets\/[^/]+$/.test(route)) return json(200, { ok: true });
        if (route === 'GET /crm/deals') return json(200, { deals: [{ stage: 'proposal', value: 5000 }, { stage: 'qualified', value: 1200 }, { stage: 'proposal', value: 2500.4 }] });
        const cart = /^GET \/carts\/([^/]+)$/.exec(route);
        if (cart) return json(200, { id: cart[1], status: cart[1] === 'CART-DONE' ? 'completed' : 'open' });
        const order = /^GET \/orders\/([^/]+)$/.exec(route);
        if (order) return json(200, { id: order[1], status: order[1] === 'O-RET' ? 'returned' : 'delivered' });
        const activation = /^GET \/app\/customers\/([^/]+)\/activation$/.exec(route);
        if (activation) return json(200, { activated: activation[1] === 'C-1' });
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
        STRIPE_WEBHOOK_SIGNING_SECRET: 'whsec_template_test',
        SHOPIFY_WEBHOOK_SECRET: 'shopify-template-test',
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
        SYSTEM_B_TOKEN: 'system-b-token-1',
        APP_API_TOKEN: 'app-token-1',
        SHEETS_TOKEN: 'sheets-token-1',
        MARKETING_TOKEN: 'marketing-token-1',
      };
      for (const [name, value] of Object.entries(secrets)) {
        assert.equal((await levqor.api('PUT', `/api/v1/secrets/${name}`, { value })).status < 300, true);
      }
      // Install creates the data tables a template declares; `contacts` is pre-created (compatible, with an
      // extra column) to check that install reuses it.
      const contacts = [{ name: 'email', type: 'text', required: true, unique: true }, { name: 'name', type: 'text' }, { name: 'company', type: 'text' }, { name: 'phone', type: 'text' }];
      assert.equal((await levqor.api('POST', '/api/v1/tables', { name: 'contacts', columns: contacts })).status, 201);
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
      const { hookPath, hookUrl } = response.body.workflow;
      // The same webhook URL the workflow routes answer, so the installer can call it right away.
      if (hookPath) assert.match(hookUrl, new RegExp(`^https?://[^/]+/hooks/default/${hookPath}$`));
      else assert.equal(hookUrl, null);
      return response.body.workflow as { id: string; hookPath: string | null };
    };
    const activate = async (workflowId: string) => assert.equal((await levqor.api('POST', `/api/v1/workflows/${workflowId}/activate`)).status, 200);
    const hook = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await levqor.server!.inject({ method: 'POST', url: `/hooks/default/${path}`, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
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
      assert.deepEqual(nested.body.tables, [{
        name: 'social_mentions',
        description: 'Mentions already announced.',
        columns: [
          { name: 'mention_id', type: 'text', required: true, unique: true },
          { name: 'url', type: 'text', required: false, unique: false },
          { name: 'author', type: 'text', required: false, unique: false },
        ],
      }]);
      assert.deepEqual(detail.body.tables, []);
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
      const response = await install('crm-contacts-to-table', { vars: { crmUrl: `${api.url}/crm`, pageSize: 50 } });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      // The pre-created table has every declared column with the same type (and one more): reused as is.
      assert.deepEqual(response.body.tables, { created: [], reused: ['contacts'] });
      const workflow = response.body.workflow as { id: string };
      const table = await levqor.api('GET', '/api/v1/tables/contacts');
      assert.deepEqual(table.body.columns.map((c: { name: string }) => c.name), ['email', 'name', 'company', 'phone']);
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
      const order = JSON.stringify({ id: 1001, email: 'Buyer@Shop.io', name: '#1001', customer: { first_name: 'Buyer' }, total_price: '99.50', currency: 'GBP', line_items: [{ sku: 'a', quantity: 1 }, { sku: 'b', quantity: 2 }] });
      const unsigned = await hook(workflow.hookPath!, order);
      assert.equal(unsigned.status, 401, 'an order not signed by the shop starts nothing');
      const answer = await hook(workflow.hookPath!, order, { 'x-shopify-hmac-sha256': createHmac('sha256', 'shopify-template-test').update(order).digest('base64') });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { dealId: 'deal_42' });
      const [call] = apiCalls('POST', '/crm/deals');
      assert.equal(call.headers['idempotency-key'], 'order-1001');
      assert.deepEqual(JSON.parse(call.body), { externalId: 'order-1001', title: 'Order #1001 – Buyer', contactEmail: 'buyer@shop.io', value: 99.5, currency: 'GBP', pipeline: 'online-shop', stage: 'won', lines: 2 });
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

    test('install refuses a template whose table exists with other columns, and creates nothing', async () => {
      const bad = [{ name: 'email', type: 'text', required: true, unique: true }, { name: 'fingerprint', type: 'number' }];
      assert.equal((await levqor.api('POST', '/api/v1/tables', { name: 'sync_records', columns: bad })).status, 201);
      const workflowsBefore = (await levqor.api('GET', '/api/v1/workflows?limit=100')).body.items.length;
      const refused = await install('two-way-crm-sync', { vars: { systemAUrl: `${api.url}/sysa`, systemBUrl: `${api.url}/sysb` } });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'table_conflict');
      assert.match(refused.body.error.message, /table "sync_records" \(column "fingerprint" is number, expected text; missing column "source" \(text\)\)/);
      assert.deepEqual(refused.body.error.details, [{ table: 'sync_records', columns: [{ column: 'fingerprint', expected: 'text', found: 'number' }, { column: 'source', expected: 'text', found: null }] }]);
      // Checked before any write: sync_state (which was missing) was not created, and no workflow was saved.
      assert.equal((await levqor.api('GET', '/api/v1/tables/sync_state')).status, 404);
      assert.equal((await levqor.api('GET', '/api/v1/workflows?limit=100')).body.items.length, workflowsBefore);
      assert.equal((await levqor.api('DELETE', '/api/v1/tables/sync_records')).status, 204);
    });

    test('two-way CRM sync: newest change wins, both sides updated, cursor advances', async () => {
      const response = await install('two-way-crm-sync', { vars: { systemAUrl: `${api.url}/sysa`, systemBUrl: `${api.url}/sysb` } });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.deepEqual(response.body.tables, { created: ['sync_state', 'sync_records'], reused: [] });
      const audit = await levqor.api('GET', '/api/v1/audit?action=table.create&limit=100');
      const auditedTables = audit.body.items.filter((e: { details: { templateId?: string } }) => e.details.templateId === 'two-way-crm-sync').map((e: { target: { id: string } }) => e.target.id);
      assert.deepEqual(auditedTables.sort(), ['sync_records', 'sync_state']);
      const workflow = response.body.workflow as { id: string };
      const run = await runNow(workflow.id);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      const [getA] = apiCalls('GET', '/sysa/contacts');
      assert.equal(getA.headers.authorization, 'Bearer crm-token-1');
      assert.equal(new URL(getA.url, 'http://x').searchParams.get('updatedSince'), '1970-01-01T00:00:00.000Z');
      assert.equal(apiCalls('GET', '/sysb/contacts')[0].headers.authorization, 'Bearer system-b-token-1');
      const puts = (side: string) => api.received.filter((r) => r.method === 'PUT' && r.url.startsWith(`/sys${side}/contacts/`));
      // ann changed on both sides: B's version is newer and goes to A; cy (only A) goes to B; dee (only B) goes to A.
      assert.deepEqual(puts('a').map((r) => [decodeURIComponent(r.url), JSON.parse(r.body)]).sort(), [
        ['/sysa/contacts/ann@acme.io', { email: 'ann@acme.io', name: 'Ann (B)', phone: '222', updatedAt: '2026-11-20T11:00:00.000Z' }],
        ['/sysa/contacts/dee@beta.io', { email: 'dee@beta.io', name: 'Dee', phone: '444', updatedAt: '2026-11-20T08:00:00.000Z' }],
      ]);
      assert.deepEqual(puts('b').map((r) => [decodeURIComponent(r.url), JSON.parse(r.body)]), [
        ['/sysb/contacts/cy@acme.io', { email: 'cy@acme.io', name: 'Cy', phone: '333', updatedAt: '2026-11-20T09:00:00.000Z' }],
      ]);
      assert.equal(puts('a')[0].headers.authorization, 'Bearer crm-token-1');
      assert.equal(puts('b')[0].headers.authorization, 'Bearer system-b-token-1');
      const state = await levqor.api('GET', '/api/v1/tables/sync_state/rows');
      assert.deepEqual(state.body.items.map((r: { data: unknown }) => r.data), [{ name: 'crm-two-way', cursor: '2026-11-20T11:00:00.000Z' }]);
      // The next run asks only for later changes; with none, nothing is written and the cursor stays.
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      assert.equal(new URL(apiCalls('GET', '/sysb/contacts')[1].url, 'http://x').searchParams.get('updatedSince'), '2026-11-20T11:00:00.000Z');
      assert.equal(puts('a').length + puts('b').length, 3);
      syncChanges.a.push({ email: 'cy@acme.io', name: 'Cy Updated', phone: '335', updatedAt: '2026-11-21T09:00:00.000Z' });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      assert.equal(JSON.parse(puts('b')[1].body).name, 'Cy Updated');
      const advanced = await levqor.api('GET', '/api/v1/tables/sync_state/rows');
      assert.equal(advanced.body.items[0].data.cursor, '2026-11-21T09:00:00.000Z');
      // B reports our write back with its own newer updatedAt: same content, so it is not copied to A again.
      syncChanges.b.push({ email: 'cy@acme.io', name: 'Cy Updated', phone: '335', updatedAt: '2026-11-21T09:00:05.000Z' });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      assert.equal(puts('a').length + puts('b').length, 4);
      const echoed = await levqor.api('GET', '/api/v1/tables/sync_state/rows');
      assert.equal(echoed.body.items[0].data.cursor, '2026-11-21T09:00:05.000Z');
      const records = await levqor.api('GET', '/api/v1/tables/sync_records/rows?sort=email');
      assert.deepEqual(records.body.items.map((r: { data: { email: string; source: string } }) => `${r.data.email}:${r.data.source}`), ['ann@acme.io:b', 'cy@acme.io:a', 'dee@beta.io:b']);
    });

    test('customer onboarding drip: welcome, activation check, nudge or stop, milestones', async () => {
      const workflow = await installed('customer-onboarding-drip', { vars: { appApiUrl: `${api.url}/app`, productName: 'Levqor', secondEmailAfter: '1ms', gettingStartedUrl: 'https://levqor.example/start' } });
      await activate(workflow.id);
      const active = await hook('signup', { customerId: 'C-1', email: ' Ada@Active.io ', name: 'Ada' });
      const idle = await hook('signup', { customerId: 'C-2', email: 'ivo@idle.io', name: 'Ivo' });
      assert.equal(active.status, 202);
      assert.equal((await levqor.waitForRun(active.runId)).status, 'succeeded');
      assert.equal((await levqor.waitForRun(idle.runId)).status, 'succeeded');
      assert.equal(apiCalls('GET', '/app/customers/C-1/activation')[0].headers.authorization, 'Bearer app-token-1');
      assert.equal(apiCalls('GET', '/app/customers/C-2/activation').length, 1);
      const ada = mailsTo('ada@active.io');
      assert.equal(ada.length, 1);
      assert.match(ada[0].raw, /Subject: Welcome to Levqor, Ada!/);
      assert.match(ada[0].text, /https:\/\/levqor\.example\/start/);
      const ivo = mailsTo('ivo@idle.io');
      assert.equal(ivo.length, 2);
      assert.match(ivo[1].raw, /Subject: Need a hand getting started with Levqor\?/);
      const rows = await levqor.api('GET', '/api/v1/tables/onboarding/rows?sort=email');
      assert.deepEqual(rows.body.items.map((r: { data: unknown }) => r.data), [
        { email: 'ada@active.io', name: 'Ada', customer_id: 'C-1', milestone: 'activated', activated: true },
        { email: 'ivo@idle.io', name: 'Ivo', customer_id: 'C-2', milestone: 'nudge_sent', activated: false },
      ]);
    });

    test('payment webhook → thank-you e-mail and CRM note; other events ignored', async () => {
      const workflow = await installed('payment-thank-you-crm-note', { vars: { crmUrl: `${api.url}/crm`, companyName: 'Acme' } });
      await activate(workflow.id);
      const signed = (event: unknown) => {
        const payload = JSON.stringify(event);
        return hook(workflow.hookPath!, payload, { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_template_test' }) });
      };
      const paidEvent = { type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', amount: 123450, currency: 'gbp', receipt_email: 'Payer@Pay.io', metadata: { customerName: 'Pia' } } } };
      const forged = await hook(workflow.hookPath!, paidEvent);
      assert.equal(forged.status, 401, 'a payment event not signed by Stripe starts nothing');
      const paid = await signed(paidEvent);
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.deepEqual(paid.body, { received: true });
      const other = await signed({ type: 'payment_intent.created', data: { object: { id: 'pi_2', amount: 100, currency: 'gbp', receipt_email: 'other@pay.io' } } });
      assert.equal(other.status, 200);
      assert.equal((await levqor.waitForRun(paid.runId)).status, 'succeeded');
      assert.equal((await levqor.waitForRun(other.runId)).status, 'succeeded');
      const [thanks] = mailsTo('payer@pay.io');
      assert.match(thanks.raw, /Subject: Thank you for your payment to Acme/);
      assert.match(thanks.text, /Hi Pia,/);
      assert.match(thanks.text, /GBP 1,234\.50 \(reference pi_1\)/);
      assert.equal(mailsTo('other@pay.io').length, 0);
      const notes = apiCalls('POST', '/crm/notes');
      assert.equal(notes.length, 1);
      assert.equal(notes[0].headers.authorization, 'Bearer crm-token-1');
      assert.equal(notes[0].headers['idempotency-key'], 'payment-pi_1');
      assert.deepEqual(JSON.parse(notes[0].body), { contactEmail: 'payer@pay.io', title: 'Payment received: GBP 1,234.50', body: 'Payment pi_1 of GBP 1,234.50 succeeded; thank-you e-mail sent.' });
    });

    test('form submission → spreadsheet row and confirmation', async () => {
      const workflow = await installed('form-to-spreadsheet', { vars: { sheetAppendUrl: `${api.url}/sheets/append` } });
      assert.equal(workflow.hookPath, 'sheet-form');
      await activate(workflow.id);
      const posted = await hook('sheet-form', { name: ' Sue ', email: 'Sue@Sheet.io', company: 'Sheetco', message: 'Hi' });
      assert.equal(posted.status, 202);
      assert.equal((await levqor.waitForRun(posted.runId)).status, 'succeeded');
      const [call] = apiCalls('POST', '/sheets/append');
      assert.equal(call.headers.authorization, 'Bearer sheets-token-1');
      const [row] = JSON.parse(call.body).values;
      assert.deepEqual(row.slice(1), ['Sue', 'sue@sheet.io', 'Sheetco', 'Hi']);
      assert.ok(!Number.isNaN(Date.parse(row[0])), row[0]);
      assert.match(mailsTo('sue@sheet.io')[0].raw, /Subject: We received your message/);
    });

    test('daily digest of new leads', async () => {
      for (const data of [{ email: 'digest1@x.io', name: 'Dora', source: 'ads', campaign: 'autumn' }, { email: 'digest2@x.io', name: 'Dan', source: 'website' }]) {
        assert.equal((await levqor.api('POST', '/api/v1/tables/leads/rows', { data })).status, 201);
      }
      const workflow = await installed('daily-new-leads-digest', { vars: { digestTo: ['team@acme.io'] } });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      const [digest] = mailsTo('team@acme.io');
      assert.match(digest.raw, /Subject: New leads: \d+ in the last 24 hours/);
      assert.ok(digest.text.includes('- Dora <digest1@x.io> from ads (autumn)'), digest.text);
      assert.ok(digest.text.includes('- Dan <digest2@x.io> from website'), digest.text);
      // With a look-back that excludes every row, nothing is sent.
      const none = await installed('daily-new-leads-digest', { vars: { digestTo: ['empty@acme.io'], lookbackHours: -1 } });
      assert.equal((await runNow(none.id)).status, 'succeeded');
      assert.equal(mailsTo('empty@acme.io').length, 0);
    });

    test('failure alerts are deduplicated', async () => {
      const workflow = await installed('failed-run-alert-dedupe', { vars: { mention: '<!here>' } });
      await activate(workflow.id);
      for (const body of [{ source: 'nightly-backup', error: 'disk full', url: 'https://ci.example/1' }, { source: 'nightly-backup', error: 'disk full' }, { source: 'invoice-export', error: 'timeout' }]) {
        const posted = await hook('failure', body);
        assert.equal(posted.status, 202);
        assert.equal((await levqor.waitForRun(posted.runId)).status, 'succeeded');
      }
      assert.deepEqual(slackTo('alerts').filter((m) => m.text.includes(':x:')).map((m) => m.text), [
        '<!here> :x: nightly-backup failed: disk full <https://ci.example/1|details>',
        '<!here> :x: invoice-export failed: timeout',
      ]);
      const rows = await levqor.api('GET', '/api/v1/tables/alert_dedupe/rows?filter[fingerprint]=nightly-backup: disk full');
      assert.equal(rows.body.items[0].data.repeats, 1);
    });

    test('lead scoring routes hot leads to sales and others to nurture', async () => {
      const workflow = await installed('lead-scoring-router', { vars: { marketingUrl: `${api.url}/marketing` } });
      await activate(workflow.id);
      const hot = await hook('score-lead', { email: 'Cto@BigCo.io', name: 'Carla', company: 'BigCo', employees: 200, budget: 20000, message: 'Can we book a demo?' });
      assert.equal(hot.status, 200, JSON.stringify(hot.body));
      assert.deepEqual(hot.body, { score: 100, route: 'sales' });
      const cold = await hook('score-lead', { email: 'joe@gmail.com', name: 'Joe', employees: 2, message: 'just looking' });
      assert.deepEqual(cold.body, { score: 0, route: 'nurture' });
      await levqor.waitForRun(hot.runId);
      await levqor.waitForRun(cold.runId);
      assert.deepEqual(slackTo('sales').filter((m) => m.text.includes('Hot lead')).map((m) => m.text), [':fire: Hot lead (100/100): Carla <cto@bigco.io> BigCo – Can we book a demo?']);
      const [sub] = apiCalls('POST', '/marketing/subscribers');
      assert.equal(sub.headers.authorization, 'Bearer marketing-token-1');
      assert.deepEqual(JSON.parse(sub.body), { email: 'joe@gmail.com', name: 'Joe', list: 'nurture', fields: { score: 0 } });
    });

    test('support tickets are auto-tagged', async () => {
      const workflow = await installed('support-ticket-auto-tagging', { vars: { helpdeskUrl: `${api.url}/helpdesk` } });
      await activate(workflow.id);
      const tagged = await hook('ticket-created', { ticketId: 'T-50', subject: 'Refund ASAP', body: 'I get an error when I login' });
      assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
      assert.deepEqual(tagged.body, { tags: ['account', 'billing', 'bug'], priority: 'urgent' });
      const plain = await hook('ticket-created', { ticketId: 'T-51', subject: 'Hello', body: 'Where is your office?' });
      assert.deepEqual(plain.body, { tags: ['general'], priority: 'normal' });
      await levqor.waitForRun(tagged.runId);
      const [patch] = api.received.filter((r) => r.method === 'PATCH' && r.url === '/helpdesk/tickets/T-50');
      assert.equal(patch.headers.authorization, 'Bearer helpdesk-token-1');
      assert.deepEqual(JSON.parse(patch.body), { tags: ['account', 'billing', 'bug'], priority: 'urgent' });
    });

    test('abandoned cart reminders stop once the cart is bought', async () => {
      const workflow = await installed('abandoned-cart-reminder', { vars: { shopApiUrl: api.url, shopName: 'Acme Shop', firstReminderAfter: '1ms', secondReminderAfter: '1ms' } });
      await activate(workflow.id);
      const open = await hook('cart-abandoned', { cartId: 'CART-1', email: 'cart@buyer.io', name: 'Cam', cartUrl: 'https://shop.example/cart/1', total: '£40' });
      const done = await hook('cart-abandoned', { cartId: 'CART-DONE', email: 'done@buyer.io', name: 'Dot', cartUrl: 'https://shop.example/cart/2', total: '£10' });
      assert.equal((await levqor.waitForRun(open.runId)).status, 'succeeded');
      assert.equal((await levqor.waitForRun(done.runId)).status, 'succeeded');
      const reminders = mailsTo('cart@buyer.io');
      assert.equal(reminders.length, 2);
      assert.match(reminders[0].raw, /Subject: You left something in your cart at Acme Shop/);
      assert.match(reminders[1].text, /COMEBACK10/);
      assert.equal(apiCalls('GET', '/carts/CART-1').length, 2);
      assert.equal(apiCalls('GET', '/carts/CART-1')[0].headers.authorization, 'Bearer shop-token-1');
      assert.equal(mailsTo('done@buyer.io').length, 0);
    });

    test('review request after delivery, skipped for returns', async () => {
      const workflow = await installed('review-request-after-delivery', { vars: { shopApiUrl: api.url, reviewUrl: 'https://shop.example/review', reviewAfter: '1ms' } });
      await activate(workflow.id);
      const kept = await hook('order-delivered', { orderId: 'O-1', email: 'rita@r.io', name: 'Rita', productName: 'Teapot' });
      const back = await hook('order-delivered', { orderId: 'O-RET', email: 'ret@r.io', name: 'Ray', productName: 'Mug' });
      assert.equal((await levqor.waitForRun(kept.runId)).status, 'succeeded');
      assert.equal((await levqor.waitForRun(back.runId)).status, 'succeeded');
      const [ask] = mailsTo('rita@r.io');
      assert.match(ask.raw, /Subject: How do you like your Teapot\?/);
      assert.ok(ask.text.includes('https://shop.example/review?order=O-1'), ask.text);
      assert.equal(mailsTo('ret@r.io').length, 0);
      assert.equal(apiCalls('GET', '/orders/O-1')[0].headers.authorization, 'Bearer shop-token-1');
    });

    test('weekly pipeline report', async () => {
      const workflow = await installed('weekly-pipeline-report', { vars: { crmUrl: `${api.url}/crm`, reportTo: ['vp@acme.io'], currencySymbol: '$' } });
      assert.equal((await runNow(workflow.id)).status, 'succeeded');
      const [call] = apiCalls('GET', '/crm/deals');
      assert.equal(new URL(call.url, 'http://x').searchParams.get('status'), 'open');
      const [report] = mailsTo('vp@acme.io');
      assert.match(report.raw, /Subject: Pipeline: 3 open deals worth \$8,700/);
      assert.ok(report.text.includes('- proposal: 2 deals, $7,500'), report.text);
      assert.ok(report.text.includes('- qualified: 1 deals, $1,200'), report.text);
    });

    test('every template in the repository has an end-to-end test here', () => {
      const audited = ['web-form-lead-to-crm', 'email-auto-responder', 'weekly-analytics-report', 'slack-severity-alerts', 'invoice-follow-up', 'social-mention-monitor', 'crm-contacts-to-table', 'shop-order-to-crm', 'support-ticket-escalation', 'daily-sales-digest', 'webhook-lead-to-table-and-slack', 'uptime-monitor', 'deal-won-onboarding', 'csat-survey-after-ticket', 'two-way-crm-sync', 'customer-onboarding-drip', 'payment-thank-you-crm-note', 'form-to-spreadsheet', 'daily-new-leads-digest', 'failed-run-alert-dedupe', 'lead-scoring-router', 'support-ticket-auto-tagging', 'abandoned-cart-reminder', 'review-request-after-delivery', 'weekly-pipeline-report'];
      assert.deepEqual(templates.map((t) => t.id).sort(), audited.sort());
    });
  });
}
