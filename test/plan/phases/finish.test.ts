import { describe, expect, it } from "vitest";
import {
  filesPhase,
  metadataPhase,
  PLAN_STEPS,
  plannedFile,
  secretsPhase,
} from "../../../src/plan/phases/index.js";
import { runPlan } from "../../../src/plan/plan.js";
import type { PlanStep } from "../../../src/plan/state.js";
import { example, phaseDeps, stateBefore } from "./drive.js";

const projectPath = "/home/dev/projects/catalog";

describe("the files phase on its own", () => {
  it("creates every file in an empty folder and records each in the manifest", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("files", { architecture: example("db-cache"), projectPath }, deps);
    const { state } = await filesPhase(before, deps);
    const planned = state.files?.planned ?? [];
    expect(planned[0]?.path).toBe("docker-compose.yml");
    expect(planned.every((f) => f.action === "create" && f.basis === null)).toBe(true);
    for (const f of planned) expect(state.files?.manifest.files[f.path]).toBeDefined();
  });

  it("reports a Compose file slipway did not write as a conflict, with a diff", async () => {
    const deps = phaseDeps({ files: { "docker-compose.yml": "services: {}\n" } });
    const before = await stateBefore("files", { architecture: example("db-cache"), projectPath }, deps);
    const { state } = await filesPhase(before, deps);
    const compose = state.files?.planned.find((f) => f.path === "docker-compose.yml");
    expect(compose?.action).toBe("conflict");
    expect(compose?.diff).toContain("-services: {}");
  });
});

describe("the secrets phase on its own", () => {
  it("passes the generated credentials and blocks a literal secret in a planned file", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("secrets", { architecture: example("db-cache"), projectPath }, deps);
    expect(secretsPhase(before, deps).state.secretsClean).toBe(true);
    // Built at run time: a live-looking Stripe key.
    const key = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc9x"].join("_");
    const leaky = plannedFile({
      path: "notes.txt",
      content: `PAYMENT_KEY=${key}\n`,
      kind: "readme",
      action: "create",
      onDisk: undefined,
    });
    const files = before.files!;
    const { state, diagnostics } = secretsPhase(
      { ...before, files: { ...files, planned: [...files.planned, leaky] } },
      deps,
    );
    expect(state.secretsClean).toBe(false);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: "error", file: "notes.txt" }));
  });
});

describe("the metadata phase on its own", () => {
  it("adds the metadata file named by the clock, then the manifest, last", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("metadata", { architecture: example("db-cache"), projectPath }, deps);
    const { state } = await metadataPhase(before, deps);
    expect(state.metadata?.path).toBe("specs/infra-config-081225-1430.json");
    const paths = state.files?.planned.map((f) => f.path) ?? [];
    expect(paths.slice(-2)).toEqual(["specs/infra-config-081225-1430.json", ".slipway/manifest.json"]);
    expect(state.metadata?.metadata.custom_ports).toMatchObject({ postgres: 5434, redis: 6380 });
  });
});

describe("the list of steps", () => {
  it("takes one more phase after files: its file is scanned, written and recorded", async () => {
    const platforms: PlanStep = {
      name: "platforms",
      run(state) {
        const files = state.files!;
        const services = Object.keys(state.compose!.model.services).sort();
        const file = plannedFile({
          path: "k8s/services.txt",
          content: `${services.join("\n")}\n`,
          kind: "readme",
          action: "create",
          onDisk: undefined,
        });
        return {
          state: {
            ...state,
            files: {
              planned: [...files.planned, file],
              manifest: {
                ...files.manifest,
                files: { ...files.manifest.files, [file.path]: { sha256: "x" } },
              },
            },
          },
          diagnostics: [],
        };
      },
    };
    const steps = [...PLAN_STEPS];
    steps.splice(steps.findIndex((s) => s.name === "files") + 1, 0, platforms);
    const plan = await runPlan(
      { architecture: example("db-cache"), projectPath },
      phaseDeps(),
      () => {},
      steps,
    );
    expect(plan.ok).toBe(true);
    expect(plan.files.find((f) => f.path === "k8s/services.txt")?.content).toBe("backend\npostgres\nredis\n");
    expect(plan.manifest.files["k8s/services.txt"]).toBeDefined();
  });

  it("stops at the first step that halts and emits no later event", async () => {
    const events: string[] = [];
    const plan = await runPlan(
      { architecture: example("db-cache"), projectPath },
      phaseDeps({ busy: [5434] }),
      (phase) => events.push(phase),
    );
    expect(plan.ok).toBe(false);
    expect(plan.files).toEqual([]);
    expect(events).toEqual(["input", "ports"]);
  });
});
