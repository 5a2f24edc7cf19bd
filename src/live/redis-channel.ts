import type { Redis } from 'ioredis';
import type { LiveTransport } from './live-events.ts';

/**
 * Live events over Redis pub/sub: published on the shared client (one pipeline per send), received on
 * a subscriber connection of its own, which ioredis reconnects and subscribes again by itself.
 */
export function redisChannel(publisher: Redis, channel: string): LiveTransport {
  let subscriber: Redis | undefined;
  return {
    kind: 'redis',
    async send(payloads) {
      if (payloads.length === 0) return;
      const pipeline = publisher.pipeline();
      for (const payload of payloads) pipeline.publish(channel, payload);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async listen(onPayload, onGap) {
      // A copy of the publisher's options: a subscribing connection can send nothing else.
      const sub = publisher.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null, lazyConnect: true });
      subscriber = sub;
      sub.on('error', () => {
        // Reported as a gap when the connection is back (below); ioredis keeps reconnecting.
      });
      sub.on('message', (from: string, payload: string) => {
        if (from === channel) onPayload(payload);
      });
      let ready = 0;
      sub.on('ready', () => {
        if (ready++ > 0) onGap();
      });
      await sub.connect();
      await sub.subscribe(channel);
    },
    async close() {
      await subscriber?.quit().catch(() => subscriber?.disconnect());
      subscriber = undefined;
    },
  };
}
