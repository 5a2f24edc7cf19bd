import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  raw: string;
  /** The body with quoted-printable soft breaks undone, for finding links and tokens. */
  text: string;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
export async function startMailCatcher() {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        const text = raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The last token sent to `to` in a `token=…` link. */
    tokenFor(to: string): string {
      const mail = [...mails].reverse().find((m) => m.to.includes(to));
      const token = mail && /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
      if (!token) throw new Error(`no mail with a token was sent to ${to}`);
      return token;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
