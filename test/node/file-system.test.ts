import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createNodeFileSystem, PathEscapeError } from "../../src/node/index.js";

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "slipway fs #"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Every file under `folder`, relative, sorted. */
function listAll(folder: string, prefix = ""): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listAll(folder, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

function seed(folder: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, ".."), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
}

describe("createNodeFileSystem: read", () => {
  it("reads relative to the root and answers undefined for a missing file", async () => {
    const root = tempFolder();
    seed(root, { "a/b.txt": "hello" });
    const fs = createNodeFileSystem(root);
    expect(await fs.read("a/b.txt")).toBe("hello");
    expect(await fs.read("a/missing.txt")).toBeUndefined();
    expect(await fs.read("a/b.txt/below")).toBeUndefined();
    expect(fs.root).toBe(root);
  });

  it("refuses paths outside the root, also through a symbolic link", async () => {
    const root = tempFolder();
    const outside = tempFolder();
    seed(outside, { "secret.txt": "outside" });
    symlinkSync(outside, join(root, "link"));
    symlinkSync(join(outside, "secret.txt"), join(root, "file-link"));
    const fs = createNodeFileSystem(root);
    for (const path of [
      "../x",
      "a/../../x",
      "/etc/hostname",
      "link/secret.txt",
      "file-link",
      "",
      "a\u0000b",
    ]) {
      await expect(fs.read(path), path).rejects.toBeInstanceOf(PathEscapeError);
    }
  });
});

describe("createNodeFileSystem: writeAll", () => {
  it("writes every file, creating folders and replacing old contents", async () => {
    const root = tempFolder();
    seed(root, { "README.md": "old readme" });
    const fs = createNodeFileSystem(root);
    await fs.writeAll([
      { path: "README.md", content: "new readme" },
      { path: "backend/Dockerfile", content: "FROM node:22.12.0-bookworm-slim\n" },
      { path: "deep/er/file.txt", content: "x" },
    ]);
    expect(readFileSync(join(root, "README.md"), "utf8")).toBe("new readme");
    expect(readFileSync(join(root, "backend/Dockerfile"), "utf8")).toContain("FROM node");
    expect(listAll(root)).toEqual(["README.md", "backend/Dockerfile", "deep/er/file.txt"]);
  });

  it("applies modes, and keeps an existing file's mode when none is given", async () => {
    const root = tempFolder();
    seed(root, { "run.sh": "old" });
    const { chmodSync } = await import("node:fs");
    chmodSync(join(root, "run.sh"), 0o750);
    const fs = createNodeFileSystem(root);
    await fs.writeAll([
      { path: ".env.development", content: "A=1\n", mode: 0o600 },
      { path: "run.sh", content: "new" },
      { path: "public.txt", content: "p", mode: 0o644 },
    ]);
    expect(statSync(join(root, ".env.development")).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "run.sh")).mode & 0o777).toBe(0o750);
    expect(statSync(join(root, "public.txt")).mode & 0o777).toBe(0o644);
    // A mode given for an existing file replaces its mode.
    await fs.writeAll([{ path: "run.sh", content: "newer", mode: 0o600 }]);
    expect(statSync(join(root, "run.sh")).mode & 0o777).toBe(0o600);
  });

  it("leaves every old file intact and no temp file behind when a rename fails part-way", async () => {
    const root = tempFolder();
    seed(root, { "one.txt": "old one", "two.txt": "old two", "three.txt": "old three" });
    let renames = 0;
    const fs = createNodeFileSystem(root, {
      beforeRename(path) {
        renames++;
        if (path === "three.txt") throw new Error("disk full (simulated)");
      },
    });
    await expect(
      fs.writeAll([
        { path: "one.txt", content: "new one", mode: 0o600 },
        { path: "two.txt", content: "new two" },
        { path: "new/four.txt", content: "new four" },
        { path: "three.txt", content: "new three" },
      ]),
    ).rejects.toThrow("disk full (simulated)");
    expect(renames).toBe(4); // three files were already in place when the fourth failed
    expect(readFileSync(join(root, "one.txt"), "utf8")).toBe("old one");
    expect(readFileSync(join(root, "two.txt"), "utf8")).toBe("old two");
    expect(readFileSync(join(root, "three.txt"), "utf8")).toBe("old three");
    expect(statSync(join(root, "one.txt")).mode & 0o777).not.toBe(0o600);
    expect(existsSync(join(root, "new"))).toBe(false);
    expect(listAll(root)).toEqual(["one.txt", "three.txt", "two.txt"]);
  });

  it("keeps an async hook's failure all-or-none too", async () => {
    const root = tempFolder();
    seed(root, { "a.txt": "A" });
    const fs = createNodeFileSystem(root, {
      async beforeRename(path) {
        await new Promise((r) => setTimeout(r, 1));
        if (path === "b.txt") throw new Error("interrupted");
      },
    });
    await expect(
      fs.writeAll([
        { path: "a.txt", content: "A2" },
        { path: "b.txt", content: "B" },
      ]),
    ).rejects.toThrow("interrupted");
    expect(listAll(root)).toEqual(["a.txt"]);
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("A");
  });

  it("writes nothing when a target is a folder", async () => {
    const root = tempFolder();
    seed(root, { "keep.txt": "old", "taken/inside.txt": "x" });
    const fs = createNodeFileSystem(root);
    await expect(
      fs.writeAll([
        { path: "keep.txt", content: "new" },
        { path: "taken", content: "cannot" },
      ]),
    ).rejects.toThrow(/folder/);
    expect(readFileSync(join(root, "keep.txt"), "utf8")).toBe("old");
    expect(listAll(root)).toEqual(["keep.txt", "taken/inside.txt"]);
  });

  it("rolls back when a folder cannot be created (its path is a file)", async () => {
    const root = tempFolder();
    seed(root, { "a.txt": "old a", blocker: "a file where a folder should be" });
    const fs = createNodeFileSystem(root);
    await expect(
      fs.writeAll([
        { path: "a.txt", content: "new a" },
        { path: "blocker/inner.txt", content: "x" },
      ]),
    ).rejects.toThrow();
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("old a");
    expect(listAll(root)).toEqual(["a.txt", "blocker"]);
  });

  it("rolls back when the operating system refuses a rename mid-way", async () => {
    const root = tempFolder();
    seed(root, { "a.txt": "old a", "c.txt": "old c" });
    const fs = createNodeFileSystem(root, {
      beforeRename(path) {
        // Another process puts a non-empty folder where b.txt goes, after the checks ran.
        if (path === "b.txt") seed(root, { "b.txt/occupied": "" });
      },
    });
    await expect(
      fs.writeAll([
        { path: "a.txt", content: "new a" },
        { path: "c.txt", content: "new c" },
        { path: "b.txt", content: "new b" },
      ]),
    ).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("old a");
    expect(readFileSync(join(root, "c.txt"), "utf8")).toBe("old c");
    expect(listAll(root)).toEqual(["a.txt", "b.txt/occupied", "c.txt"]);
  });

  it("refuses an escaping path before writing anything", async () => {
    const root = tempFolder();
    const outside = tempFolder();
    symlinkSync(outside, join(root, "out"));
    const fs = createNodeFileSystem(root);
    for (const path of [
      "../evil.txt",
      "/tmp/evil.txt",
      "out/evil.txt",
      "out/sub/evil.txt",
      "a/../../evil.txt",
    ]) {
      await expect(
        fs.writeAll([
          { path: "fine.txt", content: "x" },
          { path, content: "evil" },
        ]),
        path,
      ).rejects.toMatchObject({ name: "PathEscapeError", path });
    }
    expect(listAll(root)).toEqual(["out"]);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses the same path twice in one call", async () => {
    const root = tempFolder();
    const fs = createNodeFileSystem(root);
    await expect(
      fs.writeAll([
        { path: "a.txt", content: "1" },
        { path: "./a.txt", content: "2" },
      ]),
    ).rejects.toThrow(/twice/);
    expect(listAll(root)).toEqual([]);
  });

  it("creates the root when it does not exist yet and writes inside symlinks that stay inside", async () => {
    const parent = tempFolder();
    const root = join(parent, "new project");
    const fs = createNodeFileSystem(root);
    await fs.writeAll([{ path: "real/x.txt", content: "x" }]);
    symlinkSync(join(root, "real"), join(root, "alias"));
    await fs.writeAll([{ path: "alias/y.txt", content: "y" }]);
    expect(readFileSync(join(root, "real/y.txt"), "utf8")).toBe("y");
    expect(await fs.read("alias/x.txt")).toBe("x");
  });

  it("removes a file inside the root", async () => {
    const root = tempFolder();
    seed(root, { "gone.txt": "x" });
    const fs = createNodeFileSystem(root);
    expect(await fs.remove("gone.txt")).toBe(true);
    expect(await fs.remove("gone.txt")).toBe(false);
    await expect(fs.remove("../x")).rejects.toBeInstanceOf(PathEscapeError);
  });
});
