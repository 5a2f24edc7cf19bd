import { parentPort, workerData } from 'node:worker_threads';
import { ExpressionError } from '../engine/errors.ts';
import { resolveTemplates } from '../engine/expressions/index.ts';
import { ORDINAL, STARTED, TASK, type EvaluationReply, type EvaluationTask, type FailureRecord } from './sandbox-protocol.ts';

/**
 * Evaluation thread of the expression sandbox: resolves one task at a time, in arrival order, and
 * reports through shared cells which expression runs, so a stuck one can be found and stopped.
 */
const port = parentPort;
if (port === null) throw new Error('sandbox-thread must run in a worker thread');
const progress = new Int32Array(workerData.progress as SharedArrayBuffer);
const queue: EvaluationTask[] = [];
let draining = false;

async function evaluate(task: EvaluationTask): Promise<EvaluationReply> {
  Atomics.store(progress, TASK, task.id);
  try {
    const value = await resolveTemplates(task.value, task.scope, task.where, task.limits, (ordinal) => {
      Atomics.store(progress, ORDINAL, ordinal);
      Atomics.add(progress, STARTED, 1);
    });
    return { id: task.id, ok: true, value };
  } catch (error) {
    if (error instanceof ExpressionError) {
      return { id: task.id, ok: false, failure: { message: error.message, details: error.details as FailureRecord['details'] } };
    }
    // Not an expression problem (a bug): report it plainly rather than losing the task.
    const message = error instanceof Error ? error.message : String(error);
    return { id: task.id, ok: false, failure: { message, details: { field: task.where.field, expression: '', ...(task.where.step ? { step: task.where.step } : {}) } } };
  } finally {
    Atomics.store(progress, TASK, 0);
  }
}

function send(reply: EvaluationReply): void {
  try {
    port!.postMessage(reply);
  } catch (error) {
    // A result that cannot be cloned back (it never should: results are plain data).
    const message = `the result could not be handed back: ${error instanceof Error ? error.message : String(error)}`;
    port!.postMessage({ id: reply.id, ok: false, failure: { message, details: { field: '', expression: '' } } } satisfies EvaluationReply);
  }
}

async function drain(): Promise<void> {
  draining = true;
  while (queue.length > 0) send(await evaluate(queue.shift()!));
  draining = false;
}

port.on('message', (task: EvaluationTask) => {
  queue.push(task);
  if (!draining) void drain();
});
// Loading the evaluator takes a while on a cold thread; it is not counted against any expression.
port.postMessage('ready');
