import { describe, expect, it } from "vitest";
import {
  composePhase,
  envPhase,
  templatesMessage,
  templatesPhase,
  validatePhase,
} from "../../../src/plan/phases/index.js";
import { example, phaseDeps, stateBefore } from "./drive.js";

const projectPath = "/home/dev/projects/catalog";

describe("the env phase on its own", () => {
  it("plans every env file and creates them when none exists", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("env", { architecture: example("db-cache"), projectPath }, deps);
    const { state } = envPhase(before, deps);
    expect(Object.keys(state.env?.contents ?? {})).toEqual([
      ".env.development",
      ".env.staging",
      ".env.production",
      ".env.example",
    ]);
    expect(Object.values(state.env?.actions ?? {})).toEqual(["create", "create", "create", "create"]);
    expect(state.env?.contents[".env.development"]).toContain("POSTGRES_PORT=5434");
    expect(state.env?.devKeys.has("LOG_LEVEL")).toBe(true);
  });

  it("keeps a line the user added to .env.staging and reports the merge", async () => {
    const deps = phaseDeps({ files: { ".env.staging": "MY_FLAG=on\n" } });
    const before = await stateBefore("env", { architecture: example("db-cache"), projectPath }, deps);
    const { state, diagnostics } = envPhase(before, deps);
    expect(state.env?.actions[".env.staging"]).toBe("merge");
    expect(state.env?.contents[".env.staging"]).toContain("MY_FLAG=on");
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/env-stale-key", file: ".env.staging" }),
    );
  });
});

describe("the compose phase on its own", () => {
  it("renders the model with the allocated host ports", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("compose", { architecture: example("db-cache"), projectPath }, deps);
    const { state, diagnostics, halt } = composePhase(before, deps);
    expect(halt).toBeUndefined();
    expect(diagnostics).toEqual([]);
    expect(Object.keys(state.compose?.model.services ?? {})).toEqual(
      expect.arrayContaining(["postgres", "redis"]),
    );
    expect(state.compose?.text).toContain("5434:5432");
  });

  it("reports a variable the Compose file uses and .env.development lacks", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("compose", { architecture: example("db-cache"), projectPath }, deps);
    const env = before.env!;
    const devKeys = new Set([...env.devKeys].filter((k) => k !== "POSTGRES_PASSWORD"));
    const { diagnostics } = composePhase({ ...before, env: { ...env, devKeys } }, deps);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/undefined-variable", file: "docker-compose.yml" }),
    );
  });
});

describe("the templates phase on its own", () => {
  it("renders nothing and says nothing when starter files are off", async () => {
    const deps = phaseDeps();
    const before = await stateBefore(
      "templates",
      { architecture: example("db-cache"), projectPath, templates: false },
      deps,
    );
    expect(templatesMessage(before)).toBeUndefined();
    const { state } = templatesPhase(before, deps);
    expect(state.templates).toEqual([]);
  });

  it("renders a .gitignore that ignores the env files", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("templates", { architecture: example("db-cache"), projectPath }, deps);
    const { state } = templatesPhase(before, deps);
    const ignore = state.templates?.find((t) => t.path === ".gitignore");
    expect(ignore?.content).toContain("\n.env.*\n");
  });
});

describe("the validate phase on its own", () => {
  it("orders the services in tiers and passes the graph", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("validate", { architecture: example("chi-monitor"), projectPath }, deps);
    const { state, diagnostics } = await validatePhase(before, deps);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(state.validation?.tiersOk).toBe(true);
    expect(state.validation?.tiers[0]).toContain("postgres");
  });

  it("names the Compose file on what the rules find", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("validate", { architecture: example("chi-monitor"), projectPath }, deps);
    const compose = before.compose!;
    const model = structuredClone(compose.model);
    const first = Object.keys(model.services)[0]!;
    model.services[first]!.depends_on = [first];
    const { diagnostics } = await validatePhase({ ...before, compose: { ...compose, model } }, deps);
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.file === "docker-compose.yml")).toBe(true);
  });
});
