import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { envValues, parseEnv } from "../../src/env/index.js";
import { applyPlan, planEnvironment, planEnvironmentEvents } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const example = (name: string) => readFileSync(resolve(root, "examples", name, "architecture.json"), "utf8");
const projectPath = "/home/dev/projects/chi";

function fileOf(plan: { files: { path: string; content: string }[] }, path: string): string {
  const f = plan.files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path} in plan: ${plan.files.map((x) => x.path).join(", ")}`);
  return f.content;
}

describe("planEnvironment on the CHI example", () => {
  it("plans every file the seed asks for, with the map's port and the marker", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment(
      { architecture: example("chi-monitor"), projectPath, source: "architecture.json" },
      deps,
    );
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan.ok).toBe(true);
    const paths = plan.files.map((f) => f.path);
    for (const p of [
      "docker-compose.yml",
      ".env.development",
      ".env.staging",
      ".env.production",
      ".env.example",
      "specs/infra-config-081225-1430.json",
      "backend/Dockerfile",
      "frontend/Dockerfile",
      ".gitignore",
      "README.md",
      "Makefile",
      ".slipway/manifest.json",
    ]) {
      expect(paths).toContain(p);
    }
    expect(plan.marker).toBe("INFRA_CONFIG: specs/infra-config-081225-1430.json");
    const postgres = plan.ports.find((p) => p.service === "postgres");
    expect(postgres).toMatchObject({ port: 5434, reason: "override" });
    expect(fileOf(plan, "docker-compose.yml")).toContain("5434:5432");
    expect(envValues(parseEnv(fileOf(plan, ".env.development"))).POSTGRES_PORT).toBe("5434");
    expect(plan.tiers[0]).toContain("postgres");
    const metadata = JSON.parse(fileOf(plan, "specs/infra-config-081225-1430.json"));
    expect(metadata).toMatchObject({
      generated_at: "2025-12-08T14:30:00Z",
      environment: "development",
      custom_ports: { postgres: 5434 },
      validation: { port_conflicts_checked: true, secrets_placeholder: true, volume_paths_validated: true },
    });
    expect(metadata.services.find((s: { name: string }) => s.name === "postgres")).toMatchObject({
      type: "database",
      port_mapping: "5434:5432",
      healthcheck: "pg_isready",
    });
  });

  it("is byte-identical for the same inputs, clock and random", async () => {
    const a = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, fakePlanDeps());
    const b = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, fakePlanDeps());
    expect(a.files.map((f) => [f.path, f.content])).toEqual(b.files.map((f) => [f.path, f.content]));
  });

  it("streams status events phase by phase and ends with the result", async () => {
    const events = [];
    for await (const e of planEnvironmentEvents(
      { architecture: example("chi-monitor"), projectPath },
      fakePlanDeps(),
    )) {
      events.push(e);
    }
    const phases = events.filter((e) => e.type === "status").map((e) => e.phase);
    expect(phases).toEqual([
      "input",
      "ports",
      "env",
      "compose",
      "templates",
      "validation",
      "secrets",
      "metadata",
    ]);
    const last = events.at(-1)!;
    expect(last.type).toBe("result");
    if (last.type === "result") expect(last.plan.ok).toBe(true);
    for (const e of events) expect(e.timestamp).toBe("2025-12-08T14:30:00.000Z");
  });
});

describe("applyPlan", () => {
  it("writes every file once, then nothing on a re-run", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    const first = await applyPlan(plan, deps);
    expect(first.ok).toBe(true);
    expect(first.written).toContain("docker-compose.yml");
    expect(deps.fs.modes.get(".env.development")).toBe(0o600);
    const again = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    expect(again.ok).toBe(true);
    const second = await applyPlan(again, deps);
    expect(second.ok).toBe(true);
    // The plan says the ports were kept from the ledger; the metadata file keeps the reasons it recorded.
    expect(second.written).toEqual([]);
    expect(again.ports.every((p) => p.reason === "kept" || p.reason === "override")).toBe(true);
    const third = await applyPlan(
      await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps),
      deps,
    );
    expect(third.written).toEqual([]);
  });

  it("keeps the user's .env.development edits and passwords across runs", async () => {
    const deps = fakePlanDeps();
    await applyPlan(await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps), deps);
    const before = deps.fs.files.get(".env.development")!;
    const password = envValues(parseEnv(before)).POSTGRES_PASSWORD!;
    expect(password.length).toBeGreaterThanOrEqual(22);
    const edited = `${before.replace(/^LOG_LEVEL=.*$/m, "LOG_LEVEL=trace # I like noise")}\n# my own\nMY_FLAG=1\n`;
    deps.fs.files.set(".env.development", edited);
    const plan = await planEnvironment(
      { architecture: example("chi-monitor"), projectPath },
      { ...deps, random: fakePlanDeps({ seed: 7 }).random },
    );
    expect(plan.ok).toBe(true);
    const result = await applyPlan(plan, deps);
    expect(result.ok).toBe(true);
    const after = deps.fs.files.get(".env.development")!;
    expect(after).toContain("LOG_LEVEL=trace # I like noise");
    expect(after).toContain("# my own\nMY_FLAG=1");
    expect(envValues(parseEnv(after)).POSTGRES_PASSWORD).toBe(password);
  });

  it("merges the user's Compose edits with a regeneration", async () => {
    const deps = fakePlanDeps();
    await applyPlan(await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps), deps);
    const compose = deps.fs.files.get("docker-compose.yml")!;
    const edited = compose.replace(/(\n {2}postgres:\n)/, "$1    # tuned by hand\n    shm_size: 256m\n");
    expect(edited).not.toBe(compose);
    deps.fs.files.set("docker-compose.yml", edited);
    // The user now pins another host port in .env.development: the generated change must merge in.
    const env = deps.fs.files.get(".env.development")!.replace(/^POSTGRES_PORT=.*$/m, "POSTGRES_PORT=5499");
    deps.fs.files.set(".env.development", env);
    const map = JSON.parse(example("chi-monitor"));
    delete map.infrastructure[0].port;
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = await applyPlan(plan, deps);
    expect(result.ok).toBe(true);
    const after = deps.fs.files.get("docker-compose.yml")!;
    expect(after).toContain("# tuned by hand");
    expect(after).toContain("shm_size: 256m");
    expect(after).toContain("5499:5432");
  });

  it("reports a file it did not write as a conflict with a diff, and writes nothing", async () => {
    const deps = fakePlanDeps({
      files: { "docker-compose.yml": "services:\n  mine:\n    image: nginx:1.27\n" },
    });
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    expect(plan.ok).toBe(true);
    const compose = plan.files.find((f) => f.path === "docker-compose.yml");
    expect(compose?.action).toBe("conflict");
    expect(compose?.diff).toContain("-    image: nginx:1.27");
    const result = await applyPlan(plan, deps);
    expect(result.ok).toBe(false);
    expect(result.written).toEqual([]);
    expect(result.conflicts).toEqual([expect.objectContaining({ path: "docker-compose.yml" })]);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/conflict", file: "docker-compose.yml" }),
    );
    expect(deps.fs.writes()).toBe(0);
    // --force does what the hint says.
    const forced = await applyPlan(plan, deps, { force: true });
    expect(forced.ok).toBe(true);
    expect(forced.written).toContain("docker-compose.yml");
    expect(deps.fs.files.get("docker-compose.yml")).toBe(compose?.content);
  });

  it("writes nothing when the file system fails part-way, and the old files stay", async () => {
    const deps = fakePlanDeps({ files: { "README.md": "# mine\n" } });
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    deps.fs.failNext = true;
    await expect(applyPlan(plan, deps)).rejects.toThrow("disk full");
    expect([...deps.fs.files.keys()]).toEqual(["README.md"]);
  });

  it("refuses to write a file that changed since it was planned", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    deps.fs.files.set(".env.development", "POSTGRES_PORT=1\n");
    const result = await applyPlan(plan, deps);
    expect(result.ok).toBe(false);
    expect(result.conflicts.map((c) => c.path)).toEqual([".env.development"]);
    expect(deps.fs.writes()).toBe(0);
  });

  it("does not write with dryRun", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    const result = await applyPlan(plan, deps, { dryRun: true });
    expect(result.ok).toBe(true);
    expect(result.written.length).toBeGreaterThan(5);
    expect(deps.fs.writes()).toBe(0);
  });
});

describe("bad input", () => {
  it("an unavailable override port is an error naming the file and line, and nothing is written", async () => {
    const deps = fakePlanDeps({
      files: { ".env.development": "# mine\nPOSTGRES_PORT=5434\n" },
      busy: [5434],
    });
    const map = JSON.parse(example("chi-monitor"));
    delete map.infrastructure[0].port;
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics).toContainEqual(
      expect.objectContaining({ code: "port/override-unavailable", file: ".env.development", line: 2 }),
    );
    expect(plan.files).toEqual([]);
    expect((await applyPlan(plan, deps)).ok).toBe(false);
  });

  it("a port override that is not a port is an error at its line", async () => {
    const deps = fakePlanDeps({ files: { ".env.development": "REDIS_PORT=6380\nPOSTGRES_PORT=54x4\n" } });
    const plan = await planEnvironment({ architecture: example("db-cache"), projectPath }, deps);
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics).toContainEqual(
      expect.objectContaining({ code: "port/override-invalid", file: ".env.development", line: 2 }),
    );
  });

  it("a corrupt .env.development is reported with its line and never overwritten", async () => {
    const deps = fakePlanDeps({ files: { ".env.development": "GOOD=1\nthis is not an env line\n" } });
    const plan = await planEnvironment({ architecture: example("chi-monitor"), projectPath }, deps);
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics).toContainEqual(expect.objectContaining({ file: ".env.development", line: 2 }));
  });

  it("an unsafe volume path blocks the plan", async () => {
    const map = JSON.parse(example("chi-monitor"));
    map.infrastructure[0].volume = "/";
    const plan = await planEnvironment({ architecture: map, projectPath }, fakePlanDeps());
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics.some((d) => d.code === "map/unsafe-volume" && d.severity === "error")).toBe(true);
  });

  it("a literal secret in the output blocks the plan", async () => {
    const map = JSON.parse(example("chi-monitor"));
    // Built at run time: a live-looking Stripe key must never be written to a generated file.
    map.variables = { PAYMENT_KEY: ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc9x"].join("_") };
    const plan = await planEnvironment({ architecture: map, projectPath }, fakePlanDeps());
    expect(plan.ok).toBe(false);
    expect(plan.diagnostics.some((d) => d.code.startsWith("secret/") && d.severity === "error")).toBe(true);
  });

  it("a broken map is reported with its place, and a missing one falls back with a warning", async () => {
    const broken = await planEnvironment(
      {
        architecture: '{"project": {"name": ""}, "infrastructure": [{"tech": "postgresql", "port": 70000}]}',
        projectPath,
      },
      fakePlanDeps(),
    );
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics).toContainEqual(expect.objectContaining({ path: "infrastructure[0].port" }));
    const missing = await planEnvironment({ projectPath }, fakePlanDeps());
    expect(missing.ok).toBe(true);
    expect(missing.diagnostics).toContainEqual(
      expect.objectContaining({ code: "map/missing", severity: "warning" }),
    );
    expect(missing.files.some((f) => f.path === "docker-compose.yml" && f.content.includes("postgres"))).toBe(
      true,
    );
  });
});

describe("the prefixed local-infrastructure env file", () => {
  it("writes seed 004's .env.local.infra with prefixed connection settings", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment(
      { architecture: example("tilemud"), projectPath, infraEnv: { prefix: "TILEMUD" } },
      deps,
    );
    expect(plan.ok).toBe(true);
    const values = envValues(parseEnv(fileOf(plan, ".env.local.infra")));
    expect(values.TILEMUD_POSTGRES_PORT).toBe("5438");
    expect(values.TILEMUD_REDIS_PORT).toBe("6380");
    expect(plan.metadata.env_files).toContain(".env.local.infra");
    expect(plan.files.find((f) => f.path === ".env.local.infra")?.mode).toBe(0o600);
  });
});

describe("per-environment overrides", () => {
  it("applies the map's production replicas and gives workers no port", async () => {
    const plan = await planEnvironment(
      { architecture: example("symfony-frankenphp"), projectPath, environment: "production" },
      fakePlanDeps(),
    );
    expect(plan.ok).toBe(true);
    const compose = fileOf(plan, "docker-compose.yml");
    const messenger = compose.slice(compose.indexOf("\n  messenger:"), compose.indexOf("\n  postgres:"));
    expect(messenger).toContain("replicas: 4");
    expect(messenger).toContain("memory: 512M");
    expect(messenger).not.toContain("PORT:");
  });
});

describe("the manifest", () => {
  it("holds no trace of a credential, not even a hash", async () => {
    const deps = fakePlanDeps();
    await applyPlan(await planEnvironment({ architecture: example("db-cache"), projectPath }, deps), deps);
    const values = envValues(parseEnv(deps.fs.files.get(".env.development")!));
    const manifest = deps.fs.files.get(".slipway/manifest.json")!;
    const { createHash } = await import("node:crypto");
    for (const key of ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "JWT_SECRET", "DATABASE_URL", "REDIS_URL"]) {
      const value = values[key];
      expect(value, key).toBeDefined();
      expect(manifest).not.toContain(value!);
      expect(manifest).not.toContain(createHash("sha256").update(value!).digest("hex"));
    }
    expect(manifest).toContain(createHash("sha256").update(values.POSTGRES_PORT!).digest("hex"));
  });

  it("lets a connection URL follow a port the user pins, while the user's own values stay", async () => {
    const deps = fakePlanDeps();
    await applyPlan(await planEnvironment({ architecture: example("db-cache"), projectPath }, deps), deps);
    const before = deps.fs.files.get(".env.development")!;
    const edited = before
      .replace(/^POSTGRES_PORT=.*$/m, "POSTGRES_PORT=5499")
      .replace(/^POSTGRES_PASSWORD=.*$/m, "POSTGRES_PASSWORD=mine-and-only-mine-42");
    deps.fs.files.set(".env.development", edited);
    const plan = await planEnvironment({ architecture: example("db-cache"), projectPath }, deps);
    expect(plan.ok).toBe(true);
    await applyPlan(plan, deps);
    const values = envValues(parseEnv(deps.fs.files.get(".env.development")!));
    expect(values.POSTGRES_PORT).toBe("5499");
    expect(values.POSTGRES_PASSWORD).toBe("mine-and-only-mine-42");
    expect(values.DATABASE_URL).toContain(":mine-and-only-mine-42@localhost:5499/");
    expect(deps.fs.files.get("docker-compose.yml")).toContain("5499:5432");
  });
});

describe("planEnvironment on maps it has not seen", () => {
  const plan = (map: object) =>
    planEnvironment(
      { architecture: JSON.stringify(map, null, 2), projectPath, source: "architecture.json" },
      fakePlanDeps(),
    );

  it("turns project-relative data paths into named volumes, nested ones too, and keeps other paths", async () => {
    const p = await plan({
      project: { name: "Vols" },
      infrastructure: [
        { type: "cache", tech: "redis", volume: "./data/redis" },
        { type: "database", tech: "postgresql", volume: "./x y/pg data" },
        { type: "database", tech: "mysql", volume: "./mysql-data" },
        { type: "database", tech: "mongodb", volume: "/srv/mongo" },
        { type: "queue", tech: "rabbitmq", volume: "mq-data" },
      ],
    });
    expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(p.ok).toBe(true);
    const compose = fileOf(p, "docker-compose.yml");
    for (const mount of [
      "data-redis:/data",
      "x-y-pg-data:/var/lib/postgresql",
      "mysql-data:/var/lib/mysql",
      "/srv/mongo:/data/db",
      "mq-data:/var/lib/rabbitmq",
    ])
      expect(compose).toContain(`- ${mount}`);
    for (const declared of ["data-redis", "x-y-pg-data", "mysql-data", "mq-data"])
      expect(compose).toMatch(new RegExp(`^  ${declared}:$`, "m"));
  });

  it("names the map's port field when two services ask for one port", async () => {
    const p = await plan({
      project: { name: "Clash" },
      infrastructure: [
        { type: "database", tech: "postgresql", port: 5440 },
        { type: "cache", tech: "redis", port: 5440 },
      ],
    });
    expect(p.ok).toBe(false);
    expect(p.diagnostics).toMatchObject([
      // The second "port": 5440 of the pretty-printed map: line 14, column 7.
      {
        code: "port/override-conflict",
        path: "infrastructure[1].port",
        file: "architecture.json",
        line: 14,
        column: 7,
      },
    ]);
    expect(p.diagnostics[0]?.hint).toMatch(
      /remove infrastructure\[1\]\.port from architecture\.json .*, or change it to \d+\.$/,
    );
  });

  it("builds an app on a framework without a template from the user's Dockerfile, with no guessed healthcheck", async () => {
    const p = await plan({
      project: { name: "Gopher" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
      apps: [
        { name: "api", kind: "backend", framework: "Go 1.22 + Gin", context: "./api" },
        { name: "web", kind: "frontend", framework: "react", context: "./web" },
      ],
    });
    expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(p.diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/app-healthcheck-unknown", path: "services.api" }),
    );
    const paths = p.files.map((f) => f.path);
    expect(paths).not.toContain("api/Dockerfile");
    expect(paths).toContain("web/Dockerfile");
    // Its context still gets a .dockerignore that keeps env files out, with no guessed runtime section.
    const ignore = fileOf(p, "api/.dockerignore");
    expect(ignore).toContain(".env.*");
    expect(ignore).not.toMatch(/node_modules|__pycache__|vendor/);
    const compose = parseYaml(fileOf(p, "docker-compose.yml"));
    expect(compose.services.api.healthcheck).toBeUndefined();
    expect(compose.services.web.depends_on.api).toEqual({ condition: "service_started" });
    expect(fileOf(p, "README.md")).toContain("backend (Go 1.22 + Gin)");
  });

  it("stops warning once the user's own healthcheck for such an app is in the file", async () => {
    const deps = fakePlanDeps();
    const map = {
      project: { name: "Gopher" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
      apps: [{ name: "api", kind: "backend", framework: "Go 1.22 + Gin" }],
    };
    const input = { architecture: JSON.stringify(map), projectPath, source: "architecture.json" };
    const first = await planEnvironment(input, deps);
    expect((await applyPlan(first, deps)).ok).toBe(true);
    const compose = deps.fs.files.get("docker-compose.yml") ?? "";
    const edited = compose.replace(
      /^ {2}api:\n/m,
      '  api:\n    healthcheck:\n      test: ["CMD", "/app/healthcheck"]\n',
    );
    expect(edited).not.toBe(compose);
    deps.fs.files.set("docker-compose.yml", edited);
    const second = await planEnvironment(input, deps);
    expect(second.ok).toBe(true);
    expect(second.diagnostics.map((d) => d.code)).not.toContain("plan/app-healthcheck-unknown");
    expect(fileOf(second, "docker-compose.yml")).toContain("/app/healthcheck");
  });

  it("guesses no healthcheck for an unknown framework even when its runtime is known", async () => {
    const p = await plan({
      project: { name: "Djangoish" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
      apps: [{ name: "api", kind: "backend", framework: "Python 3.12 + Django" }],
    });
    expect(p.ok).toBe(true);
    expect(p.files.map((f) => f.path)).not.toContain("Dockerfile");
    expect(parseYaml(fileOf(p, "docker-compose.yml")).services.api.healthcheck).toBeUndefined();
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ code: "plan/app-healthcheck-unknown" }));
  });

  it("checks each service as what the map says it is, not what its name suggests", async () => {
    const p = await plan({
      project: { name: "Named" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
      apps: [
        { name: "web", kind: "backend", framework: "express" },
        { name: "api-sync", kind: "worker", framework: "express" },
      ],
    });
    expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(p.ok).toBe(true);
    expect(fileOf(p, "docker-compose.yml")).toMatch(/^ {2}web:\n(?: {4}.*\n)*? {4}healthcheck:/m);
  });
});

describe("env files and .gitignore", () => {
  const input = { requirements: "PostgreSQL and Redis", projectPath };

  it("warns when no .gitignore of the output folder ignores the files with credentials", async () => {
    const p = await planEnvironment(
      { ...input, templates: false, infraEnv: { prefix: "shop" } },
      fakePlanDeps(),
    );
    expect(p.ok).toBe(true);
    expect(p.diagnostics.filter((d) => d.code === "plan/env-not-ignored")).toMatchObject([
      { severity: "warning", file: ".env.development" },
      { severity: "warning", file: ".env.local.infra" },
    ]);
  });

  it("is quiet with the generated .gitignore, or the user's when it ignores them", async () => {
    const generated = await planEnvironment(input, fakePlanDeps());
    expect(generated.diagnostics.map((d) => d.code)).not.toContain("plan/env-not-ignored");
    const deps = fakePlanDeps({ files: { ".gitignore": "node_modules\n.env*\n!.env.example\n" } });
    const own = await planEnvironment({ ...input, templates: false }, deps);
    expect(own.diagnostics.map((d) => d.code)).not.toContain("plan/env-not-ignored");
  });
});
