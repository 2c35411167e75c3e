import { describe, expect, it } from "vitest";
import type { ComposeFile } from "../../src/compose/model.js";
import type { ContainerInfo } from "../../src/core/index.js";
import { down, preflight, reset, up } from "../../src/operations/index.js";
import { container, fakeDocker, fakePorts, fakeRunner } from "../fakes/docker-probe.js";

const compose: ComposeFile = {
  name: "shop",
  services: {
    postgres: { image: "postgres:17-alpine", healthcheck: { test: ["CMD", "pg_isready"] } },
    redis: { image: "redis:7-alpine", healthcheck: { test: ["CMD", "redis-cli", "ping"] } },
    migrate: { image: "app:1" },
    app: {
      image: "app:1",
      depends_on: {
        postgres: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      },
    },
    debug: { image: "busybox:1", profiles: ["debug"] },
  },
  networks: { shared: { name: "shared-net" } },
};

/** A clock that advances by `step` ms each time it is read. */
function steppingClock(step: number) {
  let t = Date.parse("2025-01-01T00:00:00Z");
  return {
    now: () => {
      t += step;
      return new Date(t);
    },
  };
}

const noSleep = async () => {};

describe("preflight", () => {
  it("passes when the engine answers and every port is free", async () => {
    const report = await preflight(
      { compose, ports: { postgres: 5433, redis: 6380 } },
      {
        docker: fakeDocker(),
        probe: fakePorts(),
        system: { freeDiskBytes: async () => 50 * 1024 ** 3, freeMemoryBytes: async () => 8 * 1024 ** 3 },
      },
    );
    expect(report).toEqual({ status: "passed", engineAvailable: true, skipped: [], diagnostics: [] });
  });

  it("says which checks did not run without SystemResources, instead of passing them", async () => {
    const report = await preflight(
      { compose, ports: { postgres: 5433 } },
      { docker: fakeDocker(), probe: fakePorts() },
    );
    expect(report).toMatchObject({
      status: "not-checked",
      diagnostics: [],
      skipped: [
        { check: "free disk", reason: expect.stringContaining("SystemResources") },
        { check: "free memory", reason: expect.stringContaining("SystemResources") },
      ],
    });
  });

  it("keeps ports this project's containers publish and names the containers that hold the others", async () => {
    const docker = fakeDocker({
      containers: [
        container("shop", "postgres", { ports: [{ hostPort: 5433, containerPort: 5432, protocol: "tcp" }] }),
        container("other", "redis", { ports: [{ hostPort: 6380, containerPort: 6379, protocol: "tcp" }] }),
      ],
    });
    const { diagnostics: problems } = await preflight(
      { compose, ports: { postgres: 5433, redis: 6380, app: 8080, admin: 80 } },
      { docker, probe: fakePorts({ 5433: "in-use", 6380: "in-use", 8080: "in-use", 80: "forbidden" }) },
    );
    expect(problems).toMatchObject([
      { code: "preflight/port-forbidden", path: "ports.admin" },
      { code: "preflight/port-in-use", path: "ports.app", severity: "error" },
      { code: "preflight/port-held-by-project", path: "ports.postgres", severity: "info" },
      { code: "preflight/port-in-use", path: "ports.redis", severity: "error" },
    ]);
    expect(problems[3]!.message).toContain("other-redis-1");
  });

  it("requires the engine, warns about a named network another stack owns, and checks the baseline", async () => {
    const { diagnostics: problems } = await preflight(
      { compose, ports: {}, baseline: { diskBytes: 10 * 1024 ** 3 } },
      {
        docker: fakeDocker({ networks: ["bridge", "shared-net"] }),
        probe: fakePorts(),
        system: { freeDiskBytes: async () => 5 * 1024 ** 3, freeMemoryBytes: async () => 256 * 1024 ** 2 },
      },
    );
    expect(problems).toMatchObject([
      { code: "preflight/network-exists", path: "networks.shared.name", severity: "warning" },
      { code: "preflight/low-disk", severity: "warning" },
      { code: "preflight/low-memory", severity: "warning" },
    ]);
    const offline = await preflight(
      { compose, ports: { postgres: 5433 } },
      { docker: fakeDocker({ available: false }), probe: fakePorts() },
    );
    expect(offline).toMatchObject({
      status: "failed",
      engineAvailable: false,
      diagnostics: [{ code: "engine/required", severity: "error" }],
    });
    // The port was still tried on the host; who publishes it and the named network were not checked.
    expect(offline.skipped.map((s) => s.check)).toEqual([
      "containers publishing the ports",
      "networks",
      "free disk",
      "free memory",
    ]);
    expect(offline.skipped[0]!.reason).toContain("no Docker engine answers");
  });
});

describe("up", () => {
  const target = { compose, files: ["docker-compose.yml"], envFile: ".env.development" };

  it("runs up -d with the project, then waits until every healthcheck is healthy", async () => {
    let polls = 0;
    const containers = (): ContainerInfo[] => {
      polls += 1;
      const health = polls < 3 ? "starting" : "healthy";
      return [
        container("shop", "postgres", { health }),
        container("shop", "redis", { health: "healthy" }),
        container("shop", "migrate", { state: "exited" }),
        container("shop", "app"),
        container("elsewhere", "postgres", { health: "unhealthy" }),
      ];
    };
    const { runner, calls } = fakeRunner();
    const sleeps: number[] = [];
    const r = await up(target, {
      runner,
      docker: fakeDocker({ containers }),
      clock: steppingClock(10),
      sleep: async (ms) => void sleeps.push(ms),
      pollMs: 500,
    });
    expect(r.ok).toBe(true);
    expect(calls[0]).toEqual({
      op: "up",
      options: { files: ["docker-compose.yml"], envFile: ".env.development", project: "shop" },
    });
    expect(sleeps).toEqual([500, 500]);
    expect(r.ok && r.value.services.map((s) => [s.service, s.status])).toEqual([
      ["app", "ready"],
      ["migrate", "ready"],
      ["postgres", "ready"],
      ["redis", "ready"],
    ]);
  });

  it("names the unhealthy service with its last health check output and log lines", async () => {
    const pg = container("shop", "postgres", { health: "unhealthy" });
    const docker = fakeDocker({
      containers: [pg, container("shop", "redis", { health: "healthy" })],
      details: {
        [pg.id]: {
          id: pg.id,
          name: pg.name,
          state: "running",
          health: { status: "unhealthy", failingStreak: 5, log: [{ exitCode: 2, output: "no response" }] },
        },
      },
    });
    const { runner } = fakeRunner({ logs: 'postgres-1  | FATAL:  role "app" does not exist\n' });
    const r = await up(
      { ...target, services: ["postgres", "redis"] },
      { runner, docker, clock: steppingClock(10), sleep: noSleep },
    );
    expect(r).toMatchObject({
      ok: false,
      diagnostics: [{ code: "lifecycle/unhealthy", path: "services.postgres" }],
    });
    expect(r.diagnostics[0]!.message).toContain("no response");
    expect(r.diagnostics[0]!.message).toContain("5 failed checks");
    expect(r.diagnostics[0]!.hint).toContain('role "app" does not exist');
  });

  it("reports an exited service with its status and a timeout for one that never becomes healthy", async () => {
    const app = container("shop", "app", { state: "exited" });
    const docker = fakeDocker({
      containers: [
        container("shop", "postgres", { health: "starting" }),
        container("shop", "redis", { health: "healthy" }),
        container("shop", "migrate", { state: "exited" }),
        app,
      ],
      details: { [app.id]: { id: app.id, name: app.name, state: "exited", exitCode: 3 } },
    });
    const exited = await up(target, {
      runner: fakeRunner().runner,
      docker,
      clock: steppingClock(10),
      sleep: noSleep,
    });
    expect(exited).toMatchObject({
      ok: false,
      diagnostics: [{ code: "lifecycle/exited", path: "services.app" }],
    });
    expect(exited.diagnostics[0]!.message).toContain("status 3");

    const slow = fakeDocker({
      containers: [
        container("shop", "postgres", { health: "starting" }),
        container("shop", "redis", { health: "healthy" }),
      ],
    });
    const timedOut = await up(
      { ...target, services: ["postgres", "redis"] },
      {
        runner: fakeRunner().runner,
        docker: slow,
        clock: steppingClock(1000),
        sleep: noSleep,
        timeoutMs: 5000,
      },
    );
    expect(timedOut).toMatchObject({
      ok: false,
      diagnostics: [{ code: "lifecycle/timeout", path: "services.postgres" }],
    });
  });

  it("reports a failed up command together with the container that made it fail", async () => {
    const docker = fakeDocker({
      containers: [container("shop", "postgres", { health: "unhealthy" })],
    });
    const { runner } = fakeRunner({
      up: { ok: false, exitCode: 1, stderr: "ERROR: for app  Container is unhealthy.\n" },
    });
    const r = await up(target, { runner, docker, clock: steppingClock(10), sleep: noSleep });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["lifecycle/up-failed", "lifecycle/unhealthy"]);
  });

  it("needs an engine and a project name", async () => {
    const offline = await up(target, {
      runner: fakeRunner().runner,
      docker: fakeDocker({ available: false }),
      clock: steppingClock(1),
    });
    expect(offline).toMatchObject({ ok: false, diagnostics: [{ code: "engine/required" }] });
    const { name: _name, ...anonymous } = compose;
    const noName = await up(
      { ...target, compose: anonymous },
      { runner: fakeRunner().runner, docker: fakeDocker(), clock: steppingClock(1) },
    );
    expect(noName).toMatchObject({ ok: false, diagnostics: [{ code: "lifecycle/no-project" }] });
  });
});

describe("down and reset", () => {
  const target = { compose, files: ["docker-compose.yml"] };

  it("down keeps volumes and checks nothing of the project is left", async () => {
    const { runner, calls } = fakeRunner();
    const r = await down(target, { runner, docker: fakeDocker({ containers: [container("other", "x")] }) });
    expect(r).toMatchObject({ ok: true, value: { project: "shop", volumesRemoved: false } });
    expect(calls[0]).toMatchObject({ op: "down", options: { volumes: false, project: "shop" } });
  });

  it("reset removes volumes; a container left behind is an error", async () => {
    const { runner, calls } = fakeRunner();
    const ok = await reset(target, { runner, docker: fakeDocker() });
    expect(ok).toMatchObject({ ok: true, value: { volumesRemoved: true } });
    expect(calls[0]).toMatchObject({ op: "down", options: { volumes: true } });
    const left = await reset(target, {
      runner,
      docker: fakeDocker({ containers: [container("shop", "redis")] }),
    });
    expect(left).toMatchObject({
      ok: false,
      diagnostics: [{ code: "lifecycle/left-running", path: "services.redis" }],
    });
    const failed = await down(target, {
      runner: fakeRunner({ down: { ok: false, exitCode: 1, stderr: "boom" } }).runner,
      docker: fakeDocker(),
    });
    expect(failed).toMatchObject({ ok: false, diagnostics: [{ code: "lifecycle/down-failed" }] });
  });
});

describe("preflight's port holder and up's progress", () => {
  it("names the process holding a taken port when the holder probe knows it", async () => {
    const report = await preflight(
      { compose, ports: { postgres: 5433, redis: 6380 } },
      {
        docker: fakeDocker(),
        probe: fakePorts({ 5433: "in-use", 6380: "in-use" }),
        holders: { holder: async (port) => (port === 5433 ? { pid: 4242, command: "postgres" } : undefined) },
      },
    );
    expect(report.status).toBe("failed");
    expect(report.diagnostics).toMatchObject([
      {
        code: "preflight/port-in-use",
        path: "ports.postgres",
        message: "Port 5433 of postgres is in use by process 4242 (postgres)",
      },
      {
        code: "preflight/port-in-use",
        path: "ports.redis",
        message: "Port 6380 of redis is in use by another process",
      },
    ]);
    expect(report.diagnostics[0]!.hint).toContain("kill 4242");
  });

  it("reports every poll to onProgress, and returns after one look without waiting when wait is false", async () => {
    let polls = 0;
    const containers = (): ContainerInfo[] => {
      polls += 1;
      return [
        container("shop", "postgres", { health: polls < 2 ? "starting" : "healthy" }),
        container("shop", "redis", { health: "healthy" }),
        container("shop", "migrate", { state: "exited" }),
        container("shop", "app"),
      ];
    };
    const seen: string[][] = [];
    const deps = {
      runner: fakeRunner().runner,
      docker: fakeDocker({ containers }),
      clock: steppingClock(10),
      sleep: noSleep,
      onProgress: (services: { service: string; status: string }[]) =>
        seen.push(services.map((s) => `${s.service}:${s.status}`)),
    };
    const waited = await up({ compose, files: ["docker-compose.yml"] }, deps);
    expect(waited.ok).toBe(true);
    expect(seen.map((s) => s.find((x) => x.startsWith("postgres")))).toEqual([
      "postgres:starting",
      "postgres:ready",
    ]);
    polls = 0;
    seen.length = 0;
    const quick = await up({ compose, files: ["docker-compose.yml"], wait: false }, deps);
    expect(quick.ok && quick.value.services.find((s) => s.service === "postgres")?.status).toBe("starting");
    expect(seen).toHaveLength(1);
  });
});
