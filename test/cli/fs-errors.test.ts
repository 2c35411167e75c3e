import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileSystemErrorMessage } from "../../src/cli/fs-errors.js";
import { run } from "./run.js";

const work = mkdtempSync(join(tmpdir(), "slipway fs errors "));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: "1765204200" };

function errno(code: string, path: string, syscall = "open"): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, path, syscall });
}

describe("file-system errors in the CLI", () => {
  it("--out naming a file: exit 1 with a sentence naming the path, not an internal error", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "x");
    const r = await run(["generate", "PostgreSQL", "--out", file, "--ledger", join(work, "l1.json")], {
      env,
    });
    expect(r.code).toBe(1);
    expect(r.err).not.toContain("internal error");
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/is a file where a folder is needed\. Move it away/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("--out below a file: exit 1 naming the path", async () => {
    const file = join(work, "another-file");
    writeFileSync(file, "x");
    const out = join(file, "sub");
    const r = await run(["generate", "PostgreSQL", "--out", out, "--ledger", join(work, "l2.json")], { env });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`a part of ${out} is a file, not a folder`);
  });

  it("a symbolic link leading outside the output folder: exit 1, the link named, nothing written there", async () => {
    const out = join(work, "project");
    const outside = join(work, "outside");
    mkdirSync(out);
    mkdirSync(outside);
    symlinkSync(outside, join(out, "specs"));
    const r = await run(["generate", "PostgreSQL", "--out", out, "--ledger", join(work, "l3.json")], { env });
    expect(r.code).toBe(1);
    expect(r.err).not.toContain("internal error");
    expect(r.err).toMatch(/specs\/.*symbolic link leads outside/);
    expect(r.err).toContain("remove the link");
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(out)).toEqual(["specs"]);
  });

  const cases: [string, RegExp][] = [
    ["EACCES", /permission denied for \/p\/x\. Give your user access/],
    ["EPERM", /does not permit this operation on \/p\/x/],
    ["EROFS", /\/p\/x is on a read-only file system\. Choose a writable folder/],
    ["ENOTDIR", /a part of \/p\/x is a file, not a folder/],
    ["EEXIST", /\/p\/x already exists and is in the way/],
    ["ENOSPC", /no space is left on the device that holds \/p\/x\. Free some space/],
    ["ELOOP", /\/p\/x goes through a loop of symbolic links/],
  ];
  for (const [code, sentence] of cases) {
    it(`${code}: one sentence naming the path and what to do`, () => {
      expect(fileSystemErrorMessage(errno(code, "/p/x"))).toMatch(sentence);
    });
  }

  it("names the file a temp file stands for, and reads the first error of an AggregateError", () => {
    const temp = errno("EACCES", "/p/..env.development.slipway-tmp-4242-0a1b2c3d");
    expect(fileSystemErrorMessage(temp)).toContain("permission denied for /p/.env.development.");
    const backup = errno("EACCES", "/p/.docker-compose.yml.slipway-backup-4242-0a1b2c3d");
    expect(fileSystemErrorMessage(backup)).toContain("permission denied for /p/docker-compose.yml.");
    const both = new AggregateError(
      [errno("ENOSPC", "/p/docker-compose.yml"), new Error("restore failed")],
      "x",
    );
    expect(fileSystemErrorMessage(both)).toMatch(/holds \/p\/docker-compose\.yml.*could not be put back/);
  });

  it("leaves other errors alone (a bug stays an internal error)", () => {
    expect(fileSystemErrorMessage(new TypeError("x is undefined"))).toBeUndefined();
    expect(fileSystemErrorMessage(errno("ECONNREFUSED", "/var/run/docker.sock"))).toBeUndefined();
    expect(fileSystemErrorMessage("EACCES")).toBeUndefined();
  });
});
