/** Ports the engine needs from the outside world. Implementations live outside `engine/`. */

export interface Clock {
  now(): Date;
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  /** Maximum response body size in bytes. */
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Outbound HTTP with the deployment's safety policy (address checks) applied. */
export interface OutboundHttp {
  request(req: OutboundRequest): Promise<OutboundResponse>;
}

export interface MailMessage {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage, signal: AbortSignal): Promise<{ messageId: string; accepted: string[]; rejected: string[] }>;
}
