import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { planById, SELF_HOSTED_PLAN_ID, type PlansCatalog } from '../../billing/plans.ts';
import { readWorkspaceBilling } from '../../metering/quota-plans.ts';
import type { UpgradeHint } from '../../metering/quota-limits.ts';
import type { AuditLog, AuditEventView } from '../../store/audit/audit-log.ts';
import type { RunQueries, RunView } from '../../store/runs/run-queries.ts';
import type { Database, RunStatus } from '../../store/schema.ts';
import { workspaceOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';

/** Rows per export request; a longer history is exported in windows (`until` = the last row's createdAt). */
export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 500;
const NEWEST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export interface ExportRoutesOptions {
  db: Kysely<Database>;
  catalog: PlansCatalog;
  runs: RunQueries;
  audit: AuditLog;
  /** Where the 402 sends the workspace: checkout, or the operator's command on a self-hosted install. */
  upgradeHint: UpgradeHint;
}

/** One CSV cell: quoted when needed; text a spreadsheet would run as a formula is prefixed with `'`. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (values: unknown[]) => `${values.map(cell).join(',')}\r\n`;

const RUN_CSV = ['id', 'workflow_id', 'workflow_version', 'status', 'dead_letter', 'attempts', 'created_at', 'started_at', 'finished_at', 'duration_ms', 'error_code', 'error_message', 'error_step'];
function runCsv(r: RunView): string {
  const error = (r.error ?? null) as { code?: string; message?: string; step?: string } | null;
  const duration = r.startedAt && r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null;
  return csvLine([r.id, r.workflowId, r.workflowVersion, r.status, r.deadLetter, r.attempts, r.createdAt, r.startedAt, r.finishedAt, duration, error?.code, error?.message, error?.step]);
}

const AUDIT_CSV = ['id', 'created_at', 'action', 'actor_type', 'actor_id', 'actor_label', 'target_type', 'target_id', 'ip', 'user_agent', 'details'];
function auditCsv(e: AuditEventView): string {
  return csvLine([e.id, e.createdAt, e.action, e.actor.type, e.actor.id, e.actor.label, e.target?.type, e.target?.id, e.ip, e.userAgent, e.details]);
}

/** Exports are a plan feature (`limits.exports`: Growth and above); API tiers include them. */
async function assertExportsAllowed(o: ExportRoutesOptions, workspaceId: string): Promise<void> {
  const billing = await readWorkspaceBilling(o.db, workspaceId);
  const planId = billing?.planId ?? 'trial';
  if (planId === SELF_HOSTED_PLAN_ID || o.catalog.apiTiers.some((t) => t.id === planId)) return;
  const plan = planById(o.catalog, planId) ?? o.catalog.plans[0];
  if (plan.limits.exports) return;
  const withExports = o.catalog.plans.filter((p) => p.limits.exports).map((p) => p.name);
  throw new HttpError(402, 'plan_limit', `exports are not part of the ${planId === 'trial' ? 'Trial' : `${plan.name} plan`}; they come with ${withExports.join(', ')}: ${o.upgradeHint(billing?.slug ?? '<workspace>')}. Runs and audit events stay readable page by page (GET /api/v1/runs, GET /api/v1/audit).`, {
    details: { limit: 'exports', allowed: false, plan: planId },
  });
}

function stream(reply: FastifyReply, format: 'jsonl' | 'csv', name: string, lines: AsyncGenerator<string>): FastifyReply {
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  reply
    .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${stamp}.${format}"`)
    .header('levqor-export-limit', String(MAX_EXPORT_ROWS))
    .header('cache-control', 'private, no-store');
  return reply.send(Readable.from(lines));
}

const formatSchema = { type: 'string', enum: ['jsonl', 'csv'], default: 'jsonl', description: 'JSON Lines (one object per line, as the list API shows it) or CSV (summary columns)' } as const;
const windowSchema = {
  since: { type: 'string', format: 'date-time', description: 'Oldest createdAt included' },
  until: { type: 'string', format: 'date-time', description: 'Only rows created at or before this instant. To continue an export, pass the last row\'s createdAt: rows of that instant come again (ids are unique)' },
} as const;

/** Downloads of the run history and the audit log, newest first, streamed (docs/operations.md, "Exports"). */
export function registerExportRoutes(app: FastifyInstance, o: ExportRoutesOptions): void {
  app.get('/api/v1/runs/export', {
    config: { permission: 'read' },
    schema: {
      tags: ['runs'],
      summary: `Download the run history as JSON Lines or CSV, newest first (at most ${MAX_EXPORT_ROWS.toLocaleString('en-US')} runs per request; plans with exports)`,
      querystring: { type: 'object', properties: { format: formatSchema, ...windowSchema, workflowId: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'] } } },
    },
  }, async (request, reply) => {
    const q = request.query as { format: 'jsonl' | 'csv'; since?: string; until?: string; workflowId?: string; status?: RunStatus };
    const workspaceId = workspaceOf(request);
    await assertExportsAllowed(o, workspaceId);
    const since = q.since ? new Date(q.since) : undefined;
    async function* lines(): AsyncGenerator<string> {
      if (q.format === 'csv') yield csvLine(RUN_CSV);
      let after = { createdAt: q.until ? new Date(q.until) : new Date(Date.now() + 60_000), id: NEWEST };
      for (let sent = 0; sent < MAX_EXPORT_ROWS; ) {
        const rows = await o.runs.list(workspaceId, { workflowId: q.workflowId, status: q.status }, Math.min(PAGE, MAX_EXPORT_ROWS - sent), after);
        for (const r of rows) {
          if (since && new Date(r.createdAt) < since) return;
          yield q.format === 'csv' ? runCsv(r) : `${JSON.stringify(r)}\n`;
        }
        sent += rows.length;
        if (rows.length < PAGE) return;
        const last = rows[rows.length - 1];
        after = { createdAt: new Date(last.createdAt), id: last.id };
      }
    }
    return stream(reply, q.format, 'runs', lines());
  });

  app.get('/api/v1/audit/export', {
    config: { permission: 'admin' },
    schema: {
      tags: ['audit'],
      summary: `Download the audit log as JSON Lines or CSV, newest first (at most ${MAX_EXPORT_ROWS.toLocaleString('en-US')} events per request; plans with exports)`,
      querystring: { type: 'object', properties: { format: formatSchema, ...windowSchema, action: { type: 'string', maxLength: 100 } } },
    },
  }, async (request, reply) => {
    const q = request.query as { format: 'jsonl' | 'csv'; since?: string; until?: string; action?: string };
    const workspaceId = workspaceOf(request);
    await assertExportsAllowed(o, workspaceId);
    async function* lines(): AsyncGenerator<string> {
      if (q.format === 'csv') yield csvLine(AUDIT_CSV);
      let after: { createdAt: Date; id: string } | undefined;
      const filter = { action: q.action, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined };
      for (let sent = 0; sent < MAX_EXPORT_ROWS; ) {
        const rows = await o.audit.list(workspaceId, filter, Math.min(PAGE, MAX_EXPORT_ROWS - sent), after);
        for (const e of rows) yield q.format === 'csv' ? auditCsv(e) : `${JSON.stringify(e)}\n`;
        sent += rows.length;
        if (rows.length < PAGE) return;
        const last = rows[rows.length - 1];
        after = { createdAt: new Date(last.createdAt), id: last.id };
      }
    }
    return stream(reply, q.format, 'audit', lines());
  });
}
