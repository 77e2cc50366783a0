import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

/** An echo server: what a client writes comes back; "bye" makes the server send "ok" and close its end. */
async function echoServer(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer((socket) => {
    socket.on("error", () => undefined);
    socket.on("data", (data) => (String(data) === "bye" ? socket.end("ok") : socket.write(data)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as net.AddressInfo).port, server };
}

/** Connects, writes `text`, and resolves with what came back before the socket ended, or the error. */
function exchange(port: number, text: string, keepOpen = false): Promise<{ data: string; error?: string; socket: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let data = "";
    socket.on("data", (d) => {
      data += String(d);
      if (keepOpen && data === text) resolve({ data, socket });
    });
    socket.on("error", (e: NodeJS.ErrnoException) => resolve({ data, error: e.code, socket }));
    socket.on("close", () => resolve({ data, socket }));
  });
}

describe("tcp-proxy", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(): Promise<TcpProxy> {
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const proxy = await startTcpProxy({ target: { host: "127.0.0.1", port: echo.port } });
    cleanup.push(() => proxy.close());
    return proxy;
  }

  it("pipes both ways, and passes on the server's clean close after its last bytes", async () => {
    const proxy = await setup();
    const open = await exchange(proxy.port, "hello", true);
    expect(open.data).toBe("hello");
    open.socket.destroy();
    const bye = await exchange(proxy.port, "bye");
    expect([bye.data, bye.error]).toEqual(["ok", undefined]);
  });

  it("down() cuts open connections and resets new ones; up() lets them through again", async () => {
    const proxy = await setup();
    const open = await exchange(proxy.port, "hello", true);
    const cut = new Promise<string | undefined>((resolve) => {
      open.socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code));
      open.socket.on("close", () => resolve(undefined));
    });
    await proxy.down();
    expect(await cut).toBe("ECONNRESET");
    const refused = await exchange(proxy.port, "hello");
    expect(refused.data).toBe("");
    expect(refused.error).toBe("ECONNRESET");
    expect(proxy.stats()).toMatchObject({ open: 0, cut: 1, refused: 1 });

    await proxy.up();
    const again = await exchange(proxy.port, "again", true);
    expect(again.data).toBe("again");
    again.socket.destroy();
  });
});
