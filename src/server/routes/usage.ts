import type { FastifyInstance } from 'fastify';
import type { UsageService } from '../../metering/usage-service.ts';
import { workspaceOf } from '../auth/principal.ts';

const money = {
  type: 'object',
  properties: { amount: { type: 'integer', description: 'Minor units (cents, pence)' }, currency: { type: 'string' }, display: { type: 'string' } },
} as const;

function limitSchema(description: string) {
  return { type: 'object', description, properties: { allowed: { type: ['integer', 'null'] }, current: { type: 'integer' } } } as const;
}

const usageSchema = {
  type: 'object',
  properties: {
    plan: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['trial', 'plan', 'api_tier', 'self_hosted'] } } },
    period_start: { type: 'string', format: 'date-time' },
    reset_date: { type: 'string', format: 'date-time', description: 'When the next period starts and the counts reset' },
    calls_used: { type: 'integer', description: 'Authenticated API calls this period (the ledger plus counts not yet flushed to it)' },
    calls_included: { type: ['integer', 'null'], description: 'API calls included in the period (plan, trial or API tier); null when the plan sets no limit (self-hosted)' },
    calls_remaining: { type: ['integer', 'null'], description: 'Included calls left (not below 0). Beyond them an API tier pays overage; a plan or the trial gets 402 quota_exceeded' },
    overage_calls: { type: 'integer' },
    overage_cost: money,
    runs_used: { type: 'integer', description: 'Workflow runs counted this period: created, or released from the quota hold (from the run records)' },
    runs_remaining: { type: ['integer', 'null'], description: "Runs left in the plan's runs per month; null when the plan sets none" },
    runs_held: { type: 'integer', description: 'Runs waiting in quota_exceeded; they start when the period resets or the plan changes' },
    tokens_used: { type: 'integer', description: 'AI tokens reported by steps that finished this period' },
    by_endpoint: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Calls this period per endpoint category' },
    limits: {
      type: 'object',
      description: "The plan's limits on resources (not per period) and the current counts; beyond them new ones get 402 plan_limit. allowed is null when the plan sets none (API tiers)",
      properties: { activeWorkflows: limitSchema('Active workflows'), members: limitSchema('Members plus pending invitations'), clientWorkspaces: limitSchema("Client workspaces of this agency") },
    },
  },
} as const;

const historySchema = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    days: {
      type: 'array',
      items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, calls: { type: 'integer' }, runs: { type: 'integer' }, steps: { type: 'integer' }, tokens: { type: 'integer' } } },
    },
    by_workflow: {
      type: 'array',
      description: 'Runs (counted in the window) and their steps and AI tokens per workflow, most runs first',
      items: { type: 'object', properties: { workflow_id: { type: 'string' }, name: { type: 'string' }, runs: { type: 'integer' }, steps: { type: 'integer' }, tokens: { type: 'integer' } } },
    },
  },
} as const;

export function registerUsageRoutes(app: FastifyInstance, usage: UsageService): void {
  app.get('/api/v1/usage', {
    config: { permission: 'read' },
    schema: { tags: ['billing'], summary: "The workspace's usage this period: plan, API calls, runs, overage", response: { 200: usageSchema } },
  }, async (request) => usage.report(workspaceOf(request)));

  app.get('/api/v1/usage/history', {
    config: { permission: 'read' },
    schema: {
      tags: ['billing'],
      summary: 'API calls, runs and steps per UTC day (oldest first, up to today), and runs and steps per workflow',
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } } },
      response: { 200: historySchema },
    },
  }, async (request) => {
    const { days } = request.query as { days: number };
    return usage.history(workspaceOf(request), days);
  });
}
