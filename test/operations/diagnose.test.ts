import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { ComposeFile } from "../../src/compose/model.js";
import {
  diagnose,
  expectedFromCompose,
  expectedFromRegistry,
  renderDiagnosisReport,
} from "../../src/operations/index.js";
import { parseRegistry } from "../../src/registry/index.js";
import { container, fakeDocker, fakePorts } from "../fakes/docker-probe.js";

const compose: ComposeFile = {
  name: "synapse",
  services: {
    postgres: {
      image: "postgres:17-alpine",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Compose variable, not a template
      ports: ["127.0.0.1:${POSTGRES_PORT:-5433}:5432"],
      healthcheck: { test: ["CMD-SHELL", "pg_isready"] },
      networks: ["backend"],
    },
    backend: { build: ".", ports: ["8001:8000"], depends_on: ["postgres"], networks: ["backend", "shared"] },
    frontend: {
      build: "./web",
      depends_on: { backend: { condition: "service_started" } },
      networks: ["default", "shared"],
    },
  },
  networks: { backend: null, shared: { name: "forge-network", external: true } },
};

const pg = () =>
  container("synapse", "postgres", {
    health: "healthy",
    networks: ["synapse_backend"],
    ports: [{ hostPort: 5433, containerPort: 5432, protocol: "tcp", hostIp: "127.0.0.1" }],
  });
const backend = () =>
  container("synapse", "backend", {
    networks: ["forge-network", "synapse_backend"],
    ports: [{ hostPort: 8001, containerPort: 8000, protocol: "tcp" }],
  });
const frontend = (networks = ["forge-network", "synapse_default"]) =>
  container("synapse", "frontend", { networks });
const networks = ["bridge", "forge-network", "synapse_backend", "synapse_default"];

describe("expectedFromCompose", () => {
  it("resolves network names, literal and interpolated host ports, healthchecks and dependencies", () => {
    const expected = expectedFromCompose(compose, {
      file: "docker-compose.yml",
      env: { POSTGRES_PORT: "6000" },
    });
    expect(expected).toMatchObject([
      {
        service: "backend",
        hostPorts: [8001],
        networks: ["forge-network", "synapse_backend"],
        dependsOn: ["postgres"],
      },
      {
        service: "frontend",
        hostPorts: [],
        networks: ["forge-network", "synapse_default"],
        healthcheck: false,
      },
      {
        service: "postgres",
        hostPorts: [6000],
        healthcheck: true,
        source: { file: "docker-compose.yml", path: "services.postgres" },
      },
    ]);
    expect(expectedFromCompose(compose)[2]!.hostPorts).toEqual([5433]);
  });

  it("takes the project as Compose does: given, else COMPOSE_PROJECT_NAME of the env, else `name`", () => {
    const networksOf = (options: Parameters<typeof expectedFromCompose>[1]) =>
      expectedFromCompose(compose, options)[0]!.networks;
    const env = { COMPOSE_PROJECT_NAME: "from-env" };
    expect(networksOf({ env })).toContain("from-env_backend");
    expect(networksOf({ env, project: "given" })).toContain("given_backend");
    expect(networksOf({})).toContain("synapse_backend");
    const nameless = { ...compose };
    delete nameless.name;
    expect(expectedFromCompose(nameless, { env })[0]!.networks).toContain("from-env_backend");
  });
});

describe("diagnose", () => {
  it("passes when every service runs healthy, on its networks, with its ports", async () => {
    const report = await diagnose(
      { compose },
      { docker: fakeDocker({ containers: [pg(), backend(), frontend()], networks }) },
    );
    expect(report.status).toBe("pass");
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(renderDiagnosisReport(report)).not.toContain("### Not Checked");
    expect(report.current.map((s) => [s.service, s.mark])).toEqual([
      ["backend", "ok"],
      ["frontend", "ok"],
      ["postgres", "ok"],
    ]);
  });

  it("finds the seed's root cause: the frontend is not on the shared network its backend uses", async () => {
    const docker = fakeDocker({ containers: [pg(), backend(), frontend(["synapse_default"])], networks });
    const report = await diagnose({ compose, file: "docker-compose.yml" }, { docker });
    expect(report.status).toBe("fail");
    expect(report.diagnostics).toMatchObject([
      { code: "diagnose/network-missing", path: "services.frontend.networks", file: "docker-compose.yml" },
      { code: "diagnose/unreachable-dependency", path: "services.frontend.networks" },
    ]);
    expect(report.findings[0]!.verification[0]).toContain("docker inspect synapse-frontend-1");
    expect(report.verification.at(-1)).toContain("label=com.docker.compose.project=synapse");
  });

  it("points fixes at the line of the key they name when given the file text", async () => {
    const source = stringify(compose);
    const docker = fakeDocker({ containers: [pg(), backend(), frontend(["synapse_default"])], networks });
    const report = await diagnose({ compose, file: "docker-compose.yml", source }, { docker });
    const lines = source.split("\n");
    const line = report.diagnostics[0]!.line!;
    expect(lines[line - 1]).toMatch(/^\s+networks:/);
    expect(renderDiagnosisReport(report)).toContain(
      `File: docker-compose.yml, line ${line} (services.frontend.networks)`,
    );
    expect(
      lines
        .slice(0, line)
        .reverse()
        .find((l) => /^ {2}\S/.test(l)),
    ).toBe("  frontend:");
  });

  it("reports a stopped, an unhealthy and a missing service, with evidence and the dependency behind it", async () => {
    const sick = container("synapse", "postgres", { health: "unhealthy", networks: ["synapse_backend"] });
    const dead = container("synapse", "backend", { state: "exited", networks: [] });
    const docker = fakeDocker({
      containers: [sick, dead],
      networks,
      details: {
        [sick.id]: {
          id: sick.id,
          name: sick.name,
          state: "running",
          health: { status: "unhealthy", failingStreak: 4, log: [{ exitCode: 1, output: "no response" }] },
        },
        [dead.id]: { id: dead.id, name: dead.name, state: "exited", exitCode: 137 },
      },
    });
    const report = await diagnose({ compose }, { docker });
    const byCode = Object.fromEntries(report.findings.map((f) => [`${f.code}:${f.service}`, f]));
    expect(byCode["diagnose/unhealthy:postgres"]?.evidence).toContain("no response");
    expect(byCode["diagnose/exited:backend"]?.rootCause).toContain("status 137");
    expect(byCode["diagnose/exited:backend"]?.rootCause).toContain("depends on postgres");
    expect(byCode["diagnose/not-running:frontend"]?.rootCause).toContain("depends on backend");
    expect(report.current.find((s) => s.service === "backend")).toMatchObject({
      mark: "error",
      exitCode: 137,
    });
    expect(report.diagnostics.find((d) => d.code === "diagnose/port-conflict")).toBeUndefined();
  });

  it("reports port conflicts with other containers and host processes, unpublished ports and orphans", async () => {
    const thief = container("other", "pg", {
      ports: [{ hostPort: 5433, containerPort: 5432, protocol: "tcp" }],
    });
    const pgNoPort = container("synapse", "postgres", { health: "healthy", networks: ["synapse_backend"] });
    const backendNoPort = container("synapse", "backend", { networks: ["forge-network", "synapse_backend"] });
    const orphan = container("synapse", "old-worker");
    const docker = fakeDocker({ containers: [thief, pgNoPort, backendNoPort, frontend(), orphan], networks });
    const report = await diagnose({ compose }, { docker, probe: fakePorts({ 8001: "in-use" }) });
    expect(report.diagnostics).toMatchObject([
      { code: "diagnose/port-conflict", path: "services.backend" },
      { code: "diagnose/port-conflict", path: "services.postgres" },
      { code: "diagnose/orphan", severity: "warning" },
    ]);
    expect(report.diagnostics[1]!.message).toContain("other-pg-1");
    const noProbe = await diagnose({ compose }, { docker });
    expect(noProbe.diagnostics[0]).toMatchObject({
      code: "diagnose/port-not-published",
      path: "services.backend",
    });
  });

  it("reports an external network that does not exist", async () => {
    const docker = fakeDocker({
      containers: [pg(), backend(), frontend()],
      networks: ["synapse_backend", "synapse_default"],
    });
    const report = await diagnose({ compose }, { docker });
    expect(report.diagnostics.filter((d) => d.code === "diagnose/network-absent").map((d) => d.path)).toEqual(
      ["services.backend", "services.frontend"],
    );
  });

  it("without an engine: state unknown, one warning saying so, never an error", async () => {
    const report = await diagnose({ compose }, { docker: fakeDocker({ available: false }) });
    expect(report).toMatchObject({
      status: "warn",
      engineAvailable: false,
      diagnostics: [{ code: "engine/unavailable", severity: "warning" }],
    });
    expect(report.current.every((s) => s.state === "unknown" && s.mark === "unknown")).toBe(true);
    expect(report.expected).toHaveLength(3);
    expect(report.skipped.map((s) => s.check)).toEqual([
      "container state",
      "health",
      "networks",
      "published ports",
    ]);
    expect(report.skipped.every((s) => s.reason === "no Docker engine answers")).toBe(true);
    expect(renderDiagnosisReport(report)).toContain(
      "### Not Checked\n- container state: no Docker engine answers",
    );
  });

  it("lists what it could not look at without a PortProbe or container inspection", async () => {
    const dead = container("synapse", "backend", { state: "exited", networks: [] });
    const docker = fakeDocker({ containers: [dead, pg(), frontend()], networks });
    const { inspectContainer: _, ...blind } = docker;
    const report = await diagnose({ compose }, { docker: blind });
    expect(report.status).toBe("fail");
    expect(report.skipped).toEqual([
      {
        check: "port 8001 of backend",
        reason: expect.stringContaining("no PortProbe"),
        path: "services.backend",
      },
      { check: "exit status and health log", reason: expect.stringContaining("cannot inspect containers") },
    ]);
    const probed = await diagnose({ compose }, { docker, probe: fakePorts() });
    expect(probed.skipped).toEqual([]);
  });

  it("diagnoses a list of expected services (registry entries are container names)", async () => {
    const forge = container("forge", "postgres", {
      name: "forge-postgres",
      health: "healthy",
      networks: ["forge-network"],
    });
    const report = await diagnose(
      {
        expected: [
          {
            service: "forge-postgres",
            containerName: "forge-postgres",
            hostPorts: [],
            networks: ["forge-network"],
            healthcheck: true,
            dependsOn: [],
            source: { path: "services.forge[0]" },
          },
          {
            service: "forge-redis",
            containerName: "forge-redis",
            hostPorts: [],
            networks: ["forge-network"],
            healthcheck: true,
            dependsOn: [],
            source: { path: "services.forge[1]" },
          },
        ],
      },
      { docker: fakeDocker({ containers: [forge], networks: ["forge-network"] }) },
    );
    expect(report.current.map((s) => [s.service, s.mark])).toEqual([
      ["forge-postgres", "ok"],
      ["forge-redis", "error"],
    ]);
    expect(report.diagnostics).toMatchObject([{ code: "diagnose/not-running", path: "services.forge[1]" }]);
  });

  it("renders the seed's report sections, deterministically", async () => {
    const docker = fakeDocker({ containers: [pg(), backend(), frontend(["synapse_default"])], networks });
    const text = renderDiagnosisReport(await diagnose({ compose, file: "docker-compose.yml" }, { docker }));
    for (const heading of [
      "## Diagnosis Report",
      "### Current State",
      "### Expected State",
      "### Root Cause",
      "### Fix",
      "### Verification Commands",
      "### Result: FAIL",
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("✅ postgres: running, healthy");
    expect(text).toBe(
      renderDiagnosisReport(await diagnose({ compose, file: "docker-compose.yml" }, { docker })),
    );
  });

  it("diagnoses the services of an infrastructure registry, with the line of each entry", async () => {
    const file = "examples/axiom-registry/registry.yml";
    const source = readFileSync(file, "utf8");
    const parsed = parseRegistry(source, { file });
    if (!parsed.ok) throw new Error("the example registry does not parse");
    const expected = expectedFromRegistry(parsed.value, { environment: "dev" });
    expect(expected.find((e) => e.service === "forge-postgres")).toMatchObject({
      containerName: "forge-postgres",
      hostPorts: [3432],
      networks: ["forge-network"],
      healthcheck: true,
      source: { path: "services.forge.dev[0]" },
    });
    const running = container("forge", "postgres", {
      name: "forge-postgres",
      health: "healthy",
      networks: ["forge-network"],
      ports: [{ hostPort: 3432, containerPort: 5432, protocol: "tcp" }],
    });
    const report = await diagnose(
      { registry: parsed.value, environment: "dev", file, source },
      { docker: fakeDocker({ containers: [running], networks: ["forge-network"] }) },
    );
    expect(report.current.find((s) => s.service === "forge-postgres")?.mark).toBe("ok");
    const redis = report.diagnostics.find((d) => d.message.includes("forge-redis"));
    expect(redis).toMatchObject({ code: "diagnose/not-running", path: "services.forge.dev[1]", file });
    expect(source.split("\n")[redis!.line! - 1]).toContain('name: "forge-redis"');
  });
});
