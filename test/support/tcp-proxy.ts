import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** host:port clients connect to (127.0.0.1 and a fixed port, kept across outages). */
  host: string;
  port: number;
  /**
   * What a database restart looks like to its clients: every connection is cut and new ones are refused
   * (the port is closed) until `restore()`.
   */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /**
   * What a failed-over or unreachable host looks like: every connection is cut, and new ones are taken
   * but never answered, until `restore()`.
   */
  blackhole(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of `target`, which a test can take down and bring back. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | undefined;
  let silent = false;

  const listen = async () => {
    const next = createServer((client) => {
      // While silent the client's bytes go nowhere and nothing answers.
      const pair = silent ? [client] : [client, connect(target.port, target.host)];
      for (const socket of pair) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => {
          sockets.delete(socket);
          for (const end of pair) end.destroy();
        });
      }
      if (pair[1]) {
        pair[0].pipe(pair[1]);
        pair[1].pipe(pair[0]);
      }
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = undefined;
    const closed = current ? new Promise<void>((resolve) => current.close(() => resolve())) : Promise.resolve();
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  await listen();
  return {
    host: '127.0.0.1',
    port,
    cut: stop,
    restore: async () => {
      silent = false;
      for (const socket of sockets) socket.destroy();
      if (!server) await listen();
    },
    blackhole: async () => {
      silent = true;
      for (const socket of sockets) socket.destroy();
      if (!server) await listen();
    },
    close: stop,
  };
}
