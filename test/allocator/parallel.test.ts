import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Allocation,
  allocatePorts,
  type PortRequest,
  preferredPort,
} from "../../src/allocator/index.js";
import type { Result } from "../../src/core/index.js";
import { createCryptoRandom, createPortLedger, createSocketProbe } from "../../src/node/index.js";

const run = promisify(execFile);
const requests: PortRequest[] = [
  { service: "postgres", kind: "postgres" },
  { service: "redis", kind: "redis" },
];

let dir: string;
let projects: string[];

/** Ten project folders whose postgres services all prefer one port, found by searching names. */
async function collidingProjects(root: string, count: number): Promise<string[]> {
  const groups = new Map<number, string[]>();
  for (let i = 0; ; i++) {
    const path = join(root, `project-${i}`);
    const port = preferredPort(path, "postgres", { base: 5400 });
    const group = groups.get(port) ?? [];
    group.push(path);
    groups.set(port, group);
    if (group.length === count) {
      await Promise.all(group.map((p) => mkdir(p)));
      return group;
    }
  }
}

function portsOf(results: Result<Allocation>[]): number[] {
  return results.flatMap((r) => {
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    return Object.values(r.value.ports);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "slipway-parallel-"));
  projects = await collidingProjects(dir, 10);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parallel allocations with one ledger file", () => {
  it("set up: the ten projects prefer the same postgres port", () => {
    const preferred = new Set(projects.map((p) => preferredPort(p, "postgres", { base: 5400 })));
    expect(preferred.size).toBe(1);
  });

  it("collide without the ledger, even one after the other", async () => {
    const probe = createSocketProbe();
    const results: Result<Allocation>[] = [];
    for (const projectPath of projects) {
      results.push(await allocatePorts(requests, { projectPath, probe, random: createCryptoRandom() }));
    }
    const postgres = new Set(results.map((r) => (r.ok ? r.value.ports.postgres : 0)));
    expect(postgres.size).toBe(1);
  });

  it("give ten disjoint port sets to concurrent runs", async () => {
    const file = join(dir, "concurrent", "ports.json");
    const results = await Promise.all(
      projects.map((projectPath) =>
        allocatePorts(requests, {
          projectPath,
          probe: createSocketProbe(),
          random: createCryptoRandom(),
          ledger: createPortLedger(file),
        }),
      ),
    );
    const ports = portsOf(results);
    expect(ports).toHaveLength(20);
    expect(new Set(ports).size).toBe(20);
    expect(await createPortLedger(file).held()).toHaveLength(20);
  });

  it("give ten disjoint port sets to ten processes", async () => {
    const out = await mkdtemp(join(resolve("node_modules"), ".slipway-parallel-"));
    try {
      await build({
        entry: { child: resolve("test/fixtures/allocator/parallel/child.ts") },
        outDir: out,
        format: ["esm"],
        platform: "node",
        target: "node20",
        config: false,
        silent: true,
        dts: false,
      });
      const file = join(dir, "processes", "ports.json");
      const outputs = await Promise.all(
        projects.map((projectPath) => run(process.execPath, [join(out, "child.js"), file, projectPath])),
      );
      const ports = portsOf(outputs.map((o) => JSON.parse(o.stdout) as Result<Allocation>));
      expect(ports).toHaveLength(20);
      expect(new Set(ports).size).toBe(20);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
