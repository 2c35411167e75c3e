import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan, planEnvironment } from "../../src/index.js";
import { fakePlanDeps } from "../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../..");
const chi = () => JSON.parse(readFileSync(resolve(root, "examples/chi-monitor/architecture.json"), "utf8"));
const projectPath = "/home/dev/projects/chi";

describe("Compose edits across re-runs", () => {
  it("keeps a label, a variable and a comment on the second and third run", async () => {
    const deps = fakePlanDeps();
    const input = { architecture: chi(), projectPath };
    await applyPlan(await planEnvironment(input, deps), deps);
    const compose = deps.fs.files.get("docker-compose.yml")!;
    const edited = compose.replace(
      /(\n {2}backend:\n)/,
      "\n  # the API, tuned by hand$1    labels:\n      com.example.team: core\n",
    );
    expect(edited).not.toBe(compose);
    deps.fs.files.set("docker-compose.yml", edited);
    for (const run of [2, 3, 4]) {
      const result = await applyPlan(await planEnvironment(input, deps), deps);
      expect(result.ok, `run ${run}`).toBe(true);
      const after = deps.fs.files.get("docker-compose.yml")!;
      expect(after, `run ${run}`).toContain("# the API, tuned by hand");
      expect(after, `run ${run}`).toContain("com.example.team: core");
    }
  });

  it("reports a place both the user and the new plan changed, with both values, and keeps the user's", async () => {
    const deps = fakePlanDeps();
    await applyPlan(await planEnvironment({ architecture: chi(), projectPath }, deps), deps);
    const compose = deps.fs.files.get("docker-compose.yml")!;
    expect(compose).toContain("127.0.0.1:5434:5432");
    deps.fs.files.set("docker-compose.yml", compose.replace("127.0.0.1:5434:5432", "127.0.0.1:6001:5432"));
    const map = chi();
    map.infrastructure[0].port = 5440;
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    const conflict = plan.diagnostics.find((d) => d.code === "plan/compose-user-edit-kept");
    expect(conflict).toMatchObject({ severity: "warning", path: "services.postgres.ports" });
    expect(conflict?.message).toContain("127.0.0.1:6001:5432");
    expect(conflict?.message).toContain("127.0.0.1:5440:5432");
    expect((await applyPlan(plan, deps)).ok).toBe(true);
    expect(deps.fs.files.get("docker-compose.yml")).toContain("127.0.0.1:6001:5432");
  });
});

describe("quiet re-runs", () => {
  it("an unchanged plan leaves every file byte for byte, the metadata included", async () => {
    const deps = fakePlanDeps();
    const input = { architecture: chi(), projectPath };
    expect((await applyPlan(await planEnvironment(input, deps), deps)).ok).toBe(true);
    const before = new Map(deps.fs.files);
    const writes = deps.fs.writes();
    for (const run of [2, 3]) {
      const plan = await planEnvironment(input, deps);
      const changed = plan.files.filter((f) => f.action !== "unchanged" && f.kind !== "manifest");
      expect(
        changed.map((f) => `${f.action} ${f.path}`),
        `run ${run}`,
      ).toEqual([]);
      const result = await applyPlan(plan, deps);
      expect(result.written).toEqual([]);
      expect(deps.fs.writes()).toBe(writes);
      expect(new Map(deps.fs.files)).toEqual(before);
    }
  });

  it("records the port's first reason in the metadata, while the plan says it was kept", async () => {
    const deps = fakePlanDeps();
    const input = { architecture: chi(), projectPath };
    const first = await planEnvironment(input, deps);
    await applyPlan(first, deps);
    const backend = first.metadata.port_assignments.find((p) => p.service === "backend");
    expect(backend?.reason).toBe("preferred");
    const again = await planEnvironment(input, deps);
    expect(again.ports.find((p) => p.service === "backend")?.reason).toBe("kept");
    expect(again.metadata.port_assignments.find((p) => p.service === "backend")).toEqual(backend);
  });

  it("keeps the earlier metadata file at a later minute when nothing in it changed, and writes a new one when something did", async () => {
    const deps = fakePlanDeps();
    const input = { architecture: chi(), projectPath };
    const first = await planEnvironment(input, deps);
    await applyPlan(first, deps);
    const later = { ...deps, clock: { now: () => new Date("2025-12-08T15:45:00Z") } };
    const quiet = await planEnvironment(input, later);
    expect(quiet.metadataPath).toBe(first.metadataPath);
    expect(quiet.marker).toBe(first.marker);
    expect((await applyPlan(quiet, later)).written).toEqual([]);
    const map = chi();
    map.infrastructure[0].port = 5440;
    const changed = await planEnvironment({ ...input, architecture: map }, later);
    expect(changed.metadataPath).toBe("specs/infra-config-081225-1545.json");
    expect(changed.files.find((f) => f.path === changed.metadataPath)?.action).toBe("create");
  });
});

describe("the generated .gitignore", () => {
  it("makes git ignore the temp files of an interrupted write, and still see .env.example", async () => {
    const plan = await planEnvironment({ architecture: chi(), projectPath }, fakePlanDeps());
    const ignore = plan.files.find((f) => f.path === ".gitignore")!.content;
    const dir = mkdtempSync(join(tmpdir(), "slipway gitignore "));
    try {
      const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
      expect(git("init", "-q").status, "git must be installed").toBe(0);
      writeFileSync(join(dir, ".gitignore"), ignore);
      const names = [
        "..env.development.slipway-tmp-4242-0a1b2c3d",
        ".docker-compose.yml.slipway-backup-4242-deadbeef",
        "backend/.Dockerfile.slipway-tmp-7-12345678",
        ".env.example",
      ];
      const ignored = git("check-ignore", "--no-index", ...names)
        .stdout.trim()
        .split("\n");
      expect(ignored).toEqual(names.slice(0, 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("env edits the new plan also changes", () => {
  it("keep the user's value and report both, hiding values under keys that may hold a secret", async () => {
    const deps = fakePlanDeps();
    const map = chi();
    map.variables = { LOG_LEVEL: "debug" };
    await applyPlan(await planEnvironment({ architecture: map, projectPath }, deps), deps);
    const env = deps.fs.files.get(".env.development")!;
    expect(env).toMatch(/^LOG_LEVEL=debug$/m);
    const edited = env
      .replace(/^LOG_LEVEL=debug$/m, "LOG_LEVEL=trace")
      .replace(/^DATABASE_URL=.*$/m, "DATABASE_URL=postgresql://me@elsewhere:5432/db");
    deps.fs.files.set(".env.development", edited);
    map.variables = { LOG_LEVEL: "warn" };
    map.infrastructure[0].port = 5440;
    const plan = await planEnvironment({ architecture: map, projectPath }, deps);
    const kept = plan.diagnostics.filter(
      (d) => d.code === "plan/env-user-value-kept" && d.file === ".env.development",
    );
    expect(kept.find((d) => d.path === "LOG_LEVEL")?.message).toContain('"trace"');
    expect(kept.find((d) => d.path === "LOG_LEVEL")?.message).toContain('"warn"');
    const url = kept.find((d) => d.path === "DATABASE_URL");
    expect(url?.severity).toBe("warning");
    expect(url?.message).not.toContain("elsewhere");
    expect((await applyPlan(plan, deps)).ok).toBe(true);
    const after = deps.fs.files.get(".env.development")!;
    expect(after).toMatch(/^LOG_LEVEL=trace$/m);
    // Said once: the next run with the same plan is quiet about it.
    const again = await planEnvironment({ architecture: map, projectPath }, deps);
    expect(again.diagnostics.filter((d) => d.code === "plan/env-user-value-kept")).toEqual([]);
  });
});
