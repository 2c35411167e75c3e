import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./run.js";

const root = resolve(import.meta.dirname, "../..");
const chi = join(root, "examples/chi-monitor/architecture.json");
const work = mkdtempSync(join(tmpdir(), "slipway generate #"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

function folder(name: string) {
  const dir = join(work, name);
  return { dir, ledger: join(work, `${name}.ledger.json`) };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), "utf8");
    }
  };
  if (existsSync(dir)) walk("");
  return out;
}

describe("slipway generate", () => {
  it("generates the CHI example and ends its summary with the INFRA_CONFIG marker", async () => {
    const { dir, ledger } = folder("chi");
    const r = await run(["generate", chi, "--out", dir, "--ledger", ledger], { env });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("INFRA_CONFIG: specs/infra-config-081225-1430.json");
    expect(r.out).toContain("docker-compose.yml (3 services, 1 network, 1 volume)");
    expect(r.out).toMatch(/postgres: 5434 \(override\)/);
    expect(r.out).toContain("Start and wait until every service is healthy: npx slipway up\n");
    expect(r.out).toContain(
      "With Compose alone: docker compose --env-file .env.development -f docker-compose.yml up -d",
    );
    expect(existsSync(join(dir, "specs/infra-config-081225-1430.json"))).toBe(true);
    expect(existsSync(join(dir, "backend/Dockerfile"))).toBe(true);
  });

  it("names the options that shape the files in the header's regenerate command", async () => {
    const { dir, ledger } = folder("header");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "map.json"), readFileSync(chi, "utf8"));
    const args = ["generate", "map.json", "--env", "staging", "--no-templates", "--env-prefix", "CHI"];
    const r = await run([...args, "--platform", "swarm", "--ledger", ledger], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).toContain(
      "# Regenerate with: npx slipway generate map.json --env staging --no-templates --env-prefix CHI --platform swarm\n",
    );
    // The ledger and the output folder choose where, not what: they stay out of it.
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).not.toContain("--ledger");
  });

  it("is byte-identical when run again, and keeps what the user changed", async () => {
    const { dir, ledger } = folder("rerun");
    expect((await run(["generate", chi, "--out", dir, "--ledger", ledger], { env })).code).toBe(0);
    const envFile = join(dir, ".env.development");
    writeFileSync(envFile, `${readFileSync(envFile, "utf8")}# mine\nMY_SETTING=on\n`);
    const before = snapshot(dir);
    const again = await run(["generate", chi, "--out", dir, "--ledger", ledger], { env });
    expect(again.code).toBe(0);
    const after = snapshot(dir);
    for (const [path, text] of Object.entries(before)) {
      if (path.startsWith("specs/") || path.startsWith(".slipway/")) continue;
      expect(after[path], path).toBe(text);
    }
    expect(after[".env.development"]).toContain("# mine\nMY_SETTING=on\n");
  });

  it("writes nothing with --dry-run and prints JSON with --json", async () => {
    const { dir, ledger } = folder("dry");
    const r = await run(["generate", chi, "--out", dir, "--ledger", ledger, "--dry-run", "--json"], { env });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      marker: "INFRA_CONFIG: specs/infra-config-081225-1430.json",
    });
    expect(report.files.map((f: { path: string }) => f.path)).toContain("docker-compose.yml");
    expect(existsSync(dir)).toBe(false);
  });

  it("takes requirements text", async () => {
    const { dir, ledger } = folder("text");
    const r = await run(
      [
        "generate",
        "PostgreSQL on port 5434, Redis on 6380, network: myapp_network",
        "--out",
        dir,
        "--ledger",
        ledger,
      ],
      {
        env,
      },
    );
    expect(r.code).toBe(0);
    const compose = readFileSync(join(dir, "docker-compose.yml"), "utf8");
    expect(compose).toContain("5434:5432");
    expect(compose).toContain("6380:6379");
    expect(compose).toContain("myapp_network");
    // Text does not name the project: the output folder does.
    expect(readFileSync(join(dir, ".env.development"), "utf8")).toMatch(
      /^COMPOSE_PROJECT_NAME=text-[0-9a-f]{8}$/m,
    );
  });

  it("generates the minimal configuration, with a warning, when --minimal asks for it", async () => {
    const { dir, ledger } = folder("missing");
    const r = await run(["generate", "--minimal", "--out", dir, "--ledger", ledger], { env });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning map\/missing/);
    expect(readFileSync(join(dir, "docker-compose.yml"), "utf8")).toContain("postgres");
  });

  it("exits 1 on a broken map, names the place, and writes nothing", async () => {
    const { dir, ledger } = folder("broken");
    const map = join(work, "broken.json");
    writeFileSync(
      map,
      JSON.stringify({
        project: { name: "x" },
        infrastructure: [{ type: "database", tech: "postgresql", volume: "/", port: 70000 }],
      }),
    );
    const r = await run(["generate", map, "--out", dir, "--ledger", ledger], { env });
    expect(r.code).toBe(1);
    expect(r.err).toContain("infrastructure[0].port");
    expect(r.err).toContain("no file was written");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(dir)).toBe(false);
  });

  it("exits 2 with one line on a usage error", async () => {
    for (const argv of [
      ["generate", "--env", "qa"],
      ["generate", "--frob"],
      ["generate", "a", "b"],
      ["generate", ""],
      ["generate", "  "],
      ["generate", "examples"],
      ["validate", "examples"],
      ["scan", "examples"],
    ]) {
      const r = await run(argv, { env, cwd: root });
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("slipway generate with an infrastructure registry", () => {
  const registry = join(root, "examples/axiom-registry/registry.yml");

  it("keeps every host port inside the application's range", async () => {
    const { dir, ledger } = folder("registry");
    const r = await run(
      [
        "generate",
        "PostgreSQL and Redis",
        "--out",
        dir,
        "--ledger",
        ledger,
        "--registry",
        registry,
        "--app",
        "prism",
        "--json",
      ],
      { env },
    );
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(true);
    expect(report.ports.length).toBe(2);
    for (const p of report.ports) {
      expect(p.port).toBeGreaterThanOrEqual(6000);
      expect(p.port).toBeLessThanOrEqual(6999);
    }
  });

  it("rejects an application the registry does not know, and --registry without --app", async () => {
    const { dir, ledger } = folder("registry-unknown");
    const unknown = await run(
      ["generate", "PostgreSQL", "--out", dir, "--ledger", ledger, "--registry", registry, "--app", "zeus"],
      {
        env,
      },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("plan/registry-app-unknown");
    expect((await run(["generate", "PostgreSQL", "--registry", registry], { env })).code).toBe(2);
  });
});
