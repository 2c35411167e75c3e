import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";
import { memoryLedger } from "../fakes/ports.js";

const root = resolve(import.meta.dirname, "../..");
const map = readFileSync(resolve(root, "examples/db-cache/architecture.json"), "utf8");
const projectPath = "/home/dev/projects/catalog";

describe("the port ledger", () => {
  it("is read but not written by planning nor by a dry run; applying records the ports", async () => {
    for (const transactional of [true, false]) {
      const deps = { ...fakePlanDeps(), ledger: memoryLedger([], { transactional }) };
      const plan = await planEnvironment({ architecture: map, projectPath }, deps);
      expect(plan.ok).toBe(true);
      expect(deps.ledger.entries).toEqual([]);
      expect((await applyPlan(plan, deps, { dryRun: true })).ok).toBe(true);
      expect(deps.ledger.entries).toEqual([]);
      expect((await applyPlan(plan, deps)).ok).toBe(true);
      expect(deps.ledger.entries).toEqual(
        expect.arrayContaining([
          { project: projectPath, service: "postgres", port: 5434 },
          { project: projectPath, service: "redis", port: 6380 },
        ]),
      );
    }
  });

  it("still steers planning away from ports other projects hold", async () => {
    const other = { project: "/home/dev/projects/other", service: "api", port: 0 };
    const first = await planEnvironment({ architecture: map, projectPath }, fakePlanDeps());
    const backend = first.ports.find((p) => p.service !== "postgres" && p.service !== "redis");
    expect(backend).toBeDefined();
    const deps = { ...fakePlanDeps(), ledger: memoryLedger([{ ...other, port: backend!.port }]) };
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    expect(plan.ports.find((p) => p.service === backend!.service)?.port).not.toBe(backend!.port);
  });

  it("refuses to write when another project recorded a planned port in the meantime", async () => {
    const deps = { ...fakePlanDeps(), ledger: memoryLedger() };
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    await deps.ledger.record([{ project: "/elsewhere", service: "db", port: 5434 }]);
    const result = await applyPlan(plan, deps);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: "plan/port-taken-since" }));
    expect(deps.fs.writes()).toBe(0);
    expect(deps.ledger.entries).toEqual([{ project: "/elsewhere", service: "db", port: 5434 }]);
  });

  it("writes a port another project already held when planning chose it (the user's override warns only)", async () => {
    const held = { project: "/elsewhere", service: "db", port: 5434 };
    for (const transactional of [true, false]) {
      const deps = { ...fakePlanDeps(), ledger: memoryLedger([held], { transactional }) };
      const plan = await planEnvironment({ architecture: map, projectPath }, deps);
      expect(plan.ok).toBe(true);
      expect(plan.diagnostics).toContainEqual(expect.objectContaining({ code: "port/override-held" }));
      const result = await applyPlan(plan, deps);
      expect(result.diagnostics).not.toContainEqual(
        expect.objectContaining({ code: "plan/port-taken-since" }),
      );
      expect(result.ok).toBe(true);
      expect(deps.ledger.entries).toContainEqual({ project: projectPath, service: "postgres", port: 5434 });
    }
  });
});
