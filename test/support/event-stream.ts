import { Agent, fetch } from 'undici';

/** One server-sent event as the stream sent it. */
export interface StreamedEvent {
  event: string;
  data: any;
}

export interface EventStreamClient {
  status: number;
  headers: { get(name: string): string | null };
  /** Every event received so far, in order (comments and the `retry:` field are not events). */
  events: StreamedEvent[];
  /** Lines starting with ':' (heartbeats), counted. */
  comments(): number;
  /** The raw text received, for asserting on fields such as `retry:`. */
  text(): string;
  /** Resolves with the events once `done` holds for them; rejects after the timeout, naming what arrived. */
  waitFor(what: string, done: (events: StreamedEvent[]) => boolean, timeoutMs?: number): Promise<StreamedEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET url` as an event stream (a real HTTP connection, like a browser's EventSource) and parses what arrives. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  // A connection pool of its own, closed with the stream: a shared pool would keep spare connections
  // open to the server (which then waits for them when it closes).
  const agent = new Agent({ connections: 1 });
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal, dispatcher: agent });
  const events: StreamedEvent[] = [];
  let raw = '';
  let comments = 0;
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length) events.push({ event, data: JSON.parse(data.join('\n')) });
        }
        for (const wake of waiters) wake();
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      for (const wake of waiters) wake();
    }
  })();
  ended.catch(() => {});
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments: () => comments,
    text: () => raw,
    ended,
    close: () => {
      abort.abort();
      void agent.destroy().catch(() => {});
    },
    waitFor(what, done, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (done(events)) {
            cleanup();
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(events)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
