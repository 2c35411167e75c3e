import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../cli/run.js";

let dir: string;
let ledger: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-ports-cli-"));
  ledger = join(dir, "state", "ports.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface JsonOut {
  projectPath: string;
  ports: Record<string, number>;
  assignments: { service: string; port: number; reason: string; explanation: string }[];
}

describe("slipway ports", () => {
  it("assigns, explains and records ports, and keeps them on the next run", async () => {
    const argv = [
      "ports",
      "postgres",
      "redis",
      "analytics:pg",
      "api-gateway",
      "--project-path",
      dir,
      "--ledger",
      ledger,
    ];
    const first = await run([...argv, "--json"]);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.out) as JsonOut;
    expect(out.projectPath).toBe(dir);
    expect(out.ports.postgres).toBeGreaterThanOrEqual(5400);
    expect(out.ports.postgres).toBeLessThanOrEqual(5754);
    expect(out.ports.analytics).toBeGreaterThanOrEqual(5400);
    expect(out.ports.redis).toBeGreaterThanOrEqual(6400);
    // An unknown name gets an application range.
    expect(out.ports["api-gateway"]).toBeGreaterThanOrEqual(8100);
    expect(out.ports["api-gateway"]).toBeLessThanOrEqual(8454);
    const recorded = JSON.parse(await readFile(ledger, "utf8")).entries as { port: number }[];
    expect(recorded.map((e) => e.port).sort()).toEqual(Object.values(out.ports).sort());

    const second = await run(argv);
    expect(second.code).toBe(0);
    const lines = second.out.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `✓ postgres port: ${out.ports.postgres} (kept: this project holds it in the port ledger) [kept]`,
    );
  });

  describe("with a user override", () => {
    let server: Server;
    let busy: number;
    beforeEach(async () => {
      server = createServer();
      busy = await new Promise<number>((resolve) =>
        server.listen({ host: "127.0.0.1", port: 0 }, () =>
          resolve((server.address() as { port: number }).port),
        ),
      );
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("fails with the override's file and line when another program holds it", async () => {
      await writeFile(join(dir, ".env.development"), `# dev\nPOSTGRES_PORT=${busy}\n`);
      const r = await run(["ports", "postgres", "--project-path", dir, "--ledger", ledger]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${join(dir, ".env.development")}:2 error port/override-unavailable`);
      expect(r.err).toMatch(/Free alternatives: \d+, \d+/);
    });

    it("uses a free override", async () => {
      await writeFile(join(dir, ".env.development"), "POSTGRES_PORT=5434 # mine\n");
      const r = await run(["ports", "postgres", "--project-path", dir, "--ledger", ledger, "--json"]);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.out) as JsonOut).assignments[0]).toMatchObject({ port: 5434, reason: "override" });
    });
  });

  it("reports an override that is not a port", async () => {
    await writeFile(join(dir, ".env.development"), "REDIS_PORT=six\n");
    const r = await run(["ports", "redis", "--project-path", dir, "--ledger", ledger]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("port/override-invalid");
  });

  it("exits 2 on usage errors", async () => {
    for (const argv of [["ports"], ["ports", "db:oracle"], ["ports", "db", "--frob"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});
