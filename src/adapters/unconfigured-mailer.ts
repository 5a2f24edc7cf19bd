import type { Mailer } from '../engine/ports.ts';
import { StepError } from '../engine/errors.ts';

export function createUnconfiguredMailer(): Mailer {
  return {
    async send() {
      throw new StepError(
        'smtp_not_configured',
        'email is not configured: set SMTP_URL (e.g. smtp://user:pass@host:587) and restart',
      );
    },
  };
}
