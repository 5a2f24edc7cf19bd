/** Why a run's signal was aborted. The executor maps each kind to an outcome or stops silently. */
export type InterruptKind = 'cancelled' | 'run_timeout' | 'lease_lost' | 'shutdown';

export class RunInterrupt extends Error {
  readonly kind: InterruptKind;
  constructor(kind: InterruptKind, message: string) {
    super(message);
    this.name = 'RunInterrupt';
    this.kind = kind;
  }
}

export function interruptOf(signal: AbortSignal): RunInterrupt | undefined {
  return signal.aborted && signal.reason instanceof RunInterrupt ? signal.reason : undefined;
}
