import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { ComposeFile } from "../../src/compose/model.js";
import { createClock, createComposeRunner, createDockerProbe } from "../../src/node/index.js";
import { down, preflight, up } from "../../src/operations/index.js";
import { BUSYBOX, cleanupLabel, docker, requireEngine, uniqueName } from "./engine.js";

/** A free host port, found by binding port 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const socketProbe = {
  check: (port: number) =>
    new Promise<"free" | "in-use" | "forbidden">((resolve) => {
      const server = createServer();
      server.once("error", (e: NodeJS.ErrnoException) =>
        resolve(e.code === "EACCES" ? "forbidden" : "in-use"),
      );
      server.listen(port, "127.0.0.1", () => server.close(() => resolve("free")));
    }),
};

describe("up, down and preflight on the real engine (docker-compose)", () => {
  const project = uniqueName("life").replace(/-/g, "");
  const dir = mkdtempSync(join(tmpdir(), "slipway-life-"));
  const docker_ = createDockerProbe({ timeoutMs: 5000 });
  const runner = createComposeRunner({ cwd: dir });
  const clock = createClock();
  let webPort = 0;
  const strangers = uniqueName("stranger");

  const compose = (healthy: boolean): ComposeFile => ({
    services: {
      web: {
        image: BUSYBOX,
        command: ["httpd", "-f", "-p", "8080"],
        init: true,
        ports: [`127.0.0.1:${webPort}:8080`],
        healthcheck: {
          test: ["CMD-SHELL", "nc -w 1 127.0.0.1 8080 </dev/null"],
          interval: "1s",
          retries: 3,
        },
        networks: ["backend"],
      },
      db: {
        image: BUSYBOX,
        command: ["sh", "-c", "echo serving; exec httpd -f -p 5432"],
        init: true,
        healthcheck: healthy
          ? { test: ["CMD-SHELL", "nc -w 1 127.0.0.1 5432 </dev/null"], interval: "1s", retries: 5 }
          : {
              test: ["CMD-SHELL", "echo 'db is not ready: no reply on 5432' && exit 1"],
              interval: "1s",
              retries: 2,
            },
        networks: ["backend"],
      },
    },
    networks: { backend: {} },
  });

  beforeAll(async () => {
    await requireEngine();
    webPort = await freePort();
  });
  afterAll(async () => {
    await runner.down({ files: ["good.yml"], project, volumes: true });
    await runner.down({ files: ["bad.yml"], project: `${project}bad`, volumes: true });
    await cleanupLabel(strangers);
  });

  it("preflight passes on free ports, then up waits until every healthcheck is healthy", async () => {
    writeFileSync(join(dir, "good.yml"), stringify(compose(true)));
    const before = await preflight(
      { compose: compose(true), ports: { web: webPort }, composeProject: project },
      { docker: docker_, probe: socketProbe },
    );
    expect(before).toMatchObject({ status: "not-checked", engineAvailable: true, diagnostics: [] });
    expect(before.skipped.map((s) => s.check)).toEqual(["free disk", "free memory"]);
    const r = await up(
      { compose: compose(true), files: ["good.yml"], project },
      { runner, docker: docker_, clock, timeoutMs: 60_000, pollMs: 500 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ok && r.value.services.map((s) => [s.service, s.status, s.health])).toEqual([
      ["db", "ready", "healthy"],
      ["web", "ready", "healthy"],
    ]);
    const containers = (await docker_.containers()).filter((c) => c.project === project);
    expect(containers.map((c) => c.health)).toEqual(["healthy", "healthy"]);
  });

  it("preflight keeps the port this project's own stack publishes and flags one another container publishes", async () => {
    const own = await preflight(
      { compose: compose(true), ports: { web: webPort }, composeProject: project },
      { docker: docker_, probe: socketProbe },
    );
    expect(own.diagnostics).toMatchObject([
      { code: "preflight/port-held-by-project", path: "ports.web", severity: "info" },
    ]);
    const other = await preflight(
      { compose: compose(true), ports: { web: webPort }, composeProject: "someone-else" },
      { docker: docker_, probe: socketProbe },
    );
    expect(other).toMatchObject({
      status: "failed",
      diagnostics: [{ code: "preflight/port-in-use", path: "ports.web", severity: "error" }],
    });
    expect(other.diagnostics[0]!.message).toContain(`${project}_web_1`);
  });

  it("preflight names a port a process outside Docker holds", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const r = await preflight(
      { compose: compose(true), ports: { api: port }, composeProject: project },
      { docker: docker_, probe: socketProbe },
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(r).toMatchObject({
      status: "failed",
      diagnostics: [{ code: "preflight/port-in-use", path: "ports.api" }],
    });
  });

  it("up names the service whose healthcheck fails and quotes its health log", async () => {
    const bad = compose(false);
    delete bad.services.web!.ports;
    writeFileSync(join(dir, "bad.yml"), stringify(bad));
    const r = await up(
      { compose: bad, files: ["bad.yml"], project: `${project}bad` },
      { runner, docker: docker_, clock, timeoutMs: 60_000, pollMs: 500 },
    );
    expect(r.ok).toBe(false);
    const failure = r.diagnostics.find((d) => d.code === "lifecycle/unhealthy");
    expect(failure).toMatchObject({ code: "lifecycle/unhealthy", path: "services.db" });
    expect(failure?.message).toContain("db is not ready: no reply on 5432");
    expect(failure?.hint).toContain("serving");
  });

  it("down leaves nothing of the project running", async () => {
    const r = await down(
      { compose: compose(true), files: ["good.yml"], project },
      { runner, docker: docker_ },
    );
    expect(r).toMatchObject({ ok: true, value: { project, volumesRemoved: false } });
    const left = (await docker_.containers()).filter((c) => c.project === project);
    expect(left).toEqual([]);
    expect((await docker_.networks()).filter((n) => n.startsWith(`${project}_`))).toEqual([]);
    expect(await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`])).toBe("");
  });
});
