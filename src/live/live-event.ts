import type { StepRecord } from '../engine/run-types.ts';
import type { RunState } from '../store/runs/run-state.ts';

/**
 * A change of a run or of one of its steps, as the event stream tells it. Only ids and states travel:
 * a client re-fetches the run for its data, so step inputs, outputs and errors (and any secret in
 * them) never leave the database this way.
 */
export interface LiveEvent {
  workspaceId: string;
  runId: string;
  workflowId: string;
  /** The stream's event name: `run.held` (by the run quota), `run.queued`, `run.started`, `run.waiting`, `run.succeeded`, `run.failed`, `run.cancelled`, `step.started`, `step.succeeded`, `step.failed`, `step.retrying`. */
  type: string;
  /** The run's status (`run.*`) or the step's (`step.*`: running, succeeded, failed, retrying). */
  status: string;
  stepId?: string;
  /** The step's record key (a for-each lane's steps share a step id, not a key). */
  key?: string;
  attempt?: number;
}

export interface RunIds {
  id: string;
  workspaceId: string;
  workflowId: string;
}

/**
 * A write with more step records than this (a long loop of pure steps written in one go) tells only
 * its latest ones: the client re-fetches the run anyway, and notifications stay small.
 */
export const MAX_STEP_EVENTS_PER_WRITE = 20;

const RUN_EVENT: Record<RunState['status'], string> = {
  queued: 'run.queued',
  running: 'run.started',
  waiting: 'run.waiting',
  succeeded: 'run.succeeded',
  failed: 'run.failed',
  cancelled: 'run.cancelled',
  quota_exceeded: 'run.held',
};

export function runEvent(run: RunIds, status: RunState['status']): LiveEvent {
  return { workspaceId: run.workspaceId, runId: run.id, workflowId: run.workflowId, type: RUN_EVENT[status], status };
}

export function stepEvent(run: RunIds, step: { key: string; stepId: string; attempts: number }, status: 'running' | StepRecord['status']): LiveEvent {
  return {
    workspaceId: run.workspaceId,
    runId: run.id,
    workflowId: run.workflowId,
    type: `step.${status === 'running' ? 'started' : status}`,
    status,
    stepId: step.stepId,
    key: step.key,
    attempt: step.attempts,
  };
}

/**
 * The events of one committed run write, in the order they happened: the start of a run this write
 * creates already started (an inline run), its steps, then the run's new state unless it stays running
 * (a checkpoint says nothing new about the run itself).
 */
export function eventsOfWrite(run: RunIds, state: RunState, records: readonly StepRecord[], created: boolean): LiveEvent[] {
  const events: LiveEvent[] = [];
  if (created && state.status !== 'queued' && state.status !== 'quota_exceeded') events.push(runEvent(run, 'running'));
  for (const record of records.slice(-MAX_STEP_EVENTS_PER_WRITE)) events.push(stepEvent(run, record, record.status));
  if (state.status !== 'running') events.push(runEvent(run, state.status));
  return events;
}
