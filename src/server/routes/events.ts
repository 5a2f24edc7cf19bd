import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { LiveEvent } from '../../live/live-event.ts';
import type { LiveEvents, LiveMessage } from '../../live/live-events.ts';
import { workspaceOf } from '../auth/principal.ts';
import { HttpError } from '../http-error.ts';

export interface EventRoutesOptions {
  live: LiveEvents;
  /** Open streams one process keeps per workspace; the next is refused with 429. */
  streamsPerWorkspace: number;
  heartbeatMs: number;
}

/** What a browser waits before reconnecting a dropped stream (the `retry:` field). */
export const RECONNECT_MS = 3000;
/** A client that reads slower than events come is disconnected past this much unsent text; it reconnects and re-reads. */
const MAX_UNSENT_BYTES = 256 * 1024;
const RETRY_AFTER_S = 30;

/** The data of an event: ids and states only (never step inputs or outputs: clients fetch the run). */
function dataOf(event: LiveEvent) {
  return {
    runId: event.runId,
    workflowId: event.workflowId,
    status: event.status,
    ...(event.stepId === undefined ? {} : { stepId: event.stepId, key: event.key, attempt: event.attempt }),
  };
}

function frame(message: LiveMessage): string {
  if (message.kind === 'resync') return 'event: resync\ndata: {}\n\n';
  return `event: ${message.event.type}\ndata: ${JSON.stringify(dataOf(message.event))}\n\n`;
}

/**
 * `GET /api/v1/events`: the workspace's run and step changes as server-sent events, from whichever
 * process runs them (src/live/). No replay: every (re)connection begins with `ready`, after which a
 * client re-reads what it shows; `resync` says events may have been missed (the same advice).
 */
export function registerEventRoutes(app: FastifyInstance, o: EventRoutesOptions): void {
  const open = new Map<string, Set<PassThrough>>();
  // Streams never end by themselves: ending them first lets the server close without waiting.
  app.addHook('preClose', async () => {
    for (const streams of open.values()) for (const stream of streams) stream.end();
  });

  app.get('/api/v1/events', {
    config: { permission: 'read', workspaceInQuery: true },
    schema: {
      tags: ['runs'],
      operationId: 'streamEvents',
      summary: 'Live run and step events of the workspace (server-sent events)',
      description:
        'A text/event-stream of the workspace\'s changes: `run.held` (by the run quota), `run.queued`, `run.started`, `run.waiting`, `run.succeeded`, `run.failed`, `run.cancelled` ' +
        '(data: runId, workflowId, status) and `step.started`, `step.succeeded`, `step.failed`, `step.retrying` (data: runId, workflowId, stepId, key, status, attempt). ' +
        'No step data travels: fetch the run (GET /api/v1/runs/{id}) for it. Every connection starts with `ready`; `resync` means events may have been missed; ' +
        `a comment line arrives at least every ${Math.round(o.heartbeatMs / 1000)} s. At most ${o.streamsPerWorkspace} streams per workspace and server (LEVQOR_EVENT_STREAMS_PER_WORKSPACE); beyond that 429.`,
      querystring: {
        type: 'object',
        properties: { workspace: { type: 'string', maxLength: 100, description: 'The workspace slug, for sessions that cannot send the Levqor-Workspace header (a browser EventSource)' } },
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const workspaceId = workspaceOf(request);
    const streams = open.get(workspaceId) ?? new Set<PassThrough>();
    if (streams.size >= o.streamsPerWorkspace) {
      throw new HttpError(429, 'too_many_streams', `this workspace already has ${o.streamsPerWorkspace} open event streams on this server, the most allowed (LEVQOR_EVENT_STREAMS_PER_WORKSPACE); close one (another tab or client) or retry in ${RETRY_AFTER_S} s`, {
        headers: { 'retry-after': String(RETRY_AFTER_S) },
        details: { limit: o.streamsPerWorkspace },
      });
    }
    const stream = new PassThrough();
    streams.add(stream);
    open.set(workspaceId, streams);
    const write = (text: string) => {
      if (stream.writableEnded) return;
      stream.write(text);
      if (stream.writableLength > MAX_UNSENT_BYTES) stream.end();
    };
    write(`retry: ${RECONNECT_MS}\nevent: ready\ndata: {}\n\n`);
    const unsubscribe = o.live.subscribe(workspaceId, (message) => write(frame(message)));
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), o.heartbeatMs);
    let closed = false;
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(stream);
      if (streams.size === 0 && open.get(workspaceId) === streams) open.delete(workspaceId);
    };
    stream.once('close', cleanup);
    stream.once('end', cleanup);
    // The answer's close, not the request's: a GET's request stream ends as soon as it is read.
    reply.raw.once('close', () => {
      cleanup();
      stream.end();
    });
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      .send(stream);
  });
}
