import { randomBytes } from 'node:crypto';
import type { LiveEvent } from './live-event.ts';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; Redis takes more, but one size keeps both alike. */
export const MAX_PAYLOAD_BYTES = 7900;

/** How events reach the other processes: PostgreSQL NOTIFY or Redis pub/sub (see postgres-channel.ts, redis-channel.ts). */
export interface LiveTransport {
  readonly kind: 'postgres' | 'redis';
  /** Sends the payloads, in order, in one round trip. */
  send(payloads: readonly string[]): Promise<void>;
  /**
   * Receives what every process sends (this one's too). `onGap` is called when the connection was
   * lost and is back: what was sent meanwhile is gone, so listeners should re-read.
   */
  listen(onPayload: (payload: string) => void, onGap: () => void): Promise<void>;
  close(): Promise<void>;
}

/** What a stream is told: an event, or that events may have been missed (re-read everything). */
export type LiveMessage = { kind: 'event'; event: LiveEvent } | { kind: 'resync' };
export type LiveListener = (message: LiveMessage) => void;

export interface LiveEventsOptions {
  transport?: LiveTransport;
  onError?: (error: unknown, what: string) => void;
}

type WireEvent = [workspaceId: string, runId: string, workflowId: string, type: string, status: string, stepId?: string, key?: string, attempt?: number];

/**
 * The live-event hub of a process. Writers publish after their commit; listeners (event streams) of
 * the workspace get the events at once, and the events go to the other processes through the
 * transport, gathered: everything published while a send is in flight goes in the next one, as few
 * payloads under MAX_PAYLOAD_BYTES as it takes, in one round trip. A process hears its own events
 * back from the transport and skips them (they were delivered directly). Without a transport (the
 * embedded database: one process) and without listeners, publishing does nothing.
 */
export class LiveEvents {
  readonly #origin = randomBytes(6).toString('base64url');
  readonly #transport: LiveTransport | undefined;
  readonly #onError: (error: unknown, what: string) => void;
  readonly #listeners = new Map<string, Set<LiveListener>>();
  #outbox: LiveEvent[] = [];
  #sending: Promise<void> | undefined;
  #closed = false;

  constructor(options: LiveEventsOptions = {}) {
    this.#transport = options.transport;
    this.#onError = options.onError ?? (() => {});
  }

  get transportKind(): 'postgres' | 'redis' | 'in-process' {
    return this.#transport?.kind ?? 'in-process';
  }

  /** Whether anything would hear an event: writers skip building events when not. */
  get active(): boolean {
    return !this.#closed && (this.#transport !== undefined || this.#listeners.size > 0);
  }

  /** Starts receiving other processes' events (processes that serve event streams). */
  async listen(): Promise<void> {
    await this.#transport?.listen((payload) => this.#received(payload), () => this.#resync());
  }

  publish(events: readonly LiveEvent[]): void {
    if (events.length === 0 || !this.active) return;
    for (const event of events) this.#deliver(event);
    if (!this.#transport) return;
    this.#outbox.push(...events);
    this.#sending ??= this.#send();
  }

  /** Listens to one workspace's events; returns the function that stops listening. */
  subscribe(workspaceId: string, listener: LiveListener): () => void {
    let set = this.#listeners.get(workspaceId);
    if (!set) this.#listeners.set(workspaceId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(workspaceId) === set) this.#listeners.delete(workspaceId);
    };
  }

  /** Sends what is still in the outbox, then closes the transport. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    await this.#sending;
    await this.#transport?.close().catch((error: unknown) => this.#onError(error, 'closing the live-event channel failed'));
  }

  async #send(): Promise<void> {
    // One macrotask of gathering: the events of every write committed in this turn go together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#outbox.length > 0) {
      const events = this.#outbox;
      this.#outbox = [];
      try {
        await this.#transport!.send(payloadsOf(this.#origin, events));
      } catch (error) {
        // Events are hints (a stream that missed one re-reads on the next); a write never waits for them.
        this.#onError(error, `${events.length} live events could not be sent to other processes`);
      }
    }
    this.#sending = undefined;
  }

  #received(payload: string): void {
    let message: { o: string; e: WireEvent[] };
    try {
      message = JSON.parse(payload);
    } catch (error) {
      return this.#onError(error, 'a live-event payload was not JSON; ignored');
    }
    if (message.o === this.#origin || !Array.isArray(message.e)) return;
    for (const [workspaceId, runId, workflowId, type, status, stepId, key, attempt] of message.e) {
      this.#deliver({ workspaceId, runId, workflowId, type, status, ...(stepId === undefined ? {} : { stepId, key, attempt }) });
    }
  }

  #deliver(event: LiveEvent): void {
    const set = this.#listeners.get(event.workspaceId);
    if (!set) return;
    for (const listener of set) this.#call(listener, { kind: 'event', event });
  }

  #resync(): void {
    for (const set of this.#listeners.values()) for (const listener of set) this.#call(listener, { kind: 'resync' });
  }

  #call(listener: LiveListener, message: LiveMessage): void {
    try {
      listener(message);
    } catch (error) {
      this.#onError(error, 'a live-event listener failed');
    }
  }
}

/** The events as JSON payloads of at most MAX_PAYLOAD_BYTES each, in order. */
export function payloadsOf(origin: string, events: readonly LiveEvent[]): string[] {
  const head = `{"o":${JSON.stringify(origin)},"e":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = head.length + 2;
  for (const event of events) {
    const wire: WireEvent = [event.workspaceId, event.runId, event.workflowId, event.type, event.status];
    if (event.stepId !== undefined) wire.push(event.stepId, event.key, event.attempt);
    const text = JSON.stringify(wire);
    const size = Buffer.byteLength(text) + 1;
    // An event that cannot fit a payload of its own is dropped rather than refused by the database.
    if (head.length + 2 + size > MAX_PAYLOAD_BYTES) continue;
    if (bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`${head}${parts.join(',')}]}`);
      parts = [];
      bytes = head.length + 2;
    }
    parts.push(text);
    bytes += size;
  }
  if (parts.length > 0) payloads.push(`${head}${parts.join(',')}]}`);
  return payloads;
}
