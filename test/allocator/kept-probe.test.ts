import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { allocatePorts } from "../../src/allocator/index.js";
import { createSocketProbe } from "../../src/node/index.js";
import { memoryLedger, seededRandom } from "../fakes/ports.js";

const project = "/home/ada/shop";
const open: Server[] = [];

/** Another program: a real listener on loopback, on a port the system picks. */
function listen(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      open.push(server);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("no port"));
      else resolve(address.port);
    });
  });
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe("a held port is probed with a real socket", () => {
  it("moves a service whose held port another program now listens on", async () => {
    const taken = await listen();
    const ledger = memoryLedger([{ project, service: "postgres", port: taken }]);
    const result = await allocatePorts([{ service: "postgres", kind: "postgres" }], {
      projectPath: project,
      probe: createSocketProbe(),
      random: seededRandom(7),
      ledger,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [assignment] = result.value.assignments;
    expect(assignment).toMatchObject({ service: "postgres", reason: "moved" });
    expect(assignment!.port).not.toBe(taken);
    expect(assignment!.explanation).toContain(`moved from ${taken}`);
    expect(result.diagnostics).toMatchObject([{ code: "port/moved", severity: "warning" }]);
  });

  it("keeps it once the other program has gone", async () => {
    const taken = await listen();
    await new Promise<void>((resolve) => open.pop()!.close(() => resolve()));
    const ledger = memoryLedger([{ project, service: "postgres", port: taken }]);
    const result = await allocatePorts([{ service: "postgres", kind: "postgres" }], {
      projectPath: project,
      probe: createSocketProbe(),
      random: seededRandom(7),
      ledger,
    });
    expect(result.ok && result.value.assignments[0]).toMatchObject({ port: taken, reason: "kept" });
  });
});
