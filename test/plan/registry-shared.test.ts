import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Ajv } from "ajv";
import { DCLinter } from "dclint";
import dotenv from "dotenv";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyPlan, planEnvironment } from "../../src/index.js";
import { createNodeFileSystem } from "../../src/node/index.js";
import { parseRegistry, sharedServicesOf } from "../../src/registry/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const registryText = readFileSync(
  resolve(import.meta.dirname, "../../examples/axiom-registry/registry.yml"),
  "utf8",
);
const parsed = parseRegistry(registryText, { file: "registry.yml" });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
const registry = parsed.value;
const work = mkdtempSync(join(tmpdir(), "slipway shared #"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const map = JSON.stringify({
  project: { name: "Atlas" },
  infrastructure: [{ tech: "postgresql", version: "16" }, { tech: "redis" }],
  apps: [{ name: "atlas-backend", kind: "backend", framework: "express", port: 8000 }],
});

async function plan(application = "atlas", architecture = map) {
  const projectPath = mkdtempSync(join(work, `${application}-`));
  const result = await planEnvironment(
    { architecture, projectPath, registry: { registry, application } },
    fakePlanDeps(),
  );
  const file = (path: string) => result.files.find((f) => f.path === path)?.content ?? "";
  return { result, file, projectPath };
}

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "id" && k !== "$schema") out[k] = stripIds(v);
  return out;
}

describe("sharedServicesOf", () => {
  it("names the services of other applications an application depends on, with their networks and ports", () => {
    expect(sharedServicesOf(registry, "ATLAS")).toEqual([
      {
        name: "forge-postgres",
        app: "forge",
        type: "database",
        image: "postgres:16-alpine",
        internalPort: 5432,
        hostPort: 3432,
        networks: ["forge-network"],
      },
    ]);
    expect(sharedServicesOf(registry, "nexus").map((s) => s.name)).toEqual(["forge-postgres", "forge-redis"]);
    expect(sharedServicesOf(registry, "forge")).toEqual([]);
    expect(sharedServicesOf(registry, "unknown")).toEqual([]);
  });
});

describe("an app the registry says uses a platform's shared database", () => {
  it("gets no database service of its own and joins the shared network, declared external", async () => {
    const { result, file } = await plan();
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "plan/registry-shared-service",
        severity: "info",
        path: "infrastructure[0]",
      }),
    );
    const compose = parseYaml(file("docker-compose.yml"));
    expect(Object.keys(compose.services).sort()).toEqual(["atlas-backend", "redis"]);
    expect(compose.networks["forge-network"]).toEqual({ external: true });
    expect(compose.services["atlas-backend"].networks).toEqual(["atlas_network", "forge-network"]);
    expect(Object.keys(compose.services["atlas-backend"].depends_on)).toEqual(["redis"]);
    expect(compose.services.redis.networks).toEqual(["atlas_network"]);
  });

  it("connects to the shared host: by name in Compose, on its registry host port in .env.development", async () => {
    const { file } = await plan();
    const compose = parseYaml(file("docker-compose.yml"));
    expect(compose.services["atlas-backend"].environment.DATABASE_URL).toMatch(/@forge-postgres:5432\//);
    const dev = dotenv.parse(file(".env.development"));
    expect(dev.POSTGRES_PORT).toBe("3432");
    expect(dev.DATABASE_URL).toMatch(/@localhost:3432\//);
    expect(dev.POSTGRES_PASSWORD?.length).toBeGreaterThanOrEqual(32);
    expect(Number(dev.REDIS_PORT)).toBeGreaterThanOrEqual(7000);
    expect(Number(dev.REDIS_PORT)).toBeLessThanOrEqual(7999);
    expect(file(".env.staging")).not.toContain(dev.POSTGRES_PASSWORD);
  });

  it("keeps its own database when the registry gives it none", async () => {
    const { result, file } = await plan(
      "synapse",
      JSON.stringify({ project: { name: "S" }, infrastructure: [{ tech: "mysql" }] }),
    );
    expect(result.ok).toBe(true);
    expect(Object.keys(parseYaml(file("docker-compose.yml")).services)).toEqual(["mysql"]);
  });

  it("writes a Compose file docker-compose 1.29 accepts, external network included", async () => {
    const { result, projectPath } = await plan();
    const applied = await applyPlan(result, { fs: createNodeFileSystem(projectPath) });
    expect(applied.ok).toBe(true);
    const run = spawnSync(
      "docker-compose",
      ["-f", "docker-compose.yml", "--env-file", ".env.development", "config", "-q"],
      { cwd: projectPath, encoding: "utf8" },
    );
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(
      stripIds(JSON.parse(readFileSync(schemaPath, "utf8"))) as object,
    );
    const file = join(projectPath, "docker-compose.yml");
    expect(validate(parseYaml(readFileSync(file, "utf8")))).toBe(true);
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    const [lint] = linter.lintFiles([file], false);
    expect(lint?.messages.filter((m) => m.type === "error")).toEqual([]);
  });
});

describe("slipway generate --registry --app", () => {
  it("writes the app on the shared network without its own database", async () => {
    const { run } = await import("../cli/run.js");
    const dir = mkdtempSync(join(work, "cli-"));
    const r = await run(
      [
        "generate",
        "PostgreSQL and Redis",
        "--out",
        dir,
        "--ledger",
        join(dir, "ledger.json"),
        "--registry",
        resolve(import.meta.dirname, "../../examples/axiom-registry/registry.yml"),
        "--app",
        "atlas",
      ],
      { env: { SOURCE_DATE_EPOCH: "1765204200" } },
    );
    expect(r.code).toBe(0);
    const compose = parseYaml(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    expect(Object.keys(compose.services)).toEqual(["redis"]);
    expect(dotenv.parse(readFileSync(join(dir, ".env.development"), "utf8")).POSTGRES_PORT).toBe("3432");
  });
});
