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

/** A cursor-paged list answer: `{ items, nextCursor }`. */
export function pageSchemaOf<Item extends object>(item: Item) {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: item },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page' },
    },
  } as const;
}

export const runPageSchema = pageSchemaOf(runSummarySchema);

export const runStepSchema = {
  type: 'object',
  required: ['key', 'stepId', 'type', 'seq', 'status', 'attempts', 'next', 'startedAt', 'finishedAt', 'durationMs'],
  // Input, output and error are what the step saw and produced (secrets already redacted): any JSON.
  additionalProperties: true,
  properties: {
    key: { type: 'string' },
    stepId: { type: 'string' },
    type: { type: 'string' },
    seq: { type: 'integer' },
    status: { type: 'string', enum: ['succeeded', 'failed', 'retrying'] },
    input: {},
    output: {},
    error: {},
    attempts: { type: 'integer' },
    next: { type: ['string', 'null'] },
    startedAt: dateTime,
    finishedAt: dateTime,
    durationMs: { type: 'integer' },
    tokens: { type: 'integer' },
  },
} as const;

export const runDetailSchema = {
  type: 'object',
  required: [...runSummarySchema.required, 'steps'],
  additionalProperties: true,
  properties: {
    ...runSummarySchema.properties,
    message: { type: 'string', description: 'Why a held run waits and what releases it' },
    steps: { type: 'array', items: runStepSchema },
  },
} as const;

export const runControlSchema = {
  type: 'object',
  required: ['runId', 'status'],
  properties: {
    runId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'cancelling', 'cancelled'] },
  },
} as const;
