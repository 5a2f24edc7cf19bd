import { connect, type Socket } from 'node:net';
import {
  CompiledQuery, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings,
} from 'kysely';
import type { Database } from '../schema.ts';
import { decode, encode, lineReader, type ChannelRequest, type ChannelResponse } from './wire.ts';

type Pending = { resolve(result: unknown): void; reject(error: Error): void };
type Outgoing = ChannelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** One socket to a server's admin channel; requests are answered by id, in any order. */
class ChannelClient {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8').on('data', lineReader((line) => {
      const response = decode(line) as ChannelResponse;
      const pending = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      if (!pending) return;
      if (response.ok) pending.resolve(response.result);
      else pending.reject(Object.assign(new Error(response.error.message), response.error));
    }));
    socket.on('close', () => {
      this.#closed = new Error('the running Levqor server closed the admin channel (it stopped?); run the command again');
      for (const pending of this.#pending.values()) pending.reject(this.#closed);
      this.#pending.clear();
    });
  }

  static open(path: string, timeoutMs: number): Promise<ChannelClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const timer = setTimeout(() => socket.destroy(new Error(`no answer on ${path} within ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', reject);
        socket.on('error', () => {});
        resolve(new ChannelClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  request(message: Outgoing): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.write(`${encode({ ...message, id })}\n`);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.end();
    });
  }
}

class ChannelConnection implements DatabaseConnection {
  readonly client: ChannelClient;
  readonly id: number;
  constructor(client: ChannelClient, id: number) {
    this.client = client;
    this.id = id;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.client.request({ op: 'query', conn: this.id, sql: query.sql, params: query.parameters })) as QueryResult<R>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not available over the admin channel');
  }
}

class ChannelDriver implements Driver {
  readonly #path: string;
  #client: ChannelClient | undefined;
  #nextConnection = 1;
  constructor(path: string) {
    this.#path = path;
  }

  async init(): Promise<void> {
    this.#client = await ChannelClient.open(this.#path, 5000);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ChannelConnection(this.#client!, this.#nextConnection++);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const modes = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean);
    const c = connection as ChannelConnection;
    await c.client.request({ op: 'begin', conn: c.id, sql: modes.length ? `start transaction ${modes.join(', ')}` : 'begin' });
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ChannelConnection;
    await c.client.request({ op: 'commit', conn: c.id });
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ChannelConnection;
    await c.client.request({ op: 'rollback', conn: c.id });
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#client?.close();
  }
}

/** Kysely over a running server's admin channel: the same queries, run by the server on its database. */
export function openChannelDatabase(path: string): Kysely<Database> {
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new ChannelDriver(path),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return new Kysely<Database>({ dialect });
}

/** Who answers on the channel at `path` (rejects when nobody does). */
export async function askChannel(path: string, timeoutMs = 2000): Promise<{ pid: number }> {
  const client = await ChannelClient.open(path, timeoutMs);
  try {
    return (await client.request({ op: 'hello' })) as { pid: number };
  } finally {
    await client.close();
  }
}
