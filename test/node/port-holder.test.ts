import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPortHolderProbe, listeningInodes } from "../../src/node/index.js";

const TABLE = [
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
  "   0: 0100007F:15D7 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0",
  "   1: 0100007F:15D7 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1",
  "   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0",
  "garbage",
  "",
].join("\n");

describe("listeningInodes", () => {
  it("takes the LISTEN sockets of the port, not its connections or other ports", () => {
    expect(listeningInodes(TABLE, 0x15d7)).toEqual([4242]);
    expect(listeningInodes(TABLE, 8080)).toEqual([77]);
    expect(listeningInodes(TABLE, 1)).toEqual([]);
  });
});

describe("createPortHolderProbe on this machine's /proc", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("names this process as the holder of a port it listens on", async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const holder = await createPortHolderProbe().holder(port);
    expect(holder?.pid).toBe(process.pid);
    expect(holder?.command).toMatch(/\S/);
  });

  it("finds IPv6 listeners too", async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, "::1", resolve));
    const { port } = server.address() as { port: number };
    expect((await createPortHolderProbe().holder(port))?.pid).toBe(process.pid);
  });

  it("answers undefined for a port nobody listens on, and without /proc", async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await createPortHolderProbe().holder(port)).toBeUndefined();
    expect(await createPortHolderProbe({ procRoot: "/nonexistent-proc" }).holder(port)).toBeUndefined();
  });
});
