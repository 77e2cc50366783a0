import net from "node:net";

/**
 * A TCP proxy that can play a database outage in front of a server that must stay up (the PostgreSQL
 * cluster of scripts/test-postgres.sh is shared by every integration test, so a test may not stop it).
 *
 * `down()` cuts every open connection (the client gets a reset: ECONNRESET, as from a server that went
 * away; the server's end is closed, so PostgreSQL rolls back whatever transaction was open) and resets every
 * new one as soon as it is accepted, until `up()`. The listening socket is kept: closing it would refuse
 * with ECONNREFUSED, but would also free the port for the outage, and any process's outgoing connection may
 * take a free ephemeral port, after which the proxy could not listen on it again.
 */
export type TcpProxy = {
  host: string;
  port: number;
  /** Connections cut by `down()`, and new ones reset while down. */
  stats(): { open: number; accepted: number; cut: number; refused: number };
  /** The outage: cuts every connection; new ones are reset until `up()`. */
  down(): Promise<void>;
  /** Accepts and pipes again. */
  up(): Promise<void>;
  /** Cuts everything and stops listening. */
  close(): Promise<void>;
};

export async function startTcpProxy(options: { target: { host: string; port: number }; host?: string; port?: number }): Promise<TcpProxy> {
  const { target } = options;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const counts = { accepted: 0, cut: 0, refused: 0 };
  let up = true;

  const server = net.createServer((client) => {
    if (!up) {
      counts.refused++;
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    counts.accepted++;
    const upstream = net.connect({ host: target.host, port: target.port });
    const pair = { client, upstream };
    pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // An error on either side (the server refusing, a reset) ends both at once. A clean end is passed on
    // by pipe() (end() after the last byte), so an error message the server sends before closing arrives.
    const fail = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", fail);
    upstream.on("error", fail);
    client.on("close", () => (upstream.destroyed ? pairs.delete(pair) : upstream.end()));
    upstream.on("close", () => (client.destroyed ? pairs.delete(pair) : client.end()));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on("error", () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  function cutAll() {
    for (const pair of pairs) {
      counts.cut++;
      pairs.delete(pair);
      if (!pair.client.destroyed) pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
  }

  return {
    host: address.address,
    port: address.port,
    stats: () => ({ open: pairs.size, ...counts }),
    async down() {
      up = false;
      cutAll();
    },
    async up() {
      up = true;
    },
    async close() {
      up = false;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
