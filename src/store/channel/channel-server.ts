import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../schema.ts';
import { askChannel } from './channel-dialect.ts';
import { CHANNEL_SOCKET, decode, encode, lineReader, type ChannelRequest, type ChannelResponse } from './wire.ts';

export interface DatabaseChannel {
  path: string;
  close(): Promise<void>;
}

/** One connection of the server's database held for a client's transaction. */
interface Reserved {
  run(query: CompiledQuery): Promise<QueryResult<unknown>>;
  release(): void;
}

function reserve(db: Kysely<Database>): Promise<Reserved> {
  return new Promise((resolve, reject) => {
    db.connection()
      .execute((conn) => new Promise<void>((release) => resolve({ run: (query) => conn.executeQuery(query), release })))
      .catch(reject);
  });
}

/**
 * The local admin channel of a server on the embedded database, which serves one process only: admin
 * commands (`levqor usage`, `billing set-plan`, `pack import`…) run their queries through the running
 * server instead of asking the operator to stop it. A Unix socket in the data directory, mode 0600:
 * only the user who owns the database files (who can read them anyway) may connect. Each line is one
 * request; a client's transaction holds one of the server's connections until it commits, rolls back
 * or the client goes away (then it is rolled back).
 */
export async function serveDatabaseChannel(dataDir: string, db: Kysely<Database>, onError: (error: unknown) => void): Promise<DatabaseChannel> {
  const path = join(dataDir, CHANNEL_SOCKET);
  if (existsSync(path)) {
    // Left by a server that did not stop cleanly, unless one still answers on it.
    const other = await askChannel(path).catch(() => undefined);
    if (other) throw new Error(`another Levqor server (process ${other.pid}) serves the embedded database in ${dataDir}`);
    unlinkSync(path);
  }
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const transactions = new Map<number, Reserved>();
    const reply = (response: ChannelResponse) => {
      if (!socket.destroyed) socket.write(`${encode(response)}\n`);
    };
    socket.setEncoding('utf8').on('data', lineReader((line) => {
      let request: ChannelRequest;
      try {
        request = decode(line) as ChannelRequest;
      } catch {
        socket.destroy();
        return;
      }
      handle(request, db, transactions).then(
        (result) => reply({ id: request.id, ok: true, result }),
        (error: { message?: string; code?: string; detail?: string; constraint?: string }) =>
          reply({ id: request.id, ok: false, error: { message: String(error?.message ?? error), code: error?.code, detail: error?.detail, constraint: error?.constraint } }),
      );
    }));
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      for (const held of transactions.values()) void held.run(CompiledQuery.raw('rollback')).catch(onError).finally(() => held.release());
      transactions.clear();
    });
  });
  // Created private: no moment in which another user could connect.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  server.on('error', onError);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: ChannelRequest, db: Kysely<Database>, transactions: Map<number, Reserved>): Promise<unknown> {
  switch (request.op) {
    case 'hello':
      return { pid: process.pid };
    case 'begin': {
      const held = await reserve(db);
      try {
        await held.run(CompiledQuery.raw(request.sql ?? 'begin'));
      } catch (error) {
        held.release();
        throw error;
      }
      transactions.set(request.conn, held);
      return null;
    }
    case 'commit':
    case 'rollback': {
      const held = transactions.get(request.conn);
      if (!held) throw new Error(`no transaction is open on connection ${request.conn}`);
      transactions.delete(request.conn);
      try {
        await held.run(CompiledQuery.raw(request.op));
      } finally {
        held.release();
      }
      return null;
    }
    case 'query': {
      const query = CompiledQuery.raw(request.sql, [...request.params]);
      const held = transactions.get(request.conn);
      return held ? held.run(query) : db.executeQuery(query);
    }
  }
}
