import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../store/schema.ts';
import type { LiveTransport } from './live-events.ts';

export const LIVE_CHANNEL = 'levqor_events';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Live events over PostgreSQL: sent with NOTIFY on the pool (all payloads of a send in one statement),
 * received with LISTEN on a connection of its own, opened again after it drops.
 */
export function postgresChannel(db: Kysely<Database>, url: string, onError: (error: unknown, what: string) => void): LiveTransport {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  async function connect(onPayload: (payload: string) => void, onGap: () => void, reconnecting: boolean): Promise<void> {
    const { default: pgModule } = await import('pg');
    const next = new pgModule.Client({ connectionString: url, application_name: 'levqor-events', keepAlive: true, connectionTimeoutMillis: 5000 });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      next.removeAllListeners('notification');
      void next.end().catch(() => {});
      if (closed) return;
      onError(error ?? new Error('connection ended'), `the live-event connection to PostgreSQL was lost; reconnecting in ${retryMs} ms`);
      schedule(onPayload, onGap);
    };
    next.on('error', lost);
    next.on('end', () => lost());
    next.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL && message.payload !== undefined) onPayload(message.payload);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`listen ${LIVE_CHANNEL}`);
    } catch (error) {
      if (client === next) lost(error as Error);
      if (!reconnecting) throw error;
      return;
    }
    retryMs = RECONNECT_MIN_MS;
    if (reconnecting) onGap();
  }

  function schedule(onPayload: (payload: string) => void, onGap: () => void): void {
    if (closed || timer) return;
    const wait = retryMs;
    retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    timer = setTimeout(() => {
      timer = undefined;
      void connect(onPayload, onGap, true);
    }, wait);
    timer.unref();
  }

  return {
    kind: 'postgres',
    async send(payloads) {
      if (payloads.length === 0) return;
      await sql`select pg_notify(${LIVE_CHANNEL}, p) from jsonb_array_elements_text(${JSON.stringify(payloads)}::text::jsonb) with ordinality as t(p, n) order by n`.execute(db);
    },
    listen: (onPayload, onGap) => connect(onPayload, onGap, false),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const open = client;
      client = undefined;
      await open?.end();
    },
  };
}
