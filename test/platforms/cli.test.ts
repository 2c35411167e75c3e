import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../cli/run.js";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "slipway platform cli "));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

describe("slipway generate --platform", () => {
  it("writes the Kubernetes tree and the Swarm stack beside the Compose file", async () => {
    const out = join(work, "both");
    const map = join(root, "examples/db-cache/architecture.json");
    const r = await run(["generate", map, "--out", out, "--no-templates", "--platform", "kubernetes,swarm"], {
      env,
      cwd: root,
    });
    expect(r.err).not.toMatch(/ error /);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "docker-compose.yml"))).toBe(true);
    expect(readFileSync(join(out, "docker-stack.yml"), "utf8")).toContain("deploy:");
    for (const env of ["development", "staging", "production"]) {
      expect(existsSync(join(out, "deploy/kubernetes/overlays", env, "kustomization.yaml"))).toBe(true);
    }
    expect(r.out).toContain("deploy/kubernetes/base/kustomization.yaml");
  });

  it("writes only what is asked for", async () => {
    const out = join(work, "swarm");
    const map = join(root, "examples/db-cache/architecture.json");
    const r = await run(["generate", map, "--out", out, "--no-templates", "--platform", "swarm"], {
      env,
      cwd: root,
    });
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "docker-stack.yml"))).toBe(true);
    expect(existsSync(join(out, "deploy"))).toBe(false);
  });

  it("exits 2 with one line for an unknown platform", async () => {
    for (const platform of ["nomad", "kubernetes,", ""]) {
      const r = await run(["generate", "--platform", platform, "--dry-run"], { env, cwd: work });
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toContain("--platform");
    }
  });
});
