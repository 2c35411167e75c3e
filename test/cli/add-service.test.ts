import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addServiceToMap } from "../../src/architecture/index.js";
import { envValues, parseEnv } from "../../src/env/index.js";
import { parseRegistry, validateRegistry } from "../../src/registry/index.js";
import { run } from "./run.js";

const root = resolve(import.meta.dirname, "../..");
const env = { SOURCE_DATE_EPOCH: "1700000000" };

/** A free host port, found by binding port 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function generated(map: object): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "slipway-add-"));
  writeFileSync(join(dir, "architecture.json"), `${JSON.stringify(map, null, 2)}\n`);
  const r = await run(["generate", "architecture.json", "--ledger", "ports.json"], { cwd: dir, env });
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("slipway add-service on a generated project", () => {
  it("adds a tech to the map and regenerates Compose, env files and README, keeping the user's edits", async () => {
    const dir = await generated({
      project: { name: "Shop" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
      tech_stack: { backend: "Node.js 20 + Express" },
    });
    // A user edit the regeneration must keep.
    const compose = read(dir, "docker-compose.yml").replace(
      "    restart: unless-stopped\n",
      "    restart: unless-stopped\n    labels:\n      team: payments\n",
    );
    writeFileSync(join(dir, "docker-compose.yml"), compose);
    const port = await freePort();
    const r = await run(["add-service", "redis", "--port", String(port), "--ledger", "ports.json"], {
      cwd: dir,
      env,
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Added redis (redis) to architecture.json as infrastructure[1]");
    const map = JSON.parse(read(dir, "architecture.json"));
    expect(map.infrastructure).toEqual([
      { type: "database", tech: "postgresql" },
      { tech: "redis", port },
    ]);
    const model = parse(read(dir, "docker-compose.yml"));
    expect(model.services.redis.ports).toEqual([`127.0.0.1:${port}:6379`]);
    expect(Object.values(model.services).some((s) => (s as { labels?: unknown }).labels !== undefined)).toBe(
      true,
    );
    expect(envValues(parseEnv(read(dir, ".env.development"))).REDIS_PORT).toBe(String(port));
    expect(read(dir, ".env.example")).toContain("REDIS_PORT=");
    expect(read(dir, "README.md")).toMatch(new RegExp(`\\| redis \\| Redis \\| ${port} \\| 6379 \\|`));
    // Fails (not skips) when docker-compose is missing: execFileSync throws ENOENT.
    execFileSync(
      "docker-compose",
      ["-f", "docker-compose.yml", "--env-file", ".env.development", "config", "-q"],
      { cwd: dir, stdio: "pipe" },
    );
  });

  it("writes out the apps a map derived from tech_stack before adding one, so none is lost", async () => {
    const dir = await generated({
      project: { name: "Api Two" },
      infrastructure: [{ tech: "postgresql" }],
      tech_stack: { backend: "Node.js 20 + Express" },
    });
    const r = await run(["add-service", "worker", "--name", "mailer", "--ledger", "ports.json"], {
      cwd: dir,
      env,
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const map = JSON.parse(read(dir, "architecture.json"));
    expect(map.apps).toMatchObject([
      { name: "backend", kind: "backend", framework: "express" },
      { name: "mailer", kind: "worker" },
    ]);
    expect(Object.keys(parse(read(dir, "docker-compose.yml")).services).sort()).toEqual([
      "backend",
      "mailer",
      "postgres",
    ]);
  });

  it("refuses a name already in the map, an unknown tech and a project without a map; writes nothing", async () => {
    const dir = await generated({ project: { name: "Taken" }, infrastructure: [{ tech: "postgresql" }] });
    const before = read(dir, "architecture.json");
    const composeBefore = read(dir, "docker-compose.yml");
    const taken = await run(["add-service", "postgres:17.6-alpine", "--ledger", "ports.json"], {
      cwd: dir,
      env,
    });
    expect(taken.code).toBe(1);
    expect(taken.err).toContain("add-service/name-taken");
    const unknown = await run(["add-service", "oracle", "--ledger", "ports.json", "--json"], {
      cwd: dir,
      env,
    });
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out)).toMatchObject({
      ok: false,
      diagnostics: [{ code: "add-service/unknown-tech", path: "service" }],
    });
    expect(read(dir, "architecture.json")).toBe(before);
    expect(read(dir, "docker-compose.yml")).toBe(composeBefore);

    const bare = mkdtempSync(join(tmpdir(), "slipway-add-"));
    const none = await run(["add-service", "redis"], { cwd: bare, env });
    expect(none.code).toBe(1);
    expect(none.err).toContain("add-service/no-map");
    const usage = await run(["add-service", "redis", "--port", "99999"], { cwd: bare, env });
    expect(usage.code).toBe(2);
  });
});

describe("slipway add-service --registry", () => {
  function registryDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "slipway-add-reg-"));
    copyFileSync(join(root, "examples/axiom-registry/registry.yml"), join(dir, "registry.yml"));
    return dir;
  }

  it('allocates the first free port of the range, keeps the comments, writes infrastructure.md; kind "api" works', async () => {
    const dir = registryDir();
    const r = await run(["add-service", "redis", "--registry", "registry.yml", "--app", "prism"], {
      cwd: dir,
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "Allocated port 6000 to prism-redis (prism); updated registry.yml and infrastructure.md",
    );
    const text = read(dir, "registry.yml");
    expect(text).toContain("# AXIOM infrastructure registry");
    expect(text).toContain('      networks: ["forge-network"]\n');
    const registry = parseRegistry(text);
    if (!registry.ok) throw new Error(JSON.stringify(registry.diagnostics));
    expect(registry.value.port_registry.allocated?.["6000"]).toMatchObject({
      service: "prism-redis",
      type: "cache",
    });
    expect(registry.value.services?.prism?.dev?.map((s) => s.name)).toContain("prism-redis");
    expect(validateRegistry(registry.value).filter((d) => d.severity === "error")).toEqual([]);
    expect(read(dir, "infrastructure.md")).toContain(
      "| 6000 | prism-redis | prism | cache | 6379 | tcp |  |",
    );

    const api = await run(["add-service", "api", "--registry", "registry.yml", "--app", "prism", "--json"], {
      cwd: dir,
    });
    expect(api.code).toBe(0);
    expect(JSON.parse(api.out)).toMatchObject({
      ok: true,
      port: 6001,
      entry: { service: { entry: { type: "api" } } },
    });
    expect(read(dir, "infrastructure.md")).toContain("| 6001 | prism-api | prism | api | 4000 | http |  |");
    expect(read(dir, "infrastructure.md").match(/slipway:registry-ports:start/g)).toHaveLength(1);
  });

  it("refuses a port outside the application's range, naming the range, and writes nothing", async () => {
    const dir = registryDir();
    const before = read(dir, "registry.yml");
    const r = await run(
      ["add-service", "redis", "--registry", "registry.yml", "--app", "prism", "--port", "7001"],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("registry/port-out-of-range");
    expect(r.err).toContain("Port 7001 for app prism must be in range 6000-6999 (--port)");
    expect(read(dir, "registry.yml")).toBe(before);
    expect(existsSync(join(dir, "infrastructure.md"))).toBe(false);
  });
});

describe("addServiceToMap", () => {
  const map = JSON.stringify({ project: { name: "Pure" }, infrastructure: [{ tech: "postgresql" }] });

  it("reads an image as its tech and keeps the reference; an app kind word becomes an apps entry", () => {
    const image = addServiceToMap(map, { service: "mongo:7.0", name: "docs-db", port: 27200 });
    expect(image).toMatchObject({
      ok: true,
      value: { name: "docs-db", kind: "mongodb", path: "infrastructure[1]" },
    });
    if (image.ok)
      expect(JSON.parse(image.value.text).infrastructure[1]).toEqual({
        tech: "mongodb",
        name: "docs-db",
        image: "mongo:7.0",
        port: 27200,
      });
    const api = addServiceToMap(map, { service: "api", port: 8081 });
    expect(api).toMatchObject({ ok: true, value: { name: "backend", kind: "backend", path: "apps[0]" } });
    if (api.ok)
      expect(JSON.parse(api.value.text).apps).toEqual([
        { name: "backend", kind: "backend", host_port: 8081 },
      ]);
  });

  it("reports a bad name, a bad port and a map that does not parse", () => {
    expect(addServiceToMap(map, { service: "redis", name: "no spaces", port: 70000 })).toMatchObject({
      ok: false,
      diagnostics: [{ code: "add-service/invalid-name" }, { code: "add-service/invalid-port" }],
    });
    expect(addServiceToMap("{", { service: "redis" })).toMatchObject({
      ok: false,
      diagnostics: [{ code: "map/invalid-json" }],
    });
  });

  it("--dry-run writes nothing", async () => {
    const dir = await generated({ project: { name: "Dry" }, infrastructure: [{ tech: "postgresql" }] });
    const before = [
      read(dir, "architecture.json"),
      read(dir, "docker-compose.yml"),
      read(dir, ".env.development"),
    ];
    const r = await run(["add-service", "redis", "--dry-run", "--ledger", "ports.json"], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.out).toContain("Would add redis (redis) to architecture.json");
    expect([
      read(dir, "architecture.json"),
      read(dir, "docker-compose.yml"),
      read(dir, ".env.development"),
    ]).toEqual(before);
  });
});

describe("slipway add-service on a project generated with --registry and --app", () => {
  it("regenerates as generate did: the shared database stays shared and the new port stays in the app's range", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-add-registry-"));
    copyFileSync(join(root, "examples/axiom-registry/registry.yml"), join(dir, "registry.yml"));
    const map = {
      project: { name: "Atlas" },
      infrastructure: [{ tech: "postgresql", version: "16" }],
      apps: [{ name: "atlas-backend", kind: "backend", framework: "express", port: 8000 }],
    };
    writeFileSync(join(dir, "architecture.json"), `${JSON.stringify(map, null, 2)}\n`);
    const first = await run(
      [
        "generate",
        "architecture.json",
        "--registry",
        "registry.yml",
        "--app",
        "atlas",
        "--ledger",
        "ports.json",
      ],
      { cwd: dir, env },
    );
    expect(first.err).toMatch(/^0 errors,/m);
    expect(first.code).toBe(0);
    // The header names every option that shapes the files, so following it gives the same files.
    expect(read(dir, "docker-compose.yml")).toContain(
      "# Regenerate with: npx slipway generate architecture.json --registry registry.yml --app atlas\n",
    );
    const r = await run(["add-service", "redis", "--ledger", "ports.json"], { cwd: dir, env });
    expect(r.err).toMatch(/^0 errors,/m);
    expect(r.code).toBe(0);
    const compose = parse(read(dir, "docker-compose.yml"));
    expect(Object.keys(compose.services).sort()).toEqual(["atlas-backend", "redis"]);
    expect(compose.networks["forge-network"]).toEqual({ external: true });
    const dev = envValues(parseEnv(read(dir, ".env.development")));
    expect(dev.POSTGRES_PORT).toBe("3432");
    expect(Number(dev.REDIS_PORT)).toBeGreaterThanOrEqual(7000);
    expect(Number(dev.REDIS_PORT)).toBeLessThanOrEqual(7999);
  });

  it("says which registry is missing when it was moved away", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-add-registry-"));
    copyFileSync(join(root, "examples/axiom-registry/registry.yml"), join(dir, "registry.yml"));
    writeFileSync(
      join(dir, "architecture.json"),
      JSON.stringify({ project: { name: "Atlas" }, infrastructure: [{ tech: "postgresql" }] }),
    );
    const first = await run(
      ["generate", "architecture.json", "--registry", "registry.yml", "--app", "atlas"],
      {
        cwd: dir,
        env,
      },
    );
    expect(first.code).toBe(0);
    const before = read(dir, "docker-compose.yml");
    writeFileSync(join(dir, "registry.yml"), "");
    execFileSync("rm", [join(dir, "registry.yml")]);
    const r = await run(["add-service", "redis"], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.err).toContain("Missing the registry registry.yml that docker-compose.yml was generated with");
    expect(read(dir, "docker-compose.yml")).toBe(before);
  });
});
