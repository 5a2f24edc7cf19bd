/** Response schemas of the run routes (they also type the web app's client). */
export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'] as const;

const dateTime = { type: 'string', format: 'date-time' } as const;
const optionalDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const runSummarySchema = {
  type: 'object',
  required: ['id', 'workflowId', 'workflowVersion', 'status', 'deadLetter', 'attempts', 'createdAt', 'startedAt', 'finishedAt'],
  // Trigger, output and error are whatever the run carried: JSON of any shape.
  additionalProperties: true,
  properties: {
    id: { type: 'string', format: 'uuid' },
    workflowId: { type: 'string', format: 'uuid' },
    workflowVersion: { type: 'integer' },
    status: { type: 'string', enum: RUN_STATUSES },
    trigger: {},
    output: {},
    error: {},
    deadLetter: { type: 'boolean' },
    cancelRequested: { type: 'boolean' },
    attempts: { type: 'integer' },
    wakeAt: optionalDateTime,
    createdAt: dateTime,
    startedAt: optionalDateTime,
    finishedAt: optionalDateTime,
    heldAt: optionalDateTime,
  },
} as const;

export const runPageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: runSummarySchema },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page' },
  },
} as const;
