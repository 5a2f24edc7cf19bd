import { Worker } from 'node:worker_threads';
import { ExpressionError } from '../engine/errors.ts';
import { ExpressionLimitError, expressionFailure, listTemplates } from '../engine/expressions/index.ts';
import type { TemplateRequest, TemplateResolver } from '../engine/ports.ts';
import { FairQueue } from './fair-queue.ts';
import { ORDINAL, PROGRESS_CELLS, STARTED, TASK, type EvaluationReply, type EvaluationTask } from './sandbox-protocol.ts';

export interface SandboxOptions {
  /** Most evaluation threads at once; one is kept warm, the others start under load. */
  maxThreads: number;
  /** Heap of one evaluation thread (old generation), in MiB: an evaluation past it is stopped. */
  memoryMb: number;
  /** How far past its own time limit an expression may run before its thread is stopped. */
  graceMs?: number;
  /** Threads beyond the first are stopped after this long without work. */
  idleThreadMs?: number;
}

interface Pending {
  task: EvaluationTask;
  request: TemplateRequest;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface EvaluationThread {
  worker: Worker;
  progress: Int32Array;
  /** Tasks sent to the thread and not answered yet, in the order it takes them. */
  inFlight: Map<number, Pending>;
  /** STARTED as last seen by the watchdog, and when it last changed. */
  seenStarted: number;
  seenAt: number;
  /** The thread has loaded the evaluator and takes tasks. */
  ready: boolean;
  stopping: boolean;
  idleTimer?: NodeJS.Timeout;
}

const WATCH_EVERY_MS = 20;
/**
 * Tasks sent to a thread ahead of its answers. With one at a time the thread idles whenever the main
 * thread is busy elsewhere (a database write) before it hands over the next task: measured on the
 * embedded database, sync webhooks at 50 connections went from 2,300 to 700 requests/s.
 */
const PIPELINE_DEPTH = 16;

// Run from the sources (.ts) in development and tests, from dist (.js) when built.
const THREAD_URL = new URL(`./sandbox-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Evaluates templates in worker threads, away from the event loop that serves requests. A thread whose
 * expression runs past its time limit (a regular expression backtracking, a date picture jsonata turns
 * into one) or past the thread's heap is terminated, the evaluation fails with the limit named, and a new
 * thread takes the queue. Evaluations are shared round-robin between workspaces.
 */
export class ExpressionSandbox implements TemplateResolver {
  readonly #options: Required<SandboxOptions>;
  readonly #queue = new FairQueue<Pending>();
  readonly #threads: EvaluationThread[] = [];
  #nextId = 1;
  #watchdog: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: SandboxOptions) {
    if (!(Number.isInteger(options.maxThreads) && options.maxThreads >= 1)) throw new RangeError(`sandbox maxThreads must be a positive integer, got ${options.maxThreads}`);
    if (!(Number.isFinite(options.memoryMb) && options.memoryMb >= 16)) throw new RangeError(`sandbox memoryMb must be at least 16, got ${options.memoryMb}`);
    this.#options = { graceMs: 100, idleThreadMs: 30_000, ...options };
    this.#spawn();
  }

  /** Threads running now (for metrics and tests). */
  get threads(): number {
    return this.#threads.length;
  }

  resolve(request: TemplateRequest): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('the expression sandbox is closed'));
    return new Promise((resolve, reject) => {
      const { value, scope, where, limits } = request;
      const task: EvaluationTask = { id: this.#nextId++, value, scope, where, limits };
      this.#queue.push(request.workspaceId, { task, request, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watchdog);
    const closing = new Error('the expression sandbox is closed');
    for (const pending of this.#queue.drain()) pending.reject(closing);
    const threads = this.#threads.splice(0);
    for (const thread of threads) {
      clearTimeout(thread.idleTimer);
      thread.stopping = true;
      for (const pending of thread.inFlight.values()) pending.reject(closing);
      thread.inFlight.clear();
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  #spawn(): EvaluationThread {
    const shared = new SharedArrayBuffer(PROGRESS_CELLS * Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(THREAD_URL, {
      workerData: { progress: shared },
      resourceLimits: { maxOldGenerationSizeMb: this.#options.memoryMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, this.#options.memoryMb / 8)) },
      stdout: false,
      stderr: false,
    });
    const thread: EvaluationThread = { worker, progress: new Int32Array(shared), inFlight: new Map(), seenStarted: 0, seenAt: 0, ready: false, stopping: false };
    worker.unref();
    worker.on('message', (reply: EvaluationReply | 'ready') => {
      if (reply !== 'ready') return this.#answered(thread, reply);
      thread.ready = true;
      this.#dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ExpressionLimitError(`exceeded memory limit of ${this.#options.memoryMb} MiB (the evaluation was stopped)`)
        : new Error(`the evaluation thread failed (${error.message}); the other evaluations go on in a new thread, and the step may be run again`);
      this.#lost(thread, reason);
    });
    worker.on('exit', () => this.#lost(thread, new Error('the evaluation thread stopped unexpectedly; the other evaluations go on in a new thread, and the step may be run again')));
    this.#threads.push(thread);
    return thread;
  }

  #dispatch(): void {
    while (this.#queue.size > 0 && !this.#closed) {
      const usable = this.#threads.filter((candidate) => candidate.ready && !candidate.stopping);
      // Start one more thread when every thread has work and none is starting already.
      if (this.#threads.length < this.#options.maxThreads && this.#threads.every((candidate) => candidate.ready) && usable.every((candidate) => candidate.inFlight.size > 0)) {
        this.#spawn();
      }
      const thread = usable.filter((candidate) => candidate.inFlight.size < PIPELINE_DEPTH).sort((a, b) => a.inFlight.size - b.inFlight.size)[0];
      if (thread === undefined) break;
      const pending = this.#queue.shift()!;
      try {
        thread.worker.postMessage(pending.task);
      } catch (error) {
        pending.reject(this.#failure(pending, 0, new Error(`the values it reads cannot be evaluated: ${(error as Error).message}`)));
        continue;
      }
      if (thread.inFlight.size === 0) {
        clearTimeout(thread.idleTimer);
        thread.seenStarted = Atomics.load(thread.progress, STARTED);
        thread.seenAt = performance.now();
        thread.worker.ref();
      }
      thread.inFlight.set(pending.task.id, pending);
    }
    if (this.#watchdog === undefined && this.#threads.some((thread) => thread.inFlight.size > 0)) {
      this.#watchdog = setInterval(() => this.#watch(), WATCH_EVERY_MS);
      this.#watchdog.unref();
    }
  }

  #answered(thread: EvaluationThread, reply: EvaluationReply): void {
    const pending = thread.inFlight.get(reply.id);
    if (pending === undefined) return;
    thread.inFlight.delete(reply.id);
    if (thread.inFlight.size === 0) this.#release(thread);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new ExpressionError(reply.failure.message, reply.failure.details));
    this.#dispatch();
  }

  #release(thread: EvaluationThread): void {
    thread.worker.unref();
    if (this.#threads.length > 1) {
      thread.idleTimer = setTimeout(() => {
        if (thread.inFlight.size === 0 && this.#threads.length > 1) this.#stop(thread);
      }, this.#options.idleThreadMs);
      thread.idleTimer.unref();
    }
  }

  /**
   * Takes a stopped or lost thread's tasks back: the one it was evaluating (per its progress cells)
   * fails with `reason`; the ones queued behind it go back to the head of the queue, in order.
   */
  #reclaim(thread: EvaluationThread, reason: Error): void {
    const runningId = Atomics.load(thread.progress, TASK);
    const tasks = [...thread.inFlight.values()];
    thread.inFlight.clear();
    const running = tasks.find((pending) => pending.task.id === runningId) ?? tasks[0];
    if (running !== undefined) running.reject(this.#failure(running, Atomics.load(thread.progress, ORDINAL), reason));
    for (const pending of tasks.reverse()) if (pending !== running) this.#queue.unshift(pending.request.workspaceId, pending);
  }

  /** Stops threads whose running expression has made no progress past its limit plus the grace period. */
  #watch(): void {
    const now = performance.now();
    let busy = false;
    for (const thread of [...this.#threads]) {
      if (thread.inFlight.size === 0 || thread.stopping) continue;
      busy = true;
      const started = Atomics.load(thread.progress, STARTED);
      if (started !== thread.seenStarted) {
        thread.seenStarted = started;
        thread.seenAt = now;
        continue;
      }
      const running = thread.inFlight.get(Atomics.load(thread.progress, TASK)) ?? thread.inFlight.values().next().value!;
      const { timeoutMs } = running.task.limits;
      if (now - thread.seenAt <= timeoutMs + this.#options.graceMs) continue;
      this.#reclaim(thread, new ExpressionLimitError(`exceeded time limit of ${timeoutMs} ms (the evaluation was stopped)`));
      this.#stop(thread);
    }
    if (!busy) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
    }
    this.#dispatch();
  }

  /** The thread died or was stopped: its running task fails with `reason`, the others move to other threads. */
  #lost(thread: EvaluationThread, reason: Error): void {
    const index = this.#threads.indexOf(thread);
    if (index >= 0) this.#threads.splice(index, 1);
    clearTimeout(thread.idleTimer);
    this.#reclaim(thread, reason);
    if (!this.#closed && this.#threads.length === 0) this.#spawn();
    this.#dispatch();
  }

  #stop(thread: EvaluationThread): void {
    if (thread.stopping) return;
    thread.stopping = true;
    const index = this.#threads.indexOf(thread);
    if (index >= 0) this.#threads.splice(index, 1);
    clearTimeout(thread.idleTimer);
    void thread.worker.terminate();
    if (!this.#closed && this.#threads.length === 0) this.#spawn();
  }

  /** The error for the `ordinal`-th expression of a task, as the thread would have reported it. */
  #failure(pending: Pending, ordinal: number, reason: Error): ExpressionError {
    const { value, where, limits } = pending.request;
    const site = listTemplates(value, where, ordinal + 1)[ordinal];
    if (site === undefined) return new ExpressionError(`field ${where.field}: ${reason.message}`, { field: where.field, expression: '', ...(where.step ? { step: where.step } : {}) }, reason);
    return expressionFailure(reason, site.source, site.site, limits);
  }
}
