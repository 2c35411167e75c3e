import { describe, expect, it } from "vitest";
import { inputPhase, portsPhase } from "../../../src/plan/phases/index.js";
import { initialPlanState } from "../../../src/plan/state.js";
import { example, phaseDeps, stateBefore } from "./drive.js";

const projectPath = "/home/dev/projects/catalog";

describe("the input phase on its own", () => {
  it("parses the map and lays out infrastructure before apps, the first of a family primary", async () => {
    const { state, diagnostics, halt } = await inputPhase(
      initialPlanState({ architecture: example("microservices"), projectPath }),
      phaseDeps(),
    );
    expect(halt).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const rows = state.source?.rows ?? [];
    const firstApp = rows.findIndex((r) => r.app !== undefined);
    expect(firstApp).toBeGreaterThan(0);
    expect(rows.slice(firstApp).every((r) => r.app !== undefined)).toBe(true);
    expect(rows.filter((r) => r.primary && r.infra !== undefined).length).toBeGreaterThan(0);
    expect(state.source?.composeProject).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it("detects the project type from a package.json in the output folder", async () => {
    const map = JSON.stringify({
      project: { name: "shop" },
      infrastructure: [{ type: "database", tech: "postgresql" }],
    });
    const { state } = await inputPhase(
      initialPlanState({ architecture: map, projectPath }),
      phaseDeps({ files: { "package.json": JSON.stringify({ dependencies: { express: "^4" } }) } }),
    );
    expect(state.source?.projectType).toBeDefined();
  });

  it("halts on a broken map, keeping no source section", async () => {
    const { state, diagnostics, halt } = await inputPhase(
      initialPlanState({ architecture: "{ not json", projectPath }),
      phaseDeps(),
    );
    expect(halt).toBe(true);
    expect(state.source).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("halts on a .env.development it cannot read safely, naming it", async () => {
    const { diagnostics, halt } = await inputPhase(
      initialPlanState({ architecture: example("db-cache"), projectPath }),
      phaseDeps({ files: { ".env.development": 'A="unterminated\n' } }),
    );
    expect(halt).toBe(true);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/env-corrupt", file: ".env.development" }),
    );
  });
});

describe("the ports phase on its own", () => {
  it("keeps the map's ports and moves a service whose preferred port is taken", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("ports", { architecture: example("db-cache"), projectPath }, deps);
    const { state, halt } = await portsPhase(before, deps);
    expect(halt).toBeUndefined();
    expect(state.ports?.ports).toMatchObject({ postgres: 5434, redis: 6380 });
    expect(state.ports?.assignments.find((a) => a.service === "postgres")?.reason).toBe("override");
  });

  it("halts when the pinned port is taken, naming the map's field", async () => {
    const deps = phaseDeps({ busy: [5434] });
    const before = await stateBefore("ports", { architecture: example("db-cache"), projectPath }, deps);
    const { diagnostics, halt } = await portsPhase(before, deps);
    expect(halt).toBe(true);
    expect(diagnostics.find((d) => d.severity === "error")?.path).toMatch(/^infrastructure\[0\]/);
  });

  it("halts when the registry does not know the application", async () => {
    const deps = phaseDeps();
    const before = await stateBefore("ports", { architecture: example("db-cache"), projectPath }, deps);
    const withRegistry = {
      ...before,
      input: {
        ...before.input,
        registry: {
          registry: { port_registry: { ranges: { shop: { start: 9000, end: 9099 } } } } as never,
          application: "nope",
        },
      },
    };
    const { diagnostics, halt } = await portsPhase(withRegistry, deps);
    expect(halt).toBe(true);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "plan/registry-app-unknown" }));
  });
});
