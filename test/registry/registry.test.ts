import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ComposeFile } from "../../src/compose/model.js";
import { validateCompose } from "../../src/graph/index.js";
import {
  addService,
  parseRegistry,
  type Registry,
  registryReport,
  renderReport,
  validateRegistry,
} from "../../src/registry/index.js";

const root = resolve(import.meta.dirname, "../..");
const axiomText = readFileSync(resolve(root, "examples/axiom-registry/registry.yml"), "utf8");

function axiom(): Registry {
  const r = parseRegistry(axiomText);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

const base = (extra = "") => `port_registry:
  ranges:
    forge: { start: 3000, end: 3999 }
    prism: "6000-6999"
${extra}`;

describe("parseRegistry", () => {
  it("reads the AXIOM registry with the seed's ranges", () => {
    const r = parseRegistry(axiomText);
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.value.port_registry.ranges).toMatchObject({
      forge: { start: 3000, end: 3999 },
      synapse: { start: 4000, end: 4999 },
      nexus: { start: 5000, end: 5999 },
      prism: { start: 6000, end: 6999 },
      atlas: { start: 7000, end: 7999 },
    });
    expect(r.value.port_registry.allocated?.["4000"]).toMatchObject({
      service: "synapse-backend",
      app: "synapse",
    });
  });

  it("accepts ranges written as strings", () => {
    const r = parseRegistry(base());
    expect(r.ok && r.value.port_registry.ranges.prism).toEqual({ start: 6000, end: 6999 });
  });

  it("reports YAML errors with line and column", () => {
    const r = parseRegistry("port_registry:\n  ranges:\n    forge: a: b\n", { file: "registry.yml" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({
      code: "registry/yaml",
      severity: "error",
      file: "registry.yml",
      line: 3,
      column: 12,
    });
    const dup = parseRegistry(
      base("  allocated:\n    3000: { service: a, app: forge }\n    3000: { service: b, app: forge }\n"),
    );
    expect(dup).toMatchObject({ ok: false, diagnostics: [{ code: "registry/yaml", line: 7 }] });
  });

  it("warns about unknown keys at the key's position and keeps going", () => {
    const r = parseRegistry(base("networks:\n  forge-network: { shared: true, colour: blue }\nextra: 1\n"));
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([
      {
        code: "registry/unknown-key",
        severity: "warning",
        path: "networks.forge-network.colour",
        line: 6,
        column: 34,
      },
      { code: "registry/unknown-key", severity: "warning", path: "extra", line: 7, column: 1 },
    ]);
  });

  it("reports wrong shapes with path, line and column", () => {
    const r = parseRegistry(
      base("  allocated:\n    3000: { app: forge }\n    abc: { service: x, app: forge }\n"),
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "registry/invalid",
        path: 'port_registry.allocated["3000"].service',
        line: 6,
      }),
    );
    expect(r.diagnostics.some((d) => d.code === "registry/invalid" && d.line === 7)).toBe(true);
    expect(parseRegistry("- a\n- b\n")).toMatchObject({
      ok: false,
      diagnostics: [{ code: "registry/invalid" }],
    });
    expect(parseRegistry("")).toMatchObject({ ok: false });
  });

  it("reports overlapping and invalid ranges with line and column", () => {
    const r = parseRegistry(
      "port_registry:\n  ranges:\n    forge: { start: 3000, end: 3999 }\n    synapse: { start: 3900, end: 4999 }\n    bad: { start: 9000, end: 8000 }\n",
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toMatchObject([
      { code: "registry/range-invalid", path: "port_registry.ranges.bad", line: 5, column: 5 },
      { code: "registry/range-overlap", path: "port_registry.ranges.synapse", line: 4, column: 5 },
    ]);
  });
});

describe("validateRegistry", () => {
  it("passes the AXIOM registry", () => {
    expect(validateRegistry(axiom())).toEqual([]);
  });

  it("runs the seed's checklist", () => {
    const r = parseRegistry(`
port_registry:
  ranges:
    forge: { start: 3000, end: 3999 }
    prism: { start: 6000, end: 6999 }
  allocated:
    22: { service: forge-ssh, app: forge, type: tool }
    80: { service: edge, app: forge, type: proxy }
    3432: { service: forge-postgres, app: forge, type: database }
    5000: { service: prism-api, app: prism, type: api }
    6001: { service: lost, app: atlantis }
networks:
  forge-network: { shared: true }
services:
  forge:
    dev:
      - { name: forge-postgres, type: database, ports: [3432], healthcheck: false }
  prism:
    dev:
      - name: prism-api
        type: api
        ports: [5000, 3432, 6002]
        networks: [default, mystery]
        dependencies: [forge-postgres, ghost]
      - { name: prism-a, dependencies: [prism-b] }
      - { name: prism-b, dependencies: [prism-a] }
  forge2:
    dev:
      - { name: prism-a }
startup_tiers:
  - { tier: 1, services: [forge-postgres, nobody] }
  - { tier: 1, types: [api] }
rules:
  required_networks:
    - { network: forge-network, applies_to: [prism], required_for: [forge-postgres] }
`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const found = validateRegistry(r.value);
    const codes = new Set(found.map((d) => d.code));
    for (const code of [
      "registry/port-system",
      "registry/port-out-of-range",
      "registry/unknown-app",
      "registry/health-missing",
      "registry/port-duplicate",
      "registry/port-unallocated",
      "registry/unknown-network",
      "registry/dependency-missing",
      "registry/tier-order",
      "registry/network-required",
      "registry/dependency-cycle",
      "registry/service-duplicate",
      "registry/unknown-service",
    ])
      expect(codes, code).toContain(code);
    expect(found).toContainEqual(
      expect.objectContaining({
        code: "registry/port-out-of-range",
        path: 'port_registry.allocated["5000"]',
      }),
    );
    expect(found.find((d) => d.code === "registry/dependency-cycle")?.message).toContain(
      "prism-a → prism-b → prism-a",
    );
    expect(found.filter((d) => d.code === "registry/port-system")).toHaveLength(1);
  });
});

describe("addService", () => {
  it("allocates PRISM's first port, 6000, as in the seed", () => {
    const r = addService(axiom(), {
      application: "PRISM",
      service: "prism-backend",
      kind: "backend",
      containerPort: 8000,
      dependencies: ["forge-postgres", "forge-redis"],
      composeFile: "apps/prism/docker-compose.dev.yml",
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.port).toBe(6000);
    expect(r.value.entry.allocated).toEqual({
      "6000": {
        service: "prism-backend",
        app: "prism",
        type: "api",
        internal_port: 8000,
        protocol: "http",
        networks: ["default", "forge-network"],
      },
    });
    expect(r.value.entry.service).toMatchObject({
      app: "prism",
      environment: "dev",
      entry: { name: "prism-backend", ports: [6000], dependencies: ["forge-postgres", "forge-redis"] },
    });
    const snippet = parse(r.value.snippet) as ComposeFile;
    expect(snippet.services["prism-backend"]).toMatchObject({
      ports: ["6000:8000"],
      networks: ["default", "forge-network"],
    });
    expect(snippet.services["prism-backend"]?.depends_on).toBeUndefined();
    expect(r.value.snippet).toContain(
      "# Started by other Compose files (see the registry): forge-postgres, forge-redis",
    );
  });

  it("gives a snippet that passes the graph rules with the registry", async () => {
    const registry = axiom();
    const r = addService(registry, {
      application: "prism",
      service: "prism-backend",
      kind: "backend",
      containerPort: 8000,
    });
    if (!r.ok) throw new Error("expected ok");
    const snippet = parse(r.value.snippet) as ComposeFile;
    expect(await validateCompose(snippet, { registry, application: "prism" })).toMatchObject([
      { code: "port/unregistered" }, // until the registry entry is added
    ]);
  });

  it("skips ports already taken and fails on a full range, an unknown app or a taken name", () => {
    const r = parseRegistry(`
port_registry:
  ranges:
    tiny: { start: 8000, end: 8001 }
  allocated:
    8000: { service: a, app: tiny }
`);
    if (!r.ok) throw new Error("expected ok");
    const first = addService(r.value, { application: "tiny", service: "b", kind: "redis" });
    expect(first).toMatchObject({ ok: true, value: { port: 8001 } });
    if (first.ok) expect(first.value.snippet).toContain("redis-cli");
    r.value.port_registry.allocated!["8001"] = { service: "b", app: "tiny" };
    expect(addService(r.value, { application: "tiny", service: "c" })).toMatchObject({
      ok: false,
      diagnostics: [{ code: "registry/range-full" }],
    });
    expect(addService(r.value, { application: "nowhere", service: "a", kind: "worker" })).toMatchObject({
      ok: false,
      diagnostics: [
        { code: "registry/unknown-app" },
        { code: "registry/service-exists" },
        { code: "registry/no-port" },
      ],
    });
  });

  it("writes a snippet docker-compose accepts", () => {
    const r = addService(axiom(), { application: "atlas", service: "atlas-cache", kind: "redis" });
    if (!r.ok) throw new Error("expected ok");
    expect(r.value.port).toBe(7001);
    const dir = mkdtempSync(join(tmpdir(), "slipway-add-"));
    writeFileSync(join(dir, "docker-compose.yml"), r.value.snippet);
    // Fails (not skips) when docker-compose is missing: execFileSync throws ENOENT.
    execFileSync("docker-compose", ["-f", join(dir, "docker-compose.yml"), "config", "-q"], {
      stdio: "pipe",
    });
  });
});

describe("registryReport", () => {
  it("groups diagnostics and passed checks into the seed's sections", () => {
    const report = registryReport(
      [
        { code: "depends/tier-order", severity: "warning", message: "Service a should start after b" },
        { code: "port/duplicate", severity: "error", message: "Port 1 twice", path: "services.a.ports[0]" },
      ],
      {
        checks: [
          { code: "port/duplicate", description: "No duplicate ports" },
          { code: "port/system", description: "No system ports" },
          { code: "network/unreachable", description: "Networks shared" },
        ],
        tiers: [["b"], ["a"]],
      },
    );
    expect(report).toMatchObject({ result: "FAIL", errors: 1, warnings: 1, infos: 0 });
    expect(report.sections.map((s) => [s.title, s.status])).toEqual([
      ["Port Allocation", "FAIL"],
      ["Network Requirements", "PASS"],
      ["Dependencies", "WARN"],
    ]);
    expect(report.sections[0]?.items.map((i) => i.status)).toEqual(["FAIL", "PASS"]);
    expect(report.sections[2]?.items.at(-1)).toEqual({
      status: "INFO",
      message: "Startup order: Tier 1: b · Tier 2: a",
    });
    const text = renderReport(report);
    expect(text).toContain("## Validation Report\n\n### Port Allocation\n❌ Error: Port 1 twice");
    expect(text).toContain("⚠️  Warning: Service a should start after b");
    expect(text).toContain("### Validation Result: FAIL ❌");
  });

  it("passes with warnings, as in the seed", () => {
    const report = registryReport([{ code: "depends/tier-order", severity: "warning", message: "w" }]);
    expect(report.result).toBe("PASS");
    expect(renderReport(report)).toContain("### Validation Result: PASS ✅");
  });
});
