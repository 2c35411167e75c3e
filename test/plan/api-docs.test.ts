import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyPlan, planEnvironment, planEnvironmentEvents } from "../../src/index.js";
import { createNodeDeps } from "../../src/node/index.js";
import { seededRandom } from "../fakes/plan-deps.js";

const work = mkdtempSync(join(tmpdir(), "slipway api "));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the examples of docs/api.md", () => {
  it("in-memory deps: a busy pinned port is port/override-unavailable with two free ports in the hint", async () => {
    const files = new Map<string, string>();
    const deps = {
      probe: { check: async (port: number) => (port === 5434 ? "in-use" : "free") as "in-use" | "free" },
      random: seededRandom(1),
      clock: { now: () => new Date("2025-12-08T14:30:00Z") },
      fs: {
        read: async (path: string) => files.get(path),
        writeAll: async (batch: { path: string; content: string }[]) => {
          for (const f of batch) files.set(f.path, f.content);
        },
      },
    };
    const plan = await planEnvironment({ requirements: "PostgreSQL on port 5434", projectPath: "/p" }, deps);
    expect(plan.ok).toBe(false);
    const [first] = plan.diagnostics.filter((d) => d.severity === "error");
    expect(first?.code).toBe("port/override-unavailable");
    expect(first?.hint?.match(/\b\d{4,5}\b/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("the orchestrator step streams events and writes the files with the real adapters", async () => {
    const workspace = join(work, "workspace");
    const deps = createNodeDeps({ root: workspace, ledgerFile: join(work, "ledger.json"), docker: false });
    const events = [];
    for await (const event of planEnvironmentEvents(
      { requirements: "FastAPI service with PostgreSQL and Redis", projectPath: workspace },
      deps,
    )) {
      events.push(event);
    }
    const last = events.at(-1);
    expect(last?.type).toBe("result");
    if (last?.type !== "result") return;
    expect(last.plan.ok).toBe(true);
    const applied = await applyPlan(last.plan, deps);
    expect(applied.ok).toBe(true);
    expect(applied.written).toContain("docker-compose.yml");
    expect(last.plan.project.type).toBe("fastapi");
    expect(await deps.fs.read("requirements.txt")).toContain("fastapi");
  });
});
