import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderImageDigests } from "../../src/operations/index.js";
import { run } from "../cli/run.js";

// A socket that does not exist: the real probe answers "no engine" at once.
const noEngine = { DOCKER_HOST: "unix:///nonexistent/slipway-test.sock" };
const hex = (c: string) => `sha256:${c.repeat(64)}`;
const dirs: string[] = [];

function project(digests: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-digests-verify-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "docker-compose.yml"),
    "services:\n  postgres:\n    image: postgres:17-alpine\n  search:\n    image: getmeili/meilisearch:v1.10\n",
  );
  writeFileSync(join(dir, "IMAGE_DIGESTS"), renderImageDigests(digests));
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("slipway digests verify without an engine", () => {
  it("lists the images it could not verify instead of saying they match, and exits 0", async () => {
    const r = await run(["digests", "verify"], {
      cwd: project({ "postgres:17-alpine": hex("a") }),
      env: noEngine,
    });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("Images match");
    expect(r.out).toContain("not verified: postgres (postgres:17-alpine): no Docker engine answers");
    expect(r.out).toContain("not verified: search (getmeili/meilisearch:v1.10): no line in IMAGE_DIGESTS");
    expect(r.out).toContain("2 of 2 images not verified");
  });

  it("fails with --strict when an image was not verified", async () => {
    const r = await run(["digests", "verify", "--strict"], { cwd: project({}), env: noEngine });
    expect(r.code).toBe(1);
    expect(r.out).toContain("not verified: search");
  });

  it("says so in --json: status not-checked, the skipped images with reasons, ok unless --strict", async () => {
    const dir = project({ "postgres:17-alpine": hex("a") });
    const lenient = await run(["digests", "verify", "--json"], { cwd: dir, env: noEngine });
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.out)).toMatchObject({
      ok: true,
      status: "not-checked",
      engineAvailable: false,
      skipped: [
        { path: "services.postgres.image", reason: expect.stringContaining("no Docker engine") },
        { path: "services.search.image", reason: "no line in IMAGE_DIGESTS" },
      ],
    });
    const strict = await run(["digests", "verify", "--json", "--strict"], { cwd: dir, env: noEngine });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out)).toMatchObject({ ok: false, status: "not-checked" });
  });
});
