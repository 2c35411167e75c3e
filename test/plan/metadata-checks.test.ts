import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { DockerProbe } from "../../src/core/index.js";
import { applyPlan, formatSummary, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const chi = readFileSync(resolve(root, "examples/chi-monitor/architecture.json"), "utf8");
const projectPath = "/home/dev/projects/chi";
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(root, "schemas/infra-config.schema.json"), "utf8")),
);

function docker(available: boolean): DockerProbe {
  return {
    available: async () => available,
    containers: async () => [],
    networks: async () => (available ? ["bridge", "host"] : []),
    imageDigest: async () => undefined,
  };
}

async function planWith(probe: DockerProbe | undefined) {
  const deps = { ...fakePlanDeps(), ...(probe ? { docker: probe } : {}) };
  const plan = await planEnvironment({ architecture: chi, projectPath }, deps);
  expect(plan.ok).toBe(true);
  const written = JSON.parse(plan.files.find((f) => f.path === plan.metadataPath)!.content);
  return { plan, written, summary: formatSummary(plan, await applyPlan(plan, deps, { dryRun: true })) };
}

describe("checks that need the Docker engine", () => {
  it("say true with an engine that answers, and skip nothing", async () => {
    const { written, summary } = await planWith(docker(true));
    expect(written.validation).toMatchObject({ network_names_unique: true, skipped: [] });
    expect(summary).toContain("- Network names unique on the Docker engine: passed\n");
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
  });

  it("say null with the reason when the engine does not answer, never false", async () => {
    const { written, summary } = await planWith(docker(false));
    expect(written.validation.network_names_unique).toBeNull();
    expect(written.validation.skipped).toEqual([
      { check: "network_names_unique", reason: expect.stringContaining("did not answer") },
    ]);
    expect(summary).toMatch(
      /- Network names unique on the Docker engine: not checked \(.*did not answer.*\)\n/,
    );
    expect(summary).not.toMatch(/Network names.*passed/);
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
  });

  it("say null when no Docker probe was given", async () => {
    const { written } = await planWith(undefined);
    expect(written.validation.network_names_unique).toBeNull();
    expect(written.validation.skipped[0]).toMatchObject({ check: "network_names_unique" });
  });

  it("a failed check reads failed in the summary", async () => {
    const { plan } = await planWith(docker(true));
    plan.metadata.validation.network_names_unique = false;
    const summary = formatSummary(plan, await applyPlan(plan, { fs: fakePlanDeps().fs }, { dryRun: true }));
    expect(summary).toContain("- Network names unique on the Docker engine: failed\n");
  });
});

describe("the metadata JSON Schema", () => {
  it("accepts the metadata of every example, and refuses a validation block without `skipped`", async () => {
    const examples = readdirSync(join(root, "examples"), { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && readdirSync(join(root, "examples", d.name)).includes("architecture.json"),
      )
      .map((d) => d.name);
    expect(examples.length).toBeGreaterThan(3);
    for (const name of examples) {
      const map = readFileSync(join(root, "examples", name, "architecture.json"), "utf8");
      const plan = await planEnvironment({ architecture: map, projectPath: `/p/${name}` }, fakePlanDeps());
      expect(validate(plan.metadata), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const { written } = await planWith(docker(true));
    delete written.validation.skipped;
    expect(validate(written)).toBe(false);
  });
});
