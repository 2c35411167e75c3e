import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { DCLinter } from "dclint";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  buildCompose,
  type ComposeFile,
  type ComposeSpec,
  parseCompose,
  renderCompose,
  variablesUsed,
} from "../../src/compose/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, "../fixtures/compose");
const cases = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");

/** dclint's own loader does the same: Ajv knows draft-07 under its http URI only, and `id` keys confuse it. */
function loadSchema(): object {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "id" || k === "$schema") continue;
      out[k] = strip(v);
    }
    return out;
  };
  return strip(JSON.parse(readFileSync(schemaPath, "utf8"))) as object;
}

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validateSchema = ajv.compile(loadSchema());
const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });

const work = mkdtempSync(join(tmpdir(), "slipway-compose-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function loadSpec(name: string): ComposeSpec {
  return JSON.parse(readFileSync(join(fixturesDir, name, "spec.json"), "utf8")) as ComposeSpec;
}

function build(name: string): ComposeFile {
  const result = buildCompose(loadSpec(name));
  expect(result.diagnostics).toEqual([]);
  if (!result.ok) throw new Error(`fixture ${name} does not build`);
  return result.value;
}

/** A development env file defining every variable the model uses, ports as numbers. */
function envFileFor(model: ComposeFile): string {
  return variablesUsed(model)
    .map((v) => `${v}=${v.endsWith("_PORT") ? "5000" : `dev-${v.toLowerCase()}`}`)
    .join("\n")
    .concat("\n");
}

/** docker-compose 1.x checks that build contexts exist; make them, with a Dockerfile each. */
function makeProjectDir(name: string, model: ComposeFile): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const service of Object.values(model.services)) {
    const build = service.build;
    const context = typeof build === "string" ? build : build?.context;
    if (context === undefined) continue;
    mkdirSync(join(dir, context), { recursive: true });
    const dockerfile = typeof build === "object" ? (build.dockerfile ?? "Dockerfile") : "Dockerfile";
    writeFileSync(join(dir, context, dockerfile), "FROM scratch\n");
  }
  return dir;
}

describe.each(cases)("fixture %s", (name) => {
  const model = build(name);
  const text = renderCompose(model);
  const v1 = renderCompose(model, { target: "compose-v1" });

  it("matches the rendered snapshots", async () => {
    await expect(text).toMatchFileSnapshot(join(fixturesDir, name, "docker-compose.yml"));
    await expect(v1).toMatchFileSnapshot(join(fixturesDir, name, "docker-compose.v1.yml"));
  });

  it("parses back to the same model", () => {
    const back = parseCompose(text, { file: "docker-compose.yml" });
    expect(back.diagnostics).toEqual([]);
    expect(back.ok && back.value).toEqual(model);
  });

  it("validates against the Compose JSON schema shipped with dclint", () => {
    const valid = validateSchema(parse(text));
    expect(validateSchema.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("passes every dclint rule with no error and no warning", () => {
    const dir = makeProjectDir(name, model);
    const file = join(dir, "docker-compose.yml");
    writeFileSync(file, text);
    const [result] = linter.lintFiles([file], false);
    expect(result?.messages).toEqual([]);
    expect(result?.errorCount).toBe(0);
  });

  it("passes docker-compose 1.x `config -q` (compose-v1 target) with no unset variable", () => {
    const dir = makeProjectDir(name, model);
    const file = join(dir, "docker-compose.v1.yml");
    const env = join(dir, ".env.development");
    writeFileSync(file, v1);
    writeFileSync(env, envFileFor(model));
    const quiet = spawnSync("docker-compose", ["-f", file, "--env-file", env, "config", "-q"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(quiet.error).toBeUndefined();
    expect(quiet.stderr).toBe("");
    expect(quiet.status).toBe(0);
    const full = spawnSync("docker-compose", ["-f", file, "--env-file", env, "config"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(full.status).toBe(0);
    expect(full.stderr).not.toMatch(/variable is not set/);
    // What docker-compose resolved still has every service, and no container_name anywhere.
    const resolved = parse(full.stdout) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(resolved.services).sort()).toEqual(Object.keys(model.services).sort());
    for (const service of Object.values(resolved.services))
      expect(service).not.toHaveProperty("container_name");
  });

  it("leaves out of the compose-v1 rendering only what docker-compose 1.x rejects", () => {
    const parsed = parseCompose(v1);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.name).toBeUndefined();
    expect({ ...parsed.value, name: model.name }).toEqual(model);
  });
});

describe("the development env file of the oracle", () => {
  it("defines exactly the variables the model uses", () => {
    const model = build("pattern-3-database-cache");
    const names = envFileFor(model)
      .trim()
      .split("\n")
      .map((l) => l.split("=")[0]);
    expect(names).toEqual(variablesUsed(model));
    expect(names).toContain("POSTGRES_PASSWORD");
  });
});

describe("the legacy version key", () => {
  it("still passes docker-compose 1.x when asked for", () => {
    const model = build("chi-monitor");
    const dir = makeProjectDir("legacy-version", model);
    const file = join(dir, "docker-compose.yml");
    const env = join(dir, ".env.development");
    writeFileSync(file, renderCompose(model, { target: "compose-v1", legacyVersion: "3.8" }));
    writeFileSync(env, envFileFor(model));
    const run = spawnSync("docker-compose", ["-f", file, "--env-file", env, "config", "-q"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
