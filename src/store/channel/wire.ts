/**
 * JSON for query parameters and results on the admin channel, keeping the types a driver returns:
 * dates, bytes (bytea) and bigints (affected-row counts) survive the round trip.
 */
export function encode(message: unknown): string {
  return JSON.stringify(message, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('base64') };
    if (typeof raw === 'bigint') return { $bigint: raw.toString() };
    return value;
  });
}

export function decode(line: string): unknown {
  return JSON.parse(line, (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1) {
        if (keys[0] === '$date') return value.$date === null ? new Date(Number.NaN) : new Date(value.$date);
        if (keys[0] === '$bytes') return Buffer.from(value.$bytes, 'base64');
        if (keys[0] === '$bigint') return BigInt(value.$bigint);
      }
    }
    return value;
  });
}

/** Calls `onLine` for every newline-terminated line of a stream of text chunks. */
export function lineReader(onLine: (line: string) => void): (chunk: string) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line) onLine(line);
    }
  };
}

/** The socket of the admin channel, in the embedded database's data directory. */
export const CHANNEL_SOCKET = 'admin.sock';

export type ChannelRequest =
  | { id: number; op: 'hello' }
  | { id: number; op: 'query'; conn: number; sql: string; params: readonly unknown[] }
  | { id: number; op: 'begin' | 'commit' | 'rollback'; conn: number; sql?: string };

export type ChannelResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: string; detail?: string; constraint?: string } };
