import type { paths } from '../../api/schema.ts';

export type RunSummary = paths['/api/v1/runs']['get']['responses'][200]['content']['application/json']['items'][number];
export type RunDetail = paths['/api/v1/runs/{id}']['get']['responses'][200]['content']['application/json'];
export type RunStep = RunDetail['steps'][number];
export type RunStatus = RunSummary['status'];

export const RUN_STATUSES: RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'quota_exceeded'];

/** A run in one of these can still change: its page keeps refreshing and it can be cancelled. */
export const isUnfinished = (status: RunStatus) => status === 'queued' || status === 'running' || status === 'waiting' || status === 'quota_exceeded';

export const isRetryable = (status: RunStatus) => status === 'failed' || status === 'cancelled';
