import { Gauge, type Registry } from 'prom-client';
import { LOAD_TIERS } from './load-tiers.ts';
import type { LoadMonitor } from './load-monitor.ts';

/** `levqor_load_tier` (0 Low … 3 Critical) and the last value of each load signal, read at scrape time. */
export function registerLoadMetrics(registry: Registry, monitor: LoadMonitor): void {
  new Gauge({
    name: 'levqor_load_tier',
    help: `Load tier of this process that sets the rate limits: ${LOAD_TIERS.map((t, i) => `${i} ${t}`).join(', ')}`,
    registers: [registry],
    collect() {
      this.set(monitor.tierIndex);
    },
  });
  new Gauge({
    name: 'levqor_load_signal',
    help: 'Last measured load signals: event_loop_delay_ms (p99), database_wait_ms (a select 1), queue_depth (ready runs)',
    labelNames: ['signal'],
    registers: [registry],
    collect() {
      const { signals } = monitor.status();
      this.set({ signal: 'event_loop_delay_ms' }, signals.eventLoopDelayMs);
      this.set({ signal: 'database_wait_ms' }, signals.databaseWaitMs);
      this.set({ signal: 'queue_depth' }, signals.queueDepth);
    },
  });
}
