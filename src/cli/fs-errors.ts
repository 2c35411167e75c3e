/**
 * File-system failures turned into one sentence for the user: which path, what is wrong with it and
 * what to do. The adapters throw Node's errors (`EACCES`, `ENOTDIR`, …) and `PathEscapeError`; the
 * CLI prints the sentence and exits 1 instead of reporting an internal error.
 */

/** What each error code means for the path, and what to do about it. */
const ADVICE: Readonly<Record<string, (path: string) => string>> = {
  EACCES: (p) =>
    `permission denied for ${p}. Give your user access to it, or choose another folder, and run again.`,
  EPERM: (p) =>
    `the system does not permit this operation on ${p}. Check its owner and attributes, or choose another folder.`,
  EROFS: (p) => `${p} is on a read-only file system. Choose a writable folder (for generate: --out DIR).`,
  ENOTDIR: (p) => `a part of ${p} is a file, not a folder. Move that file away, or choose another folder.`,
  EISDIR: (p) => `${p} is a folder where a file is expected. Move the folder away, or choose another path.`,
  EEXIST: (p) => `${p} already exists and is in the way. Move it away and run again.`,
  ENOSPC: (p) => `no space is left on the device that holds ${p}. Free some space and run again.`,
  EDQUOT: (p) => `the disk quota is exhausted on the device that holds ${p}. Free some space and run again.`,
  ELOOP: (p) => `${p} goes through a loop of symbolic links. Fix or remove the link.`,
  ENAMETOOLONG: (p) => `the path ${p} is too long for the file system. Choose a shorter folder.`,
  EMFILE: (p) => `too many files are open to open ${p}. Raise the open-file limit (ulimit -n) and run again.`,
  ENFILE: (p) => `the system has too many files open to open ${p}. Close some programs and run again.`,
  EBUSY: (p) => `${p} is busy (used by another program). Close that program and run again.`,
  ETXTBSY: (p) => `${p} is busy (a running program). Stop that program and run again.`,
  EXDEV: (p) => `${p} cannot be moved across devices. Keep the output folder on one file system.`,
  EIO: (p) => `the device that holds ${p} reported an input/output error. Check the disk and run again.`,
};

/** A temp or backup file the file-system adapter writes next to its target: `.<name>.slipway-tmp-<pid>-<hex>`. */
const SIDECAR = /(^|[/\\])\.([^/\\]+)\.slipway-(?:tmp|backup)-\d+-[0-9a-f]+$/;

function errnoOf(error: unknown): NodeJS.ErrnoException | undefined {
  if (error instanceof AggregateError) return errnoOf(error.errors[0]);
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === "string" && Object.hasOwn(ADVICE, code)
    ? (error as NodeJS.ErrnoException)
    : undefined;
}

/**
 * The sentence for a file-system error, or `undefined` when `error` is not one (a bug stays an
 * internal error). A temp file's path is reported as the file it stands for.
 *
 * @example
 * ```ts
 * fileSystemErrorMessage(Object.assign(new Error("EROFS"), { code: "EROFS", path: "/mnt/ro/.env" }));
 * // "/mnt/ro/.env is on a read-only file system. Choose a writable folder (for generate: --out DIR)."
 * ```
 */
export function fileSystemErrorMessage(error: unknown): string | undefined {
  if (error instanceof Error && error.name === "PathEscapeError") {
    return `${error.message}. slipway writes only inside the output folder: remove the link, or choose another --out.`;
  }
  const errno = errnoOf(error);
  if (errno === undefined) return undefined;
  const raw = errno.path ?? (errno as { dest?: string }).dest;
  const path = raw === undefined ? "a file" : raw.replace(SIDECAR, "$1$2");
  const sentence =
    errno.code === "EEXIST" && errno.syscall === "mkdir"
      ? `${path} is a file where a folder is needed. Move it away, or choose another folder.`
      : ADVICE[errno.code!]!(path);
  const restored =
    error instanceof AggregateError
      ? " Some files could not be put back as they were; check the folder before running again."
      : "";
  return `${sentence}${restored}`;
}
