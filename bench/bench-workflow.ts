/** The benchmark's workflow: transform → branch on priority → respond, in sync or async mode. */
export function benchWorkflow(path: string, respond: 'sync' | 'async') {
  return {
    name: `bench ${path}`,
    trigger: { type: 'webhook', path, respond },
    steps: [
      {
        id: 'shape',
        type: 'transform',
        with: {
          set: {
            name: '{{ $uppercase(trigger.body.name) }}',
            receivedAt: '{{ $now() }}',
            total: '{{ trigger.body.qty * trigger.body.price }}',
            priority: '{{ trigger.body.qty * trigger.body.price > 100 ? "high" : "normal" }}',
          },
        },
      },
      { id: 'route', type: 'branch', with: { cases: [{ when: '{{ steps.shape.priority = "high" }}', goto: 'urgent' }], default: 'normal' } },
      { id: 'urgent', type: 'respond', with: { status: 200, body: { ok: true, lane: 'urgent', total: '{{ steps.shape.total }}' } }, next: 'end' },
      { id: 'normal', type: 'respond', with: { status: 200, body: { ok: true, lane: 'normal', total: '{{ steps.shape.total }}' } } },
    ],
  };
}

export const BENCH_BODY = JSON.stringify({ name: 'ada lovelace', qty: 3, price: 42.5 });
