import { Cron } from 'croner';

/** The first cron slot strictly after `after`, in the schedule's time zone. */
export function nextSlot(cron: string, timezone: string, after: Date): Date | null {
  return new Cron(cron, { timezone, paused: true }).nextRun(after);
}
