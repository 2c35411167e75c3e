import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan, formatSummary, type PlanInput, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const chi = readFileSync(resolve(root, "examples/chi-monitor/architecture.json"), "utf8");

async function summaryOf(input: Partial<PlanInput>): Promise<string> {
  const deps = fakePlanDeps();
  const plan = await planEnvironment({ architecture: chi, projectPath: "/p/chi", ...input }, deps);
  expect(plan.ok).toBe(true);
  return formatSummary(plan, await applyPlan(plan, deps, { dryRun: true }));
}

describe("the summary's next steps", () => {
  it("run the slipway lifecycle commands, which find the default files by themselves", async () => {
    const summary = await summaryOf({});
    expect(summary).toContain("2. Start and wait until every service is healthy: npx slipway up\n");
    expect(summary).toContain("3. Verify services: npx slipway status\n");
    expect(summary).toContain("4. Check logs: npx slipway logs --follow\n");
    expect(summary).toContain(
      "   With Compose alone: docker compose --env-file .env.development -f docker-compose.yml up -d\n",
    );
  });

  it("name the env file and the Compose file when they are not the defaults", async () => {
    const summary = await summaryOf({ environment: "staging", composeFile: "compose.yaml" });
    expect(summary).toContain("npx slipway up --env .env.staging -f compose.yaml\n");
    expect(summary).toContain("npx slipway status --env .env.staging -f compose.yaml\n");
  });
});
