import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerProbe } from "../../src/node/index.js";
import { BUSYBOX, cleanupLabel, docker, eventually, requireEngine, uniqueName } from "./engine.js";

describe("createDockerProbe on the real engine", () => {
  const run = uniqueName("probe");
  const network = `${run}-net`;
  const project = `${run}-proj`;
  const name = `${run}-web`;
  const probe = createDockerProbe({ timeoutMs: 5000 });
  let hostPort = 0;

  beforeAll(async () => {
    await requireEngine();
    await docker(["network", "create", "--label", `org.slipway.it=${run}`, network]);
    await docker([
      "run",
      "-d",
      "--name",
      name,
      "--network",
      network,
      "--label",
      `org.slipway.it=${run}`,
      "--label",
      `com.docker.compose.project=${project}`,
      "--label",
      "com.docker.compose.service=web",
      "--health-cmd",
      "true",
      "--health-interval",
      "1s",
      "-p",
      "127.0.0.1::8080",
      BUSYBOX,
      "httpd",
      "-f",
      "-p",
      "8080",
    ]);
    const mapping = await docker(["port", name, "8080/tcp"]);
    hostPort = Number(/:(\d+)\s*$/m.exec(mapping)?.[1]);
  });
  afterAll(async () => {
    await cleanupLabel(run);
  });

  it("answers available()", async () => {
    expect(await probe.available()).toBe(true);
  });

  it("sees the container with its compose labels, published port and network", async () => {
    const containers = await probe.containers();
    const mine = containers.find((c) => c.name === name);
    expect(mine).toMatchObject({
      name,
      image: BUSYBOX,
      state: "running",
      project,
      service: "web",
      networks: [network],
      ports: [{ hostPort, containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1" }],
    });
    expect(mine?.labels["org.slipway.it"]).toBe(run);
    expect(hostPort).toBeGreaterThan(0);
  });

  it("reports health as the engine does, and inspects the health log", async () => {
    const health = await eventually(async () => {
      const c = (await probe.containers()).find((x) => x.name === name);
      return c?.health === "healthy" ? c.health : undefined;
    });
    expect(health).toBe("healthy");
    const details = await probe.inspectContainer(name);
    expect(details).toMatchObject({
      name,
      state: "running",
      health: { status: "healthy", failingStreak: 0 },
    });
    expect(details?.health?.log.at(-1)?.exitCode).toBe(0);
  });

  it("lists networks, including the one created", async () => {
    const networks = await probe.networks();
    expect(networks).toContain(network);
    expect(networks).toContain("bridge");
    expect([...networks].sort()).toEqual(networks);
  });

  it("has no repository digest for a locally built image, nor for an absent one", async () => {
    expect(await probe.imageDigest(BUSYBOX)).toBeUndefined();
    expect(await probe.imageDigest("slipway-test/absent:0")).toBeUndefined();
  });

  it("inspecting an unknown container resolves to undefined", async () => {
    expect(await probe.inspectContainer(`${run}-nope`)).toBeUndefined();
  });

  it("validates Compose files with the Compose implementation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-probe-"));
    const good = join(dir, "good.yml");
    const bad = join(dir, "bad.yml");
    writeFileSync(good, "services:\n  web:\n    image: busybox:1\n");
    writeFileSync(bad, "services:\n  web:\n    image: busybox:1\n    ports: 12\n");
    expect(await probe.composeConfig([good])).toEqual([]);
    const problems = await probe.composeConfig([bad]);
    expect(problems).toMatchObject([{ code: "engine/compose-config-invalid", severity: "error", file: bad }]);
  });
});

describe("createDockerProbe without an engine", () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it("resolves to unavailable and empty answers when the socket does not exist", async () => {
    const probe = createDockerProbe({
      socketPath: join(tmpdir(), "slipway-no-such-docker.sock"),
      timeoutMs: 500,
    });
    expect(await probe.available()).toBe(false);
    expect(await probe.containers()).toEqual([]);
    expect(await probe.networks()).toEqual([]);
    expect(await probe.imageDigest("postgres:17-alpine")).toBeUndefined();
    expect(await probe.inspectContainer("x")).toBeUndefined();
  });

  it("never hangs on a socket that accepts but does not answer", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "slipway-mute-")), "docker.sock");
    server = createServer(() => {
      // Accept the connection and say nothing.
    });
    await new Promise<void>((resolve) => server!.listen(path, resolve));
    const probe = createDockerProbe({ socketPath: path, timeoutMs: 300 });
    // A probe that hung would leave this test to the runner's time-out, which fails it.
    const [available, containers, networks] = await Promise.all([
      probe.available(),
      probe.containers(),
      probe.networks(),
    ]);
    expect({ available, containers, networks }).toEqual({ available: false, containers: [], networks: [] });
  });

  it("treats a non-unix DOCKER_HOST as no engine", async () => {
    const probe = createDockerProbe({ dockerHost: "tcp://127.0.0.1:1", timeoutMs: 300 });
    expect(await probe.available()).toBe(false);
  });
});
