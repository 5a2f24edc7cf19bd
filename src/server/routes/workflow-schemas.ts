/** Response schemas of the workflow routes the web app reads (they also type its client). */
import { pageSchemaOf, RUN_STATUSES } from './run-schemas.ts';
import { workflowSummarySchema } from './schemas.ts';

const SUMMARY_FIELDS = ['id', 'workspaceId', 'name', 'version', 'active', 'triggerType', 'hookPath', 'hookUrl', 'scheduleNextAt', 'createdAt', 'updatedAt'] as const;

export const workflowViewSchema = { ...workflowSummarySchema, required: SUMMARY_FIELDS } as const;

export const workflowListItemSchema = {
  type: 'object',
  required: [...SUMMARY_FIELDS, 'lastRunAt', 'lastRunStatus', 'successRate', 'finishedRuns'],
  properties: {
    ...workflowSummarySchema.properties,
    lastRunAt: { type: ['string', 'null'], format: 'date-time', description: 'When the newest run was created; null before the first run' },
    lastRunStatus: { type: ['string', 'null'], enum: [...RUN_STATUSES, null] },
    successRate: { type: ['number', 'null'], description: 'Succeeded share (0–1) of the latest finished runs (at most 100); null before a run finished' },
    finishedRuns: { type: 'integer', description: 'How many finished runs successRate is taken over' },
  },
} as const;

export const workflowPageSchema = pageSchemaOf(workflowListItemSchema);

export const workflowDetailSchema = {
  type: 'object',
  required: [...SUMMARY_FIELDS],
  properties: {
    ...workflowSummarySchema.properties,
    // The definition as saved: its shape is the workflow format's, open by design.
    definition: { type: 'object', additionalProperties: true },
  },
} as const;
