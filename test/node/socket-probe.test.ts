import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSocketProbe } from "../../src/node/index.js";

const open: Server[] = [];

/** Listens on `host` on a port the system picks, and returns the port. */
function listen(host: string, ipv6Only = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port: 0, ipv6Only }, () => {
      open.push(server);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("no port"));
      else resolve(address.port);
    });
  });
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const port = await listen("127.0.0.1");
  await new Promise<void>((resolve) => open.pop()!.close(() => resolve()));
  return port;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe("createSocketProbe", () => {
  it.each([
    ["127.0.0.1", false],
    ["0.0.0.0", false],
    ["::", true],
    ["::1", false],
    ["::", false],
  ])("sees a port held on %s (ipv6Only %s) as in use", async (host, ipv6Only) => {
    const port = await listen(host, ipv6Only);
    expect(await createSocketProbe().check(port)).toBe("in-use");
    expect(await createSocketProbe({ platform: "darwin" }).check(port)).toBe("in-use");
  });

  it("catches what a single-address bind misses", async () => {
    // The listeners above are real: a port held on [::] only can still be bound on 0.0.0.0.
    const port = await listen("::", true);
    const naive = createServer();
    await new Promise<void>((resolve, reject) => {
      naive.once("error", reject);
      naive.listen({ host: "0.0.0.0", port }, () => naive.close(() => resolve()));
    });
    expect(await createSocketProbe().check(port)).toBe("in-use");
  });

  it("sees a port nothing holds as free, and leaves it free", async () => {
    const port = await freePort();
    const probe = createSocketProbe();
    expect(await probe.check(port)).toBe("free");
    expect(await probe.check(port)).toBe("free");
    // The probe closed its sockets before it answered: the same port binds at once, on every address.
    const again = createServer();
    const bound = new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.listen({ host: "::", port, ipv6Only: false }, () => resolve());
    });
    open.push(again);
    await expect(bound).resolves.toBeUndefined();
    await new Promise<void>((resolve) => open.pop()!.close(() => resolve()));
    expect(await createSocketProbe({ platform: "win32" }).check(port)).toBe("free");
  });

  it("answers many concurrent checks correctly", async () => {
    const held = await Promise.all(["127.0.0.1", "::1", "0.0.0.0"].map((h) => listen(h)));
    const probe = createSocketProbe();
    const answers = await Promise.all(held.map((p) => probe.check(p)));
    expect(answers).toEqual(["in-use", "in-use", "in-use"]);
  });

  it("gives concurrent checks of one port one answer, in use and free", async () => {
    const held = await Promise.all(["127.0.0.1", "::1", "0.0.0.0"].map((h) => listen(h)));
    const probe = createSocketProbe();
    const many = held.flatMap((p) => Array.from({ length: 40 }, () => p));
    expect(new Set(await Promise.all(many.map((p) => probe.check(p))))).toEqual(new Set(["in-use"]));
    await Promise.all(open.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    expect(new Set(await Promise.all(many.map((p) => probe.check(p))))).toEqual(new Set(["free"]));
  });

  it("rejects a number that is not a port", async () => {
    await expect(createSocketProbe().check(0)).rejects.toThrow(RangeError);
    await expect(createSocketProbe().check(70000)).rejects.toThrow(RangeError);
  });
});
