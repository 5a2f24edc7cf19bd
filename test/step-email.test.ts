import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';
import { emailStep } from '../src/steps/email.ts';
import { createSmtpMailer } from '../src/adapters/smtp-mailer.ts';
import { createUnconfiguredMailer } from '../src/adapters/unconfigured-mailer.ts';
import { closeStepAdapters, runStep, stepError } from './support/step-context.ts';

interface Delivered {
  envelope: SMTPServerEnvelope;
  headers: Record<string, string>;
  raw: string;
}

let smtp: SMTPServer;
let mailer: ReturnType<typeof createSmtpMailer>;
let delivered: Delivered[] = [];

function smtpReply(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

// Header names lower-cased, folded lines joined.
function parseHeaders(raw: string): Record<string, string> {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return Object.fromEntries(
    head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) return callback(smtpReply('5.1.1 No such user here', 550));
      if (address.address.startsWith('busy@')) return callback(smtpReply('4.2.1 Mailbox busy, try again later', 451));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        delivered.push({ envelope: structuredClone(session.envelope), headers: parseHeaders(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as net.AddressInfo).port;
  mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, { defaultFrom: 'Levqor <robot@levqor.test>' });
});

after(async () => {
  await mailer.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await closeStepAdapters();
});

test('an email is delivered with its envelope, headers, text and html', async () => {
  delivered = [];
  const result = await runStep(
    emailStep,
    {
      to: 'Ada Lovelace <ada@example.test>',
      cc: ['grace@example.test'],
      bcc: 'audit@example.test',
      from: 'sales@levqor.test',
      replyTo: 'help@levqor.test',
      subject: 'Your invoice',
      text: 'Plain body',
      html: '<p>HTML body</p>',
    },
    { mailer, idempotencyKey: 'run_9:mail' },
  );
  const output = result.output as { messageId: string; accepted: string[]; rejected: string[] };
  assert.match(output.messageId, /^<.+>$/);
  assert.deepEqual(output.accepted.sort(), ['ada@example.test', 'audit@example.test', 'grace@example.test']);
  assert.deepEqual(output.rejected, []);

  const [mail] = delivered;
  assert.equal(mail.envelope.mailFrom && mail.envelope.mailFrom.address, 'sales@levqor.test');
  assert.deepEqual(mail.envelope.rcptTo.map((r) => r.address).sort(), ['ada@example.test', 'audit@example.test', 'grace@example.test']);
  assert.equal(mail.headers.subject, 'Your invoice');
  assert.equal(mail.headers.to, 'Ada Lovelace <ada@example.test>');
  assert.equal(mail.headers.cc, 'grace@example.test');
  assert.equal(mail.headers['reply-to'], 'help@levqor.test');
  assert.equal(mail.headers.bcc, undefined);
  assert.equal(mail.headers['x-levqor-idempotency-key'], 'run_9:mail');
  assert.match(mail.headers['content-type'], /multipart\/alternative/);
  assert.match(mail.raw, /Plain body/);
  assert.match(mail.raw, /<p>HTML body<\/p>/);
});

test('without from, the mailer default sender is used', async () => {
  delivered = [];
  await runStep(emailStep, { to: 'ada@example.test', subject: 'Hi', text: 'Hello' }, { mailer });
  assert.equal(delivered[0].envelope.mailFrom && delivered[0].envelope.mailFrom.address, 'robot@levqor.test');
  assert.equal(delivered[0].headers.from, 'Levqor <robot@levqor.test>');
});

test('a recipient rejected with 550 fails for good, naming the address', async () => {
  const error = await stepError(runStep(emailStep, { to: 'nobody@example.test', subject: 'Hi', text: 'x' }, { mailer }));
  assert.equal(error.code, 'smtp_rejected');
  assert.equal(error.retryable, false);
  assert.match(error.message, /nobody@example\.test/);
});

test('a 451 answer is a retryable temporary failure', async () => {
  const error = await stepError(runStep(emailStep, { to: 'busy@example.test', subject: 'Hi', text: 'x' }, { mailer }));
  assert.equal(error.code, 'smtp_temporary');
  assert.equal(error.retryable, true);
});

test('when only some recipients are rejected the mail goes out and the output lists them', async () => {
  const result = await runStep(emailStep, { to: ['ada@example.test', 'nobody@example.test'], subject: 'Hi', text: 'x' }, { mailer });
  const output = result.output as { accepted: string[]; rejected: string[] };
  assert.deepEqual(output.accepted, ['ada@example.test']);
  assert.deepEqual(output.rejected, ['nobody@example.test']);
});

test('an unreachable mail server is a retryable smtp_unavailable', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const unreachable = createSmtpMailer(`smtp://127.0.0.1:${port}`, { defaultFrom: 'robot@levqor.test' });
  try {
    const error = await stepError(runStep(emailStep, { to: 'ada@example.test', subject: 'Hi', text: 'x' }, { mailer: unreachable }));
    assert.equal(error.code, 'smtp_unavailable');
    assert.equal(error.retryable, true);
  } finally {
    await unreachable.close();
  }
});

test('without SMTP configured, sending fails for good and says to set SMTP_URL', async () => {
  const error = await stepError(
    runStep(emailStep, { to: 'ada@example.test', subject: 'Hi', text: 'x' }, { mailer: createUnconfiguredMailer() }),
  );
  assert.equal(error.code, 'smtp_not_configured');
  assert.equal(error.retryable, false);
  assert.match(error.message, /SMTP_URL.*smtp:\/\/user:pass@host:587/);
});

test('the schema checks addresses, needs text or html, and refuses unknown keys', () => {
  const bad = emailStep.schema.safeParse({ to: ['ada@example.test', 'not-an-address'], subject: 'Hi', text: 'x' });
  assert.equal(bad.success, false);
  assert.match(bad.error!.issues[0].message, /"not-an-address" is not a valid email address/);
  const noBody = emailStep.schema.safeParse({ to: 'ada@example.test', subject: 'Hi' });
  assert.equal(noBody.success, false);
  assert.match(noBody.error!.issues[0].message, /text, html or both/);
  const unknown = emailStep.schema.safeParse({ to: 'ada@example.test', subject: 'Hi', text: 'x', attachments: [] });
  assert.equal(unknown.success, false);
  assert.match(unknown.error!.issues[0].message, /attachments/);
  assert.equal(emailStep.schema.safeParse({ to: [], subject: 'Hi', text: 'x' }).success, false);
  assert.equal(emailStep.schema.safeParse({ to: 'a@example.test', subject: '', text: 'x' }).success, false);
});
