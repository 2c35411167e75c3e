import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createNodeFileSystem } from "../../src/node/index.js";

const work = mkdtempSync(join(tmpdir(), "slipway leftovers "));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid;
}

describe("writeAll after a killed write", () => {
  it("removes the temp and backup files a dead process left, and keeps those of a live one", async () => {
    const dir = mkdtempSync(join(work, "out-"));
    const dead = deadPid();
    const leftTemp = `..env.development.slipway-tmp-${dead}-0a1b2c3d`;
    const leftBackup = `.docker-compose.yml.slipway-backup-${dead}-deadbeef`;
    const live = `..env.staging.slipway-tmp-${process.ppid}-00ff00ff`;
    const unrelated = ".env.slipway-tmp-notes";
    for (const name of [leftTemp, leftBackup, live, unrelated]) writeFileSync(join(dir, name), "SECRET=1\n");
    await createNodeFileSystem(dir, { fsync: false }).writeAll([
      { path: ".env.development", content: "A=1\n", mode: 0o600 },
    ]);
    const names = readdirSync(dir);
    expect(names).not.toContain(leftTemp);
    expect(names).not.toContain(leftBackup);
    expect(names).toContain(live);
    expect(names).toContain(unrelated);
    expect(names).toContain(".env.development");
  });

  it("clears the folder of each file written, nested ones too", async () => {
    const dir = mkdtempSync(join(work, "nested-"));
    const left = join(dir, "backend", `.Dockerfile.slipway-tmp-${deadPid()}-12345678`);
    mkdirSync(join(dir, "backend"));
    writeFileSync(left, "x");
    await createNodeFileSystem(dir, { fsync: false }).writeAll([
      { path: "backend/Dockerfile", content: "FROM x\n" },
    ]);
    expect(existsSync(left)).toBe(false);
  });
});
