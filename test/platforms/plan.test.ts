import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const architecture = readFileSync(join(root, "examples/db-cache/architecture.json"), "utf8");
const input = { architecture, projectPath: "/srv/catalog", platforms: ["kubernetes", "swarm"] as const };

describe("planEnvironment with platforms", () => {
  it("owns the platform files as it owns the Compose file: unchanged when regenerated, a conflict when edited", async () => {
    const deps = fakePlanDeps();
    const first = await planEnvironment({ ...input, platforms: [...input.platforms] }, deps);
    expect(first.ok).toBe(true);
    const platformPaths = first.files.filter((f) => f.kind === "platform").map((f) => f.path);
    expect(platformPaths.length).toBeGreaterThan(10);
    expect(first.files.filter((f) => f.kind === "platform").every((f) => f.action === "create")).toBe(true);
    for (const path of platformPaths) expect(first.manifest.files[path]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await applyPlan(first, deps)).ok).toBe(true);

    const again = await planEnvironment({ ...input, platforms: [...input.platforms] }, deps);
    expect(again.files.filter((f) => f.kind === "platform").map((f) => f.action)).toEqual(
      platformPaths.map(() => "unchanged"),
    );

    deps.fs.files.set("docker-stack.yml", `${deps.fs.files.get("docker-stack.yml")}# mine\n`);
    const edited = await planEnvironment({ ...input, platforms: [...input.platforms] }, deps);
    expect(edited.files.find((f) => f.path === "docker-stack.yml")?.action).toBe("conflict");
    const refused = await applyPlan(edited, deps);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics).toContainEqual(
      expect.objectContaining({ code: "plan/conflict", file: "docker-stack.yml" }),
    );
    expect(deps.fs.files.get("docker-stack.yml")).toMatch(/# mine\n$/);
  });

  it("writes the same bytes for the same input, and nothing for platforms when none is asked for", async () => {
    const a = await planEnvironment({ ...input, platforms: [...input.platforms] }, fakePlanDeps());
    const b = await planEnvironment({ ...input, platforms: [...input.platforms] }, fakePlanDeps());
    const contents = (p: typeof a) =>
      p.files.filter((f) => f.kind === "platform").map((f) => [f.path, f.content]);
    expect(contents(a)).toEqual(contents(b));
    const none = await planEnvironment({ architecture, projectPath: "/srv/catalog" }, fakePlanDeps());
    expect(none.files.some((f) => f.kind === "platform")).toBe(false);
  });

  it("keeps the development credentials out of every platform file", async () => {
    const plan = await planEnvironment({ ...input, platforms: [...input.platforms] }, fakePlanDeps());
    const dev = plan.files.find((f) => f.path === ".env.development")!.content;
    const password = /^POSTGRES_PASSWORD=(.+)$/m.exec(dev)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    for (const f of plan.files.filter((f) => f.kind === "platform"))
      expect(f.content).not.toContain(password);
  });
});
