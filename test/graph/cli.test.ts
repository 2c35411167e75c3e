import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../cli/run.js";

const root = resolve(import.meta.dirname, "../..");
const example = resolve(root, "examples/axiom-registry");
const fixtures = resolve(root, "test/fixtures/graph");

describe("slipway validate", () => {
  it("reproduces the seed's Validation Report on the AXIOM example", async () => {
    const r = await run(["validate", "--registry", "registry.yml"], { cwd: example });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const headings = r.out.split("\n").filter((line) => line.startsWith("#"));
    expect(headings).toEqual([
      "## Validation Report",
      "### Port Allocation",
      "### Network Requirements",
      "### Dependencies",
      "### Health Checks",
      "### Volumes",
      "### Images",
      "### Environment",
      "### Configuration",
      "### Validation Result: PASS ✅",
    ]);
    expect(r.out).toContain("✅ Every published port is within its application's range");
    expect(r.out).toContain("✅ Services that use shared infrastructure are on its network");
    expect(r.out).toMatch(/📋 Startup order: Tier 1: forge-postgres, forge-redis/);
    expect(r.out).toMatch(
      /⚠️ {2}Warning: Service forge-traefik mounts the Docker socket \(docker-compose\.yml:\d+:\d+\)/,
    );
    expect(r.out).toContain("Safe to proceed (0 errors, 1 warning, 2 not checked).");
  });

  it("prints the report as data with --json", async () => {
    const r = await run(["validate", "docker-compose.yml", "--registry", "registry.yml", "--json"], {
      cwd: example,
    });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    expect(data.report).toMatchObject({ title: "Validation Report", result: "PASS", errors: 0, warnings: 1 });
    expect(data.report.sections.slice(0, 3).map((s: { title: string }) => s.title)).toEqual([
      "Port Allocation",
      "Network Requirements",
      "Dependencies",
    ]);
    expect(data.diagnostics).toMatchObject([{ code: "volume/docker-socket", file: "docker-compose.yml" }]);
  });

  it("says which checks it could not run instead of passing them", async () => {
    const r = await run(["validate", "docker-compose.yml", "--json"], { cwd: example });
    const data = JSON.parse(r.out);
    const items = data.report.sections.flatMap(
      (s: { items: { status: string; code?: string }[] }) => s.items,
    );
    const notChecked = items.filter((i: { status: string }) => i.status === "NOT CHECKED");
    expect(notChecked.map((i: { code?: string }) => i.code).sort()).toEqual([
      "network/exists",
      "network/external-missing",
    ]);
    expect(
      items.filter(
        (i: { status: string; code?: string }) => i.status === "PASS" && i.code === "network/exists",
      ),
    ).toEqual([]);
    expect(data.report.notChecked).toBe(2);
    const text = await run(["validate", "docker-compose.yml"], { cwd: example });
    expect(text.out).toMatch(/⏭️ {2}Not checked: .*\n {3}🔧 needs a Docker engine/);
    expect(text.out).toContain("2 not checked");
    expect(text.code).toBe(0);
  });

  it("fails when the example breaks a registry rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-axiom-"));
    cpSync(example, dir, { recursive: true });
    const compose = execFileSync("sed", ['s/"4000:8000"/"5100:8000"/', join(dir, "docker-compose.yml")], {
      encoding: "utf8",
    });
    writeFileSync(join(dir, "docker-compose.yml"), compose);
    const r = await run(["validate", "--registry", "registry.yml", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const data = JSON.parse(r.out);
    expect(data.report.result).toBe("FAIL");
    expect(data.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "port/out-of-range",
        path: "services.synapse-backend.ports[0]",
        line: 122,
      }),
    );
  });

  it("keeps the example a file docker-compose accepts", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-axiom-"));
    cpSync(example, dir, { recursive: true });
    for (const path of [
      "apps/synapse/backend",
      "apps/synapse/frontend",
      "apps/nexus/backend",
      "apps/atlas/backend",
    ])
      mkdirSync(join(dir, path), { recursive: true });
    // Fails (not skips) when docker-compose is missing.
    execFileSync("docker-compose", ["-f", join(dir, "docker-compose.yml"), "config", "-q"], {
      stdio: "pipe",
      env: { ...process.env, POSTGRES_PASSWORD: "x", MEILI_MASTER_KEY: "y" },
    });
  });

  it("reports every problem of a broken file with line and column and exits 1", async () => {
    const r = await run(["validate", "--json"], { cwd: join(fixtures, "broken") });
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.out);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "port/duplicate",
          path: "services.api.ports[0]",
          line: 9,
          column: 9,
        }),
        expect.objectContaining({ code: "health/condition-without-healthcheck", line: 12 }),
        expect.objectContaining({ code: "health/missing", path: "services.db", line: 13 }),
        expect.objectContaining({ code: "health/missing", path: "services.api", line: 6 }),
        expect.objectContaining({ code: "volume/unsafe-path", path: "services.db.volumes[0]", line: 16 }),
        expect.objectContaining({ code: "image/unpinned", path: "services.web.image", line: 3 }),
      ]),
    );
  });

  it("reads merge keys and follows include: with the library's reader", async () => {
    const corpus = resolve(root, "test/fixtures/real-world/repro");
    const merged = await run(["validate", "compose.yaml", "--json"], { cwd: join(corpus, "merge-keys") });
    expect(JSON.parse(merged.out).diagnostics).toEqual([]);
    expect(merged.code).toBe(0);
    const graph = await run(["graph"], { cwd: join(corpus, "merge-keys") });
    expect(graph.out).not.toContain("<<");
    expect(graph.out).toContain("worker");
    const included = await run(["validate", "--json"], { cwd: join(corpus, "include-only") });
    expect(included.code).toBe(0);
    expect(JSON.parse(included.out).report).toBeDefined();
    const tiers = await run(["graph"], { cwd: join(corpus, "include-only") });
    expect(tiers.out).toContain("db");
  });

  it("finds compose.yaml by default", async () => {
    const r = await run(["validate"], { cwd: join(fixtures, "compose-yaml") });
    expect(r.code).toBe(0);
    expect(r.out).toContain("### Validation Result: PASS ✅");
  });

  it("reports YAML errors and bad registries with positions, and usage errors with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-validate-"));
    writeFileSync(join(dir, "docker-compose.yml"), "services:\n  a: b: c\n");
    const yaml = await run(["validate", "--json"], { cwd: dir });
    expect(yaml.code).toBe(1);
    expect(JSON.parse(yaml.out).diagnostics).toMatchObject([{ code: "compose/yaml-syntax", line: 2 }]);

    writeFileSync(join(dir, "docker-compose.yml"), "services:\n  a:\n    image: a:1\n");
    writeFileSync(
      join(dir, "registry.yml"),
      "port_registry:\n  ranges:\n    a: 1000-2000\n    b: 1500-2500\n",
    );
    const reg = await run(["validate", "--registry", "registry.yml", "--json"], { cwd: dir });
    expect(reg.code).toBe(1);
    expect(JSON.parse(reg.out).diagnostics).toMatchObject([
      { code: "registry/range-overlap", file: "registry.yml", line: 4 },
    ]);

    writeFileSync(
      join(dir, "docker-compose.yml"),
      "services:\n  a:\n    image: a:1\n    ports:\n      - published: 8080\n",
    );
    const schema = await run(["validate", "docker-compose.yml", "--json"], { cwd: dir });
    expect(schema.code).toBe(1);
    expect(JSON.parse(schema.out).diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "compose/invalid-value",
          path: "services.a.ports[0].target",
          line: 5,
        }),
      ]),
    );

    expect((await run(["validate"], { cwd: tmpdir() })).code).toBe(2);
    expect((await run(["validate", "nope.yml"], { cwd: dir })).code).toBe(2);
    expect((await run(["validate", "--registry", "nope.yml"], { cwd: dir })).code).toBe(2);
    expect((await run(["validate", "--environment", "moon"], { cwd: dir })).code).toBe(2);
  });
});

describe("slipway graph", () => {
  it("prints Mermaid by default and DOT on request", async () => {
    const mermaid = await run(["graph"], { cwd: example });
    expect(mermaid.code).toBe(0);
    expect(mermaid.out.startsWith("flowchart TB\n")).toBe(true);
    const dot = await run(["graph", "docker-compose.yml", "--format", "dot"], { cwd: example });
    expect(dot.code).toBe(0);
    expect(dot.out).toContain('"synapse-frontend" -> "synapse-backend" [label="healthy"];');
  });

  it("rejects an unknown format with exit 2", async () => {
    expect((await run(["graph", "--format", "png"], { cwd: example })).code).toBe(2);
  });
});
