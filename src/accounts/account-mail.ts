import type { Mailer } from '../engine/ports.ts';

/** The emails accounts send; links point at the public URL of the deployment. */
export class AccountMail {
  readonly #mailer: Mailer;
  readonly #from: string;
  constructor(mailer: Mailer, from: string | undefined) {
    this.#mailer = mailer;
    this.#from = from ?? 'Levqor <noreply@localhost>';
  }

  async #send(to: string, subject: string, text: string): Promise<boolean> {
    try {
      await this.#mailer.send({ from: this.#from, to: [to], subject, text }, AbortSignal.timeout(15_000));
      return true;
    } catch {
      return false;
    }
  }

  verifyEmail(to: string, baseUrl: string, token: string): Promise<boolean> {
    return this.#send(
      to,
      'Confirm your email address for Levqor',
      `Confirm your email address by opening this link (valid for 48 hours):\n\n${baseUrl}/verify-email?token=${token}\n\nOr send the token to POST /api/v1/auth/verify-email: ${token}\n`,
    );
  }

  resetPassword(to: string, baseUrl: string, token: string): Promise<boolean> {
    return this.#send(
      to,
      'Reset your Levqor password',
      `Someone asked to reset the password of this account. If it was you, open this link (valid for 1 hour, usable once):\n\n${baseUrl}/reset-password?token=${token}\n\nOr send the token with a new password to POST /api/v1/auth/password-reset/confirm: ${token}\n\nIf it was not you, ignore this email.\n`,
    );
  }

  /** Sent instead of a second account when someone signs up with the address of an existing one. */
  signupAttempt(to: string, baseUrl: string): Promise<boolean> {
    return this.#send(
      to,
      'Someone tried to sign up to Levqor with your address',
      `Someone tried to create a Levqor account with this email address, which already has one. If it was you, sign in at ${baseUrl}, or reset your password if you forgot it ("Forgot password" on the sign-in page, or POST /api/v1/auth/password-reset with this address).\n\nIf it was not you, ignore this email: nothing was changed and no account was created.\n`,
    );
  }

  invitation(to: string, baseUrl: string, workspaceName: string, role: string, token: string): Promise<boolean> {
    return this.#send(
      to,
      `You are invited to ${workspaceName} on Levqor`,
      `You are invited to join the workspace "${workspaceName}" as ${role}. Open this link to accept (valid for 7 days):\n\n${baseUrl}/invitations/accept?token=${token}\n\nOr, signed in, send the token to POST /api/v1/invitations/accept: ${token}\n`,
    );
  }
}
