import { randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rmdir,
  stat,
  unlink,
} from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { FileSystem, FileWrite } from "../core/index.js";

/**
 * Thrown when a path given to the file system would leave its root folder.
 *
 * @example
 * ```ts
 * try {
 *   await createNodeFileSystem("out").writeAll([{ path: "../x", content: "" }]);
 * } catch (error) {
 *   if (error instanceof PathEscapeError) console.error(`refused: ${error.path}`);
 * }
 * ```
 */
export class PathEscapeError extends Error {
  /** The offending path, as given. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`Path "${path}" is refused: ${reason}`);
    this.name = "PathEscapeError";
    this.path = path;
  }
}

/** Test hooks and settings of `createNodeFileSystem`. */
export interface NodeFileSystemOptions {
  /**
   * Called with each relative path just before its temp file is renamed into place; a throw (or
   * rejection) aborts the whole `writeAll`, which then restores every file it already replaced.
   * Meant for tests of the all-or-none guarantee.
   */
  beforeRename?(path: string): void | Promise<void>;
  /** Flush each temp file and folder to disk before renaming (default `true`). */
  fsync?: boolean;
}

/** The real file system under one root folder. */
export interface NodeFileSystem extends FileSystem {
  /** The absolute root folder every path is relative to. */
  readonly root: string;
  /** Deletes a file inside the root; resolves `false` when it did not exist. */
  remove(path: string): Promise<boolean>;
}

interface Target {
  /** As given. */
  path: string;
  /** Absolute. */
  absolute: string;
  content: string;
  mode: number | undefined;
}

interface Step {
  target: Target;
  temp: string;
  /** A hard link (or copy) of the old file; `undefined` when there was none. */
  backup: string | undefined;
  renamed: boolean;
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? "");
}

/** The names `sidecarName` gives: `.<file>.slipway-<tmp|backup>-<pid>-<8 hex>`. */
const SIDECAR = /^\..+\.slipway-(?:tmp|backup)-(\d+)-[0-9a-f]{8}$/;

/** True when a process with this id runs (or exists but is not ours to signal). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, "ESRCH");
  }
}

/**
 * Removes the temp and backup files an interrupted `writeAll` (a killed process) left in `folder`:
 * they may hold credentials. Files of a process that still runs are another write in progress and
 * stay. Returns the names removed.
 */
async function removeLeftovers(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return []; // no folder yet
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(SIDECAR.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processRuns(pid)) continue;
    try {
      await unlink(join(folder, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

function sidecarName(absolute: string, tag: string): string {
  const base = absolute.slice(dirname(absolute).length + 1);
  return join(dirname(absolute), `.${base}.slipway-${tag}-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/**
 * The real file system, rooted at `root`: `read` and `writeAll` take paths relative to it and
 * refuse any path that is absolute, contains a NUL, or leads outside the root — through `..` or
 * through a symbolic link — with a `PathEscapeError`.
 *
 * `writeAll` writes every file or none: it checks every path first, writes each file to a temp
 * file in the target's folder (flushed to disk), keeps a hard link of each file it replaces, then
 * renames the temp files into place. If anything fails part-way, every file already replaced gets
 * its old content back, new files are removed, and no temp or backup file stays behind. Temp and
 * backup files a killed earlier write left in the target folders (`.<name>.slipway-tmp-*`, which
 * may hold credentials) are removed first, unless their process still runs. `mode` is
 * applied to the file (e.g. `0o600` for `.env` files); without it an existing file keeps its mode.
 *
 * @example
 * ```ts
 * const fs = createNodeFileSystem("./my-project");
 * await fs.writeAll([
 *   { path: "docker-compose.yml", content: yaml },
 *   { path: ".env.development", content: env, mode: 0o600 },
 * ]);
 * await fs.read("docker-compose.yml"); // the text just written
 * ```
 */
export function createNodeFileSystem(root: string, options: NodeFileSystemOptions = {}): NodeFileSystem {
  const rootAbsolute = resolve(root);
  const doSync = options.fsync !== false;

  function lexical(path: string): string {
    if (typeof path !== "string" || path === "") throw new PathEscapeError(String(path), "it is empty");
    if (path.includes("\0")) throw new PathEscapeError(path, "it contains a NUL character");
    if (isAbsolute(path)) throw new PathEscapeError(path, "it is absolute");
    const absolute = resolve(rootAbsolute, path);
    const rel = relative(rootAbsolute, absolute);
    if (rel === "") throw new PathEscapeError(path, "it names the root folder itself");
    if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new PathEscapeError(path, "it leads outside the root folder");
    }
    return absolute;
  }

  /** Follows symbolic links of the deepest existing ancestor (or the file) and checks they stay inside. */
  async function physical(path: string, absolute: string, includeSelf: boolean): Promise<void> {
    let rootReal: string;
    try {
      rootReal = await realpath(rootAbsolute);
    } catch (error) {
      if (isErrno(error, "ENOENT")) return; // nothing exists yet, so no link can lead out
      throw error;
    }
    let probe = includeSelf ? absolute : dirname(absolute);
    for (;;) {
      try {
        const real = await realpath(probe);
        const rel = relative(rootReal, real);
        if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
          throw new PathEscapeError(path, "a symbolic link leads outside the root folder");
        }
        return;
      } catch (error) {
        if (error instanceof PathEscapeError) throw error;
        if (!isErrno(error, "ENOENT", "ENOTDIR") || probe === rootAbsolute) throw error;
        probe = dirname(probe);
      }
    }
  }

  return {
    root: rootAbsolute,

    async read(path: string): Promise<string | undefined> {
      const absolute = lexical(path);
      await physical(path, absolute, true);
      try {
        return await readFile(absolute, "utf8");
      } catch (error) {
        if (isErrno(error, "ENOENT", "ENOTDIR")) return undefined;
        throw error;
      }
    },

    async remove(path: string): Promise<boolean> {
      const absolute = lexical(path);
      await physical(path, absolute, false);
      try {
        await unlink(absolute);
        return true;
      } catch (error) {
        if (isErrno(error, "ENOENT")) return false;
        throw error;
      }
    },

    async writeAll(files: FileWrite[]): Promise<void> {
      // 1. Check everything before touching anything.
      const targets = targetsOf(files, lexical);
      for (const target of targets) {
        await physical(target.path, target.absolute, false);
        try {
          const existing = await lstat(target.absolute);
          if (existing.isDirectory()) throw new Error(`Cannot write "${target.path}": it is a folder`);
        } catch (error) {
          if (!isErrno(error, "ENOENT", "ENOTDIR")) throw error;
        }
      }

      // 2. Clear what a killed earlier write left behind; create folders (remembering which, to
      // remove them again on failure), write temp files.
      for (const folder of new Set(targets.map((t) => dirname(t.absolute)))) await removeLeftovers(folder);
      const createdFolders: string[] = [];
      const steps: Step[] = [];
      try {
        for (const target of targets) {
          const first = await mkdir(dirname(target.absolute), { recursive: true });
          if (first !== undefined) {
            let folder = dirname(target.absolute);
            const chain: string[] = [];
            while (folder.length >= first.length) {
              chain.push(folder);
              if (folder === first) break;
              folder = dirname(folder);
            }
            createdFolders.push(...chain);
          }
          // The folder may have been created through a link made a moment ago: check again.
          await physical(target.path, target.absolute, false);
          const step: Step = {
            target,
            temp: sidecarName(target.absolute, "tmp"),
            backup: undefined,
            renamed: false,
          };
          steps.push(step);
          await writeTemp(step, doSync);
        }

        // 3. Keep the old files, then rename every temp file into place.
        for (const step of steps) await keepBackup(step);
        for (const step of steps) {
          await options.beforeRename?.(step.target.path);
          await rename(step.temp, step.target.absolute);
          step.renamed = true;
        }
      } catch (error) {
        const failures = await rollBack(steps, createdFolders);
        if (failures.length > 0) {
          throw new AggregateError(
            [error, ...failures],
            `writeAll failed and could not restore ${failures.length} file(s); see the errors`,
          );
        }
        throw error;
      }

      // 4. Committed: drop the backups, flush the folders.
      for (const step of steps) await quietUnlink(step.backup);
      for (const folder of new Set(steps.map((s) => dirname(s.target.absolute))))
        await syncFolder(folder, doSync);
    },
  };
}

/** Writes a step's temp file with the target's mode (or the existing file's), flushed when `doSync`. */
async function writeTemp(step: Step, doSync: boolean): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(step.temp, "wx", 0o600);
    await handle.writeFile(step.target.content, "utf8");
    let mode = step.target.mode;
    if (mode === undefined) {
      try {
        mode = (await stat(step.target.absolute)).mode & 0o7777;
      } catch (error) {
        if (!isErrno(error, "ENOENT")) throw error;
        mode = 0o666 & ~process.umask();
      }
    }
    await handle.chmod(mode);
    if (doSync) await handle.sync();
  } finally {
    await handle?.close();
  }
}

/** Keeps the file a step replaces as a hard link (or copy) beside it, for the rollback. */
async function keepBackup(step: Step): Promise<void> {
  try {
    await lstat(step.target.absolute);
  } catch (error) {
    if (isErrno(error, "ENOENT")) return;
    throw error;
  }
  const backup = sidecarName(step.target.absolute, "backup");
  try {
    await link(step.target.absolute, backup);
  } catch (error) {
    // File systems without hard links: copy the content and mode instead.
    if (!isErrno(error, "EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK")) throw error;
    await copyFile(step.target.absolute, backup);
    await chmod(backup, (await stat(step.target.absolute)).mode & 0o7777);
  }
  step.backup = backup;
}

/** Flushes a folder's entries (the renames) when `doSync`. */
async function syncFolder(folder: string, doSync: boolean): Promise<void> {
  if (!doSync) return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, "r");
    await handle.sync();
  } catch {
    // Some platforms cannot open or flush a folder; the renames are still atomic.
  } finally {
    await handle?.close();
  }
}

/** Removes a file if it is there. */
async function quietUnlink(path: string | undefined): Promise<void> {
  if (path === undefined) return;
  try {
    await unlink(path);
  } catch {
    // Already gone.
  }
}

/** Puts back what a failed `writeAll` replaced and removes what it created; returns what could not be undone. */
async function rollBack(steps: Step[], createdFolders: string[]): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const step of [...steps].reverse()) {
    try {
      if (step.renamed) {
        if (step.backup !== undefined) {
          await rename(step.backup, step.target.absolute);
          step.backup = undefined;
        } else {
          await unlink(step.target.absolute);
        }
      }
    } catch (error) {
      failures.push(error);
    }
    await quietUnlink(step.temp);
    await quietUnlink(step.backup);
  }
  for (const folder of [...createdFolders].sort((a, b) => b.length - a.length)) {
    try {
      await rmdir(folder);
    } catch {
      // Not empty (another writer put something there) or already gone: leave it.
    }
  }
  return failures;
}

/** The files of a `writeAll` as targets under the root; throws on a path given twice or a bad mode. */
function targetsOf(files: FileWrite[], lexical: (path: string) => string): Target[] {
  const targets: Target[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const absolute = lexical(file.path);
    const earlier = seen.get(absolute);
    if (earlier !== undefined) {
      throw new Error(`writeAll was given "${file.path}" twice (also as "${earlier}")`);
    }
    seen.set(absolute, file.path);
    if (file.mode !== undefined && (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o7777)) {
      throw new RangeError(`Mode ${file.mode} of "${file.path}" is not a permission mode`);
    }
    targets.push({ path: file.path, absolute, content: file.content, mode: file.mode });
  }
  return targets;
}
