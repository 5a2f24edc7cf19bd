import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../engine/ports.ts';
import { StepError } from '../engine/errors.ts';

export interface SmtpMailerOptions {
  /** Sender used when a message has no `from`. */
  defaultFrom?: string;
}

export type ClosableMailer = Mailer & { close(): Promise<void> };

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'ECONNREFUSED', 'ECONNRESET']);

export function createSmtpMailer(smtpUrl: string, options: SmtpMailerOptions = {}): ClosableMailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    // Library defaults wait minutes; a step should fail fast and let the retry policy decide.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  const defaultFrom = options.defaultFrom ?? senderFromUrl(smtpUrl);

  return {
    async send(message, signal) {
      const from = message.from || defaultFrom;
      if (!from) {
        throw new StepError('email_from_missing', 'the email has no sender: set `from` on the step or configure a default sender');
      }
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          cc: message.cc,
          bcc: message.bcc,
          replyTo: message.replyTo,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          signal,
        });
        return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
      } catch (error) {
        throw translateSmtpError(error, message);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** For deployments without SMTP_URL: every send fails with a message that says how to fix it. */

interface SmtpFailure {
  name?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejected?: unknown[];
}

function translateSmtpError(error: unknown, message: MailMessage): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const failure = error as SmtpFailure;
  if (failure.name === 'AbortError') return error;
  const reply = failure.response ?? failure.message ?? 'no reply';
  const details = { code: failure.code, responseCode: failure.responseCode, response: failure.response };
  const status = failure.responseCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new StepError('smtp_temporary', `the mail server deferred the message: ${reply}`, { retryable: true, details, cause: error });
  }
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') {
    return new StepError('smtp_auth_failed', `the mail server refused the SMTP credentials: ${reply}`, { details, cause: error });
  }
  if (status !== undefined && status >= 500) {
    const recipients = failure.rejected?.length ? addresses(failure.rejected) : recipientsOf(message);
    return new StepError('smtp_rejected', `the mail server rejected the message for ${recipients.join(', ')}: ${reply}`, {
      details: { ...details, rejected: recipients },
      cause: error,
    });
  }
  if (failure.code && CONNECTION_CODES.has(failure.code)) {
    return new StepError('smtp_unavailable', `could not reach the mail server: ${failure.message}`, { retryable: true, details, cause: error });
  }
  return error;
}

function recipientsOf(message: MailMessage): string[] {
  return [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])];
}

function addresses(list: unknown[] | undefined): string[] {
  return (list ?? []).map((a) => (typeof a === 'string' ? a : ((a as { address?: string }).address ?? String(a))));
}

// `smtp://sender%40example.com:pass@host` carries a usable sender in its user name.
function senderFromUrl(smtpUrl: string): string | undefined {
  try {
    const user = decodeURIComponent(new URL(smtpUrl).username);
    return user.includes('@') ? user : undefined;
  } catch {
    return undefined;
  }
}
