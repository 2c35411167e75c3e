import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Ajv } from "ajv";
import { DCLinter } from "dclint";
import dotenv from "dotenv";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseCompose, variablesUsed } from "../../src/compose/index.js";
import { envValues, parseEnv } from "../../src/env/index.js";
import { applyPlan, type Plan, type PlanInput, planEnvironment } from "../../src/index.js";
import { createNodeFileSystem } from "../../src/node/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const examplesDir = join(root, "examples");
const work = mkdtempSync(join(tmpdir(), "slipway examples #"));
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
const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });

/** Every example folder with an input slipway generates from. */
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "axiom-registry")
  .map((d) => d.name)
  .sort();

function inputOf(name: string): Omit<PlanInput, "projectPath"> {
  const dir = join(examplesDir, name);
  const files = readdirSync(dir);
  if (files.includes("architecture.json")) {
    return {
      architecture: readFileSync(join(dir, "architecture.json"), "utf8"),
      source: "architecture.json",
    };
  }
  return { requirements: readFileSync(join(dir, "requirements.txt"), "utf8") };
}

async function generate(
  name: string,
  target: "compose-spec" | "compose-v1",
  environment: "development" | "staging" | "production" = "development",
): Promise<{ plan: Plan; dir: string }> {
  const dir = mkdtempSync(join(work, `${name}-${target}-`));
  const deps = fakePlanDeps();
  const plan = await planEnvironment(
    { ...inputOf(name), projectPath: dir, composeTarget: target, environment },
    deps,
  );
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(plan.ok).toBe(true);
  const result = await applyPlan(plan, { fs: createNodeFileSystem(dir) });
  expect(result.ok).toBe(true);
  return { plan, dir };
}

describe.each(examples)("example %s", (name) => {
  it("generates a Compose file that passes the Compose schema and every dclint rule", async () => {
    const { dir } = await generate(name, "compose-spec");
    const file = join(dir, "docker-compose.yml");
    const text = readFileSync(file, "utf8");
    expect(validateSchema(parseYaml(text))).toBe(true);
    expect(validateSchema.errors ?? []).toEqual([]);
    const [result] = linter.lintFiles([file], false);
    expect(result?.messages.filter((m) => m.type === "error")).toEqual([]);
    expect(result?.errorCount).toBe(0);
  });

  it.each(["compose-spec", "compose-v1"] as const)(
    "passes docker-compose config (target %s) with its .env.development, every variable defined",
    async (target) => {
      const { dir, plan } = await generate(name, target);
      // Debian's docker-compose 1.x rejects a top-level `name`; the project name is in the env files.
      const text = readFileSync(join(dir, "docker-compose.yml"), "utf8");
      expect(text).not.toMatch(/^name:/m);
      for (const file of [".env.development", ".env.staging", ".env.production", ".env.example"]) {
        const env = dotenv.parse(readFileSync(join(dir, file), "utf8"));
        expect(env.COMPOSE_PROJECT_NAME, file).toBe(plan.project.composeProject);
      }
      const args = ["-f", "docker-compose.yml", "--env-file", ".env.development", "config"];
      const quiet = spawnSync("docker-compose", [...args, "-q"], { cwd: dir, encoding: "utf8" });
      expect(quiet.error).toBeUndefined();
      expect(quiet.stderr).toBe("");
      expect(quiet.status).toBe(0);
      const full = spawnSync("docker-compose", args, { cwd: dir, encoding: "utf8" });
      expect(full.status).toBe(0);
      expect(full.stderr).not.toMatch(/is not set/);
    },
  );

  it("writes env files that dotenv reads as slipway does, defining every variable Compose uses", async () => {
    const { dir } = await generate(name, "compose-spec");
    const compose = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!compose.ok) throw new Error(JSON.stringify(compose.diagnostics));
    for (const file of [".env.development", ".env.staging", ".env.production", ".env.example"]) {
      const text = readFileSync(join(dir, file), "utf8");
      const doc = parseEnv(text, { file });
      expect(doc.diagnostics).toEqual([]);
      expect(dotenv.parse(text)).toEqual(envValues(doc));
    }
    const dev = dotenv.parse(readFileSync(join(dir, ".env.development"), "utf8"));
    for (const variable of variablesUsed(compose.value)) expect(Object.keys(dev)).toContain(variable);
  });

  it("renders Kubernetes and Swarm from the production images, not the development loop", async () => {
    const dir = mkdtempSync(join(work, `${name}-platforms-`));
    const plan = await planEnvironment(
      { ...inputOf(name), projectPath: dir, platforms: ["kubernetes", "swarm"] },
      fakePlanDeps(),
    );
    expect(plan.ok).toBe(true);
    // Service configuration files (a Caddyfile, Loki's config) are dropped with a warning; the
    // development loop's source mounts of the built apps never reach the platforms at all.
    const composeFile = plan.files.find((f) => f.path.endsWith("docker-compose.yml"));
    const model = parseCompose(composeFile?.content ?? "");
    if (!model.ok) throw new Error(JSON.stringify(model.diagnostics));
    const built = Object.entries(model.value.services)
      .filter(([, s]) => s.build !== undefined)
      .map(([service]) => `services.${service}.volumes`);
    const dropped = plan.diagnostics.filter((d) => d.code === "platform/bind-mount-dropped");
    expect(dropped.filter((d) => built.includes(d.path ?? ""))).toEqual([]);
    const platformFiles = plan.files.filter((f) => f.kind === "platform");
    expect(platformFiles.length).toBeGreaterThan(0);
    for (const f of platformFiles) {
      expect(f.content, f.path).not.toMatch(/--reload|php-server|target: development|^\s*- dev$/m);
    }
  });

  it("runs apps from their source in development only; staging and production keep the built images", async () => {
    const { dir } = await generate(name, "compose-spec");
    const dev = parseCompose(readFileSync(join(dir, "docker-compose.yml"), "utf8"));
    if (!dev.ok) throw new Error(JSON.stringify(dev.diagnostics));
    const built = Object.entries(dev.value.services).filter(([, s]) => s.build !== undefined);
    for (const [service, s] of built) {
      const development = typeof s.build === "object" && s.build.target === "development";
      if (!development) continue;
      const context = typeof s.build === "object" ? (s.build.context ?? ".") : ".";
      const mount = String(s.volumes?.[0]);
      expect(mount, service).toMatch(/:\/app$/);
      expect(mount.replace(/^\.\//, "").replace(/:\/app$/, ""), service).toBe(
        context.replace(/^\.\//, "") || ".",
      );
    }
    expect(built.some(([, s]) => typeof s.build === "object" && s.build.target === "development")).toBe(
      built.length > 0,
    );
    for (const environment of ["staging", "production"] as const) {
      const other = await generate(name, "compose-spec", environment);
      const parsed = parseCompose(readFileSync(join(other.dir, "docker-compose.yml"), "utf8"));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
      for (const [service, s] of Object.entries(parsed.value.services)) {
        if (s.build === undefined) continue;
        expect(s.build, `${environment} ${service}`).not.toHaveProperty("target");
        expect(s.volumes, `${environment} ${service}`).toBeUndefined();
      }
      const env = dotenv.parse(readFileSync(join(other.dir, `.env.${environment}`), "utf8"));
      if (env.ENABLE_HOT_RELOAD !== undefined) expect(env.ENABLE_HOT_RELOAD).toBe("false");
    }
  });
});
