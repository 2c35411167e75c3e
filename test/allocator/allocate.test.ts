import { describe, expect, it } from "vitest";
import {
  type AllocateDeps,
  allocatePorts,
  type PortRequest,
  preferredPort,
} from "../../src/allocator/index.js";
import type { ContainerInfo, DockerProbe } from "../../src/core/index.js";
import { fakeProbe, memoryLedger, seededRandom } from "../fakes/ports.js";

const project = "/home/ada/shop";
const pg = preferredPort(project, "postgres", { base: 5400 }); // 5594
const redis = preferredPort(project, "redis", { base: 6400 }); // 6576

function deps(extra: Partial<AllocateDeps> = {}): AllocateDeps {
  return { projectPath: project, probe: fakeProbe(), random: seededRandom(7), ...extra };
}

async function allocate(requests: PortRequest[], d: AllocateDeps) {
  const result = await allocatePorts(requests, d);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.value;
}

function docker(containers: ContainerInfo[]): DockerProbe {
  return {
    available: async () => true,
    containers: async () => containers,
    networks: async () => [],
    imageDigest: async () => undefined,
  };
}

function container(
  name: string,
  project: string,
  service: string,
  hostPort: number,
  state = "running",
): ContainerInfo {
  return {
    id: name,
    name,
    image: "postgres:17.2",
    state,
    project,
    service,
    labels: {},
    ports: [{ hostPort, containerPort: 5432, protocol: "tcp" }],
    networks: [],
  };
}

describe("allocatePorts", () => {
  it("gives each service its hashed preferred port when it is free", async () => {
    const value = await allocate(
      [
        { service: "postgres", kind: "postgres" },
        { service: "redis", kind: "redis" },
      ],
      deps(),
    );
    expect(pg).toBe(5594);
    expect(value.ports).toEqual({ postgres: pg, redis });
    expect(value.assignments[0]).toEqual({
      service: "postgres",
      port: pg,
      preferred: pg,
      reason: "preferred",
      explanation: `✓ postgres port: ${pg} (auto-assigned from project path)`,
    });
  });

  it("scans upward past busy ports and says why", async () => {
    const value = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({ probe: fakeProbe([pg, pg + 1]) }),
    );
    expect(value.assignments[0]).toMatchObject({ port: pg + 2, preferred: pg, reason: "scanned" });
    expect(value.assignments[0]!.explanation).toBe(
      `✓ postgres port: ${pg + 2} (preferred ${pg} was taken: in use)`,
    );
  });

  it("falls back to a random port in 10000–20000 when the preferred port and the 99 above are taken", async () => {
    const busy = Array.from({ length: 100 }, (_, i) => pg + i);
    const random = seededRandom(3);
    const value = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({ probe: fakeProbe(busy), random }),
    );
    const a = value.assignments[0]!;
    expect(a.reason).toBe("fallback");
    expect(a.port).toBeGreaterThanOrEqual(10000);
    expect(a.port).toBeLessThanOrEqual(20000);
    expect(random.draws).toBeGreaterThan(0);
  });

  it("fails with port/exhausted when no port can be found", async () => {
    const busy = Array.from({ length: 65535 }, (_, i) => i + 1);
    const result = await allocatePorts(
      [{ service: "postgres", kind: "postgres" }],
      deps({ probe: fakeProbe(busy) }),
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([
      { code: "port/exhausted", severity: "error", path: "requests[0]" },
    ]);
  });

  it("never gives two services one port, even with one preferred port", async () => {
    const requests = ["a", "b", "c"].map((service) => ({ service, base: 7000, rangeSize: 1 }));
    const value = await allocate(requests, deps());
    expect(value.ports).toEqual({ a: 7000, b: 7001, c: 7002 });
    expect(value.assignments[2]!.explanation).toContain("given to a");
  });

  it("skips reserved ports and ports a forbidding probe refuses", async () => {
    const value = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({ reserved: [pg], probe: fakeProbe([], { forbidden: [pg + 1] }) }),
    );
    expect(value.ports.postgres).toBe(pg + 2);
    expect(value.assignments[0]!.explanation).toContain("reserved");
  });

  it("skips ports other projects hold in the ledger and records its own, replacing its old entries", async () => {
    const ledger = memoryLedger([
      { project: "/home/bob/other", service: "postgres", port: pg },
      { project, service: "old-service", port: 9999 },
    ]);
    const value = await allocate([{ service: "postgres", kind: "postgres" }], deps({ ledger }));
    expect(value.ports.postgres).toBe(pg + 1);
    expect(value.assignments[0]!.explanation).toContain("/home/bob/other");
    expect(ledger.entries).toEqual([
      { project: "/home/bob/other", service: "postgres", port: pg },
      { project, service: "postgres", port: pg + 1 },
    ]);
  });

  it("works with a ledger that has no transaction", async () => {
    const ledger = memoryLedger([{ project: "/x", service: "redis", port: redis }], { transactional: false });
    const value = await allocate([{ service: "redis", kind: "redis" }], deps({ ledger }));
    expect(value.ports.redis).toBe(redis + 1);
    expect(ledger.entries).toContainEqual({ project, service: "redis", port: redis + 1 });
  });

  it("keeps the ports this project holds when it runs again and its container holds them", async () => {
    const ledger = memoryLedger();
    const busy = fakeProbe([pg]);
    const first = await allocate([{ service: "postgres", kind: "postgres" }], deps({ ledger, probe: busy }));
    expect(first.ports.postgres).toBe(pg + 1);
    // The project's database now runs on pg + 1 and pg has become free: the port must not move.
    busy.busy.delete(pg);
    busy.busy.add(pg + 1);
    const second = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({
        ledger,
        probe: busy,
        docker: docker([container("shop-postgres-1", "shop", "postgres", pg + 1)]),
        composeProject: "shop",
      }),
    );
    expect(second.assignments[0]).toMatchObject({ port: pg + 1, reason: "kept" });
  });

  it("keeps a held port that is still free, naming the ledger", async () => {
    const ledger = memoryLedger([{ project, service: "postgres", port: pg + 7 }]);
    const value = await allocate([{ service: "postgres", kind: "postgres" }], deps({ ledger }));
    expect(value.assignments[0]).toMatchObject({ port: pg + 7, reason: "kept" });
    expect(value.assignments[0]!.explanation).toContain("port ledger");
  });

  describe("a held port another program took since", () => {
    it.each([
      ["no Docker", undefined],
      ["Docker without this project's containers", docker([container("blog-db-1", "blog", "db", 9)])],
      [
        "a stopped container of this project",
        docker([container("shop-postgres-1", "shop", "postgres", pg + 7, "exited")]),
      ],
    ])("is moved, naming the old port (%s)", async (_, probe) => {
      const ledger = memoryLedger([{ project, service: "postgres", port: pg + 7 }]);
      const result = await allocatePorts(
        [{ service: "postgres", kind: "postgres" }],
        deps({
          ledger,
          probe: fakeProbe([pg + 7]),
          composeProject: "shop",
          ...(probe ? { docker: probe } : {}),
        }),
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.assignments[0]).toMatchObject({ port: pg, reason: "moved", preferred: pg });
      expect(result.value.assignments[0]!.explanation).toBe(
        `✓ postgres port: ${pg} (moved from ${pg + 7}: another program is listening on it)`,
      );
      expect(result.diagnostics).toMatchObject([
        { code: "port/moved", severity: "warning", path: "requests[0]" },
      ]);
      expect(result.diagnostics[0]!.message).toContain(String(pg + 7));
      // The ledger now records where the service went.
      expect((await ledger.held()).filter((e) => e.project === project)).toEqual([
        { project, service: "postgres", port: pg },
      ]);
    });

    it("is moved past its preferred port when that is taken too", async () => {
      const ledger = memoryLedger([{ project, service: "postgres", port: pg + 7 }]);
      const value = await allocate(
        [{ service: "postgres", kind: "postgres" }],
        deps({ ledger, probe: fakeProbe([pg + 7, pg]) }),
      );
      expect(value.assignments[0]).toMatchObject({ port: pg + 1, reason: "moved" });
      expect(value.assignments[0]!.explanation).toContain(`moved from ${pg + 7}`);
    });

    it("is an error with free alternatives when it is the user's override", async () => {
      const ledger = memoryLedger([{ project, service: "postgres", port: 5434 }]);
      const result = await allocatePorts(
        [{ service: "postgres", kind: "postgres" }],
        deps({
          ledger,
          probe: fakeProbe([5434]),
          overrides: {
            postgres: { port: 5434, file: ".env.development", line: 3, variable: "POSTGRES_PORT" },
          },
        }),
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toMatchObject([
        { code: "port/override-unavailable", severity: "error", file: ".env.development", line: 3 },
      ]);
      expect(result.diagnostics[0]!.hint).toContain("Free alternatives: 5435, 5436");
      expect(await ledger.held()).toEqual([{ project, service: "postgres", port: 5434 }]);
    });
  });

  it("keeps a port a running container of this Compose project publishes", async () => {
    const value = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({
        probe: fakeProbe([5440]),
        docker: docker([container("shop-postgres-1", "shop", "postgres", 5440)]),
        composeProject: "shop",
      }),
    );
    expect(value.assignments[0]).toMatchObject({ port: 5440, reason: "kept" });
    expect(value.assignments[0]!.explanation).toContain("shop-postgres-1");
  });

  it("avoids ports published by containers of other projects, even stopped ones", async () => {
    const value = await allocate(
      [{ service: "postgres", kind: "postgres" }],
      deps({
        docker: docker([container("blog-db-1", "blog", "db", pg, "exited")]),
        composeProject: "shop",
      }),
    );
    expect(value.ports.postgres).toBe(pg + 1);
  });

  it("ignores Docker when it is not available", async () => {
    const probe: DockerProbe = {
      ...docker([container("blog-db-1", "blog", "db", pg)]),
      available: async () => false,
    };
    const value = await allocate([{ service: "postgres", kind: "postgres" }], deps({ docker: probe }));
    expect(value.ports.postgres).toBe(pg);
  });

  describe("user overrides", () => {
    const override = { port: 5434, file: ".env.development", line: 3, variable: "POSTGRES_PORT" };

    it("honours a free override before any computed port", async () => {
      // redis would otherwise scan into 5434: overrides are claimed first.
      const value = await allocate(
        [
          { service: "redis", base: 5434, rangeSize: 1 },
          { service: "postgres", kind: "postgres" },
        ],
        deps({ overrides: { postgres: override } }),
      );
      expect(value.ports).toEqual({ redis: 5435, postgres: 5434 });
      expect(value.assignments[1]).toMatchObject({ reason: "override", preferred: pg });
      expect(value.assignments[1]!.explanation).toBe(
        "✓ postgres port: 5434 (user override POSTGRES_PORT in .env.development:3)",
      );
    });

    it("reports an override in use by someone else, with its place and two free alternatives", async () => {
      const result = await allocatePorts(
        [{ service: "postgres", kind: "postgres" }],
        deps({ probe: fakeProbe([5434, 5436]), overrides: { postgres: override } }),
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toMatchObject([
        { code: "port/override-unavailable", severity: "error", file: ".env.development", line: 3 },
      ]);
      const hint = result.diagnostics[0]!.hint!;
      expect(hint).toContain("5435, 5437");
      expect(hint).toContain("POSTGRES_PORT=5435");
    });

    it("accepts an override in use by a container of this project", async () => {
      const value = await allocate(
        [{ service: "postgres", kind: "postgres" }],
        deps({
          probe: fakeProbe([5434]),
          overrides: { postgres: override },
          docker: docker([container("shop-postgres-1", "shop", "postgres", 5434)]),
          composeProject: "shop",
        }),
      );
      expect(value.ports.postgres).toBe(5434);
    });

    it("warns when another project holds the override in the ledger, and keeps it", async () => {
      const ledger = memoryLedger([{ project: "/home/bob/other", service: "db", port: 5434 }]);
      const result = await allocatePorts(
        [{ service: "postgres", kind: "postgres" }],
        deps({ ledger, overrides: { postgres: override } }),
      );
      expect(result.ok).toBe(true);
      expect(result.diagnostics).toMatchObject([
        { code: "port/override-held", severity: "warning", line: 3 },
      ]);
    });

    it("rejects overrides that clash with each other or with reserved ports", async () => {
      const result = await allocatePorts(
        [
          { service: "postgres", kind: "postgres" },
          { service: "analytics", kind: "postgres" },
          { service: "redis", kind: "redis" },
        ],
        deps({
          reserved: [6000],
          overrides: { postgres: override, analytics: { ...override, line: 4 }, redis: { port: 6000 } },
        }),
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toMatchObject([
        { code: "port/override-conflict", line: 4, path: "requests[1]" },
        { code: "port/override-conflict", path: "requests[2]" },
      ]);
    });

    it("rejects an override that is a system port or outside the allowed range", async () => {
      const result = await allocatePorts(
        [
          { service: "web", kind: "frontend" },
          { service: "api", kind: "backend", min: 8000, max: 8099 },
          { service: "proxy", base: 80, allowSystemPort: true },
        ],
        deps({ overrides: { web: { port: 80 }, api: { port: 8100 }, proxy: { port: 80 } } }),
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toMatchObject([
        { code: "port/out-of-range", path: "requests[0]" },
        { code: "port/out-of-range", path: "requests[1]" },
      ]);
    });
  });

  describe("constraints", () => {
    it("keeps to a min/max range, clipping the hashed range into it", async () => {
      const value = await allocate([{ service: "api", kind: "backend", min: 8000, max: 8099 }], deps());
      expect(value.ports.api).toBeGreaterThanOrEqual(8000);
      expect(value.ports.api).toBeLessThanOrEqual(8099);
      expect(value.assignments[0]!.preferred).toBe(value.ports.api);
    });

    it("draws the fallback from the allowed range when it misses 10000–20000", async () => {
      const busy = Array.from({ length: 100 }, (_, i) => 8000 + i);
      const value = await allocate(
        [{ service: "api", kind: "backend", min: 8000, max: 8199 }],
        deps({ probe: fakeProbe(busy) }),
      );
      expect(value.assignments[0]!.port).toBeGreaterThanOrEqual(8100);
      expect(value.assignments[0]!.port).toBeLessThanOrEqual(8199);
    });

    it("allows ports below 1024 only with allowSystemPort", async () => {
      const proxy = await allocate(
        [{ service: "proxy", base: 80, rangeSize: 1, allowSystemPort: true }],
        deps(),
      );
      expect(proxy.ports.proxy).toBe(80);
      const plain = await allocate([{ service: "proxy", base: 80, rangeSize: 1 }], deps());
      expect(plain.ports.proxy).toBeGreaterThanOrEqual(1024);
      const impossible = await allocatePorts([{ service: "proxy", base: 80, max: 443 }], deps());
      expect(impossible.diagnostics).toMatchObject([{ code: "port/out-of-range", path: "requests[0]" }]);
    });

    it("reports every malformed request at once and probes nothing", async () => {
      const probe = fakeProbe();
      const result = await allocatePorts(
        [
          { service: "a" },
          { service: "b", kind: "postgres" },
          { service: "b", kind: "redis" },
          { service: "c", base: 70000 },
          { service: "d", kind: "postgres", min: 9000, max: 8000 },
          { service: "" },
        ],
        deps({ probe }),
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toMatchObject([
        { code: "port/invalid-request", path: "requests[0].kind" },
        { code: "port/invalid-request", path: "requests[2].service" },
        { code: "port/invalid-request", path: "requests[3].base" },
        { code: "port/out-of-range", path: "requests[4]" },
        { code: "port/invalid-request", path: "requests[5].service" },
      ]);
      expect(probe.calls).toEqual([]);
    });
  });

  it("records nothing in the ledger when the allocation fails", async () => {
    const ledger = memoryLedger([{ project, service: "postgres", port: 5500 }]);
    const result = await allocatePorts(
      [{ service: "postgres", kind: "postgres" }],
      deps({ ledger, probe: fakeProbe([5434]), overrides: { postgres: { port: 5434 } } }),
    );
    expect(result.ok).toBe(false);
    expect(ledger.entries).toEqual([{ project, service: "postgres", port: 5500 }]);
  });

  it("reads overrides only from the object's own keys", async () => {
    const value = await allocate(
      [{ service: "constructor", base: 7000, rangeSize: 1 }],
      deps({ overrides: {} }),
    );
    expect(value.assignments[0]).toMatchObject({ port: 7000, reason: "preferred" });
  });

  it("lets a broken probe throw, and leaves the ledger usable", async () => {
    const ledger = memoryLedger();
    const broken = {
      check: async () => {
        throw new Error("socket layer broke");
      },
    };
    await expect(
      allocatePorts([{ service: "redis", kind: "redis" }], deps({ ledger, probe: broken })),
    ).rejects.toThrow("socket layer broke");
    const value = await allocate([{ service: "redis", kind: "redis" }], deps({ ledger }));
    expect(value.ports.redis).toBe(redis);
    expect(ledger.entries).toEqual([{ project, service: "redis", port: redis }]);
  });

  it("explains every assignment in one line", async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ service: `s${i}`, base: 7000, rangeSize: 3 }));
    const value = await allocate(requests, deps({ probe: fakeProbe([7000, 7002]) }));
    for (const a of value.assignments) {
      expect(a.explanation).toMatch(new RegExp(`^✓ ${a.service} port: ${a.port} \\(.+\\)$`));
      expect(a.explanation).not.toContain("\n");
    }
  });
});
