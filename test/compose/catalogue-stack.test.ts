import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Ajv } from "ajv";
import { DCLinter } from "dclint";
import dotenv from "dotenv";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseCompose, variablesUsed } from "../../src/compose/index.js";
import { envValues, parseEnv } from "../../src/env/index.js";
import { applyPlan, planEnvironment } from "../../src/index.js";
import { createNodeFileSystem } from "../../src/node/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

// The services people add next, all in one map with an app: the generated files must pass every
// Compose oracle and come out byte-identical on a re-run.
const map = {
  project: { name: "Catalogue Stack" },
  infrastructure: [
    { type: "database", tech: "postgresql" },
    { tech: "loki" },
    { tech: "promtail" },
    { tech: "grafana" },
    { tech: "mailpit" },
    { tech: "kafka" },
    { tech: "nats" },
    { tech: "mosquitto" },
    { tech: "elasticsearch" },
  ],
  apps: [{ name: "backend", framework: "express" }],
};

const work = mkdtempSync(join(tmpdir(), "slipway catalogue #"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
function stripIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripIds);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "id" && k !== "$schema") out[k] = stripIds(v);
  return out;
}
const validateSchema = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(
  stripIds(JSON.parse(readFileSync(schemaPath, "utf8"))) as object,
);

async function generate(target: "compose-spec" | "compose-v1" = "compose-spec") {
  const dir = mkdtempSync(join(work, `${target}-`));
  const plan = await planEnvironment(
    { architecture: JSON.stringify(map), projectPath: dir, composeTarget: target },
    fakePlanDeps(),
  );
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(plan.ok).toBe(true);
  expect((await applyPlan(plan, { fs: createNodeFileSystem(dir) })).ok).toBe(true);
  return { plan, dir };
}

describe("a map with every catalogue kind and an app", () => {
  it("passes the Compose JSON schema and every dclint rule", async () => {
    const { dir } = await generate();
    const file = join(dir, "docker-compose.yml");
    expect(validateSchema(parseYaml(readFileSync(file, "utf8")))).toBe(true);
    expect(validateSchema.errors ?? []).toEqual([]);
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    const [result] = linter.lintFiles([file], false);
    expect(result?.messages.filter((m) => m.type === "error")).toEqual([]);
    expect(result?.errorCount).toBe(0);
  });

  it.each(["compose-spec", "compose-v1"] as const)(
    "passes Debian's docker-compose config (%s) with every variable defined",
    async (target) => {
      const { dir } = await generate(target);
      const args = ["-f", "docker-compose.yml", "--env-file", ".env.development", "config"];
      const run = spawnSync("docker-compose", args, { cwd: dir, encoding: "utf8" });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const resolved = parseYaml(run.stdout);
      expect(Object.keys(resolved.services).sort()).toEqual(
        [
          "backend",
          "elasticsearch",
          "grafana",
          "kafka",
          "loki",
          "mailpit",
          "mosquitto",
          "nats",
          "postgres",
          "promtail",
        ].sort(),
      );
      // The generated Grafana password reached the container through .env.development.
      const dev = dotenv.parse(readFileSync(join(dir, ".env.development"), "utf8"));
      expect(dev.GRAFANA_ADMIN_PASSWORD).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(resolved.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD).toBe(
        dev.GRAFANA_ADMIN_PASSWORD,
      );
    },
  );

  it("writes env files dotenv reads as slipway does; secrets only in .env.development", async () => {
    const { dir } = await generate();
    const compose = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!compose.ok) throw new Error(JSON.stringify(compose.diagnostics));
    const parsed: Record<string, Record<string, string>> = {};
    for (const file of [".env.development", ".env.staging", ".env.production", ".env.example"]) {
      const text = readFileSync(join(dir, file), "utf8");
      const doc = parseEnv(text, { file });
      expect(doc.diagnostics).toEqual([]);
      parsed[file] = dotenv.parse(text);
      expect(parsed[file]).toEqual(envValues(doc));
    }
    const dev = parsed[".env.development"]!;
    for (const variable of variablesUsed(compose.value)) expect(Object.keys(dev)).toContain(variable);
    for (const file of [".env.staging", ".env.production"])
      expect(parsed[file]?.GRAFANA_ADMIN_PASSWORD).toMatch(/^\$\{[A-Z_]+\}$/);
    expect(parsed[".env.example"]?.GRAFANA_ADMIN_PASSWORD).not.toBe(dev.GRAFANA_ADMIN_PASSWORD);
    expect(dev.KAFKA_BOOTSTRAP_SERVERS).toBe(`localhost:${dev.KAFKA_PORT}`);
    expect(dev.NATS_URL).toBe(`nats://localhost:${dev.NATS_PORT}`);
    expect(dev.MQTT_URL).toBe(`mqtt://localhost:${dev.MOSQUITTO_PORT}`);
    const backend = compose.value.services.backend?.environment as Record<string, string>;
    expect(backend).toMatchObject({
      KAFKA_BOOTSTRAP_SERVERS: "kafka:9092",
      SMTP_URL: "smtp://mailpit:1025",
      NATS_URL: "nats://nats:4222",
      MQTT_URL: "mqtt://mosquitto:1883",
      ELASTICSEARCH_URL: "http://elasticsearch:9200",
    });
    // The backend does not wait for the log pipeline.
    expect(Object.keys(compose.value.services.backend?.depends_on ?? {})).not.toContain("grafana");
  });

  it("comes out byte-identical on a re-run, and keeps the user's edit of a generated config file", async () => {
    const deps = fakePlanDeps();
    const input = { architecture: JSON.stringify(map), projectPath: "/srv/catalogue" };
    expect((await applyPlan(await planEnvironment(input, deps), deps)).ok).toBe(true);
    const before = new Map(deps.fs.files);
    expect(before.has("config/loki/loki.yaml")).toBe(true);
    expect(before.has("config/grafana/dashboards/logs.json")).toBe(true);
    const again = await planEnvironment(input, deps);
    expect(again.files.filter((f) => f.action !== "unchanged" && f.kind !== "manifest")).toEqual([]);
    expect((await applyPlan(again, deps)).written).toEqual([]);
    expect(new Map(deps.fs.files)).toEqual(before);

    const edited = `${before.get("config/mosquitto/mosquitto.conf")}\n# my own listener\nlistener 8883\n`;
    deps.fs.files.set("config/mosquitto/mosquitto.conf", edited);
    const third = await planEnvironment(input, deps);
    expect(third.files.find((f) => f.path === "config/mosquitto/mosquitto.conf")?.action).toBe("keep");
    expect((await applyPlan(third, deps)).ok).toBe(true);
    expect(deps.fs.files.get("config/mosquitto/mosquitto.conf")).toBe(edited);
  });

  it("writes the configuration files the Compose file mounts even with starter files turned off", async () => {
    const deps = fakePlanDeps();
    const plan = await planEnvironment(
      { architecture: JSON.stringify(map), projectPath: "/srv/bare", templates: false },
      deps,
    );
    const paths = plan.files.map((f) => f.path);
    expect(paths).not.toContain("README.md");
    const compose = plan.files.find((f) => f.kind === "compose")!.content;
    for (const mount of compose.matchAll(/- \.\/(config\/[^:]+):/g)) expect(paths).toContain(mount[1]);
    expect(paths).toContain("config/promtail/promtail.yaml");
  });
});
