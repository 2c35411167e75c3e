import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** Top-level system folders: never mounted writable. */
export const SYSTEM_FOLDERS: readonly string[] = [
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/opt",
  "/proc",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/usr",
  "/var",
];

/** Folders whose content is never mounted writable, even below the top (kernel and boot state). */
const SYSTEM_TREES = ["/proc", "/sys", "/boot"];

/**
 * Normalises a POSIX host path: collapses `//`, `.` and `..` and drops a trailing slash.
 * Windows paths become POSIX-like with the drive as first segment (`C:\Users` → `/c:/users`).
 */
function normalise(source: string): string {
  let path = source.replace(/\\/g, "/");
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive !== null) path = `/${drive[1]!.toLowerCase()}:/${path.slice(3)}`.toLowerCase();
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/**
 * Why a bind-mount source is unsafe, or `undefined` when it is fine. Home folders (`/home`, one
 * user's home, `~`, `/root`, `/Users`) are unsafe in any mode: they hold keys and credentials.
 * The root and system folders are unsafe when mounted writable; read-only mounts of them are how
 * monitoring tools (node-exporter, cAdvisor) read the host, so they pass.
 *
 * @example
 * ```ts
 * unsafeReason("/home", true); // "the home folders"
 * unsafeReason("/proc", true); // undefined
 * unsafeReason("/etc", false); // "a system folder"
 * ```
 */
export function unsafeReason(source: string, readOnly: boolean): string | undefined {
  if (/^~[/\\]?$/.test(source) || /^\$\{?HOME\}?[/\\]?$/.test(source)) return "the user's home folder";
  if (!/^([/\\]|[A-Za-z]:[\\/])/.test(source)) return undefined; // relative to the project
  const path = normalise(source);
  const parts = path.split("/").filter((p) => p !== "");
  const windows = parts[0]?.endsWith(":") === true;
  if (windows) {
    const [, top, second] = parts;
    if (top === undefined) return readOnly ? undefined : "a whole drive";
    if (top === "users" && (second === undefined || parts.length === 3)) return "a home folder";
    if (!readOnly && parts.length === 2 && ["windows", "program files", "programdata"].includes(top))
      return "a system folder";
    return undefined;
  }
  if (path === "/home" || path === "/root" || path === "/Users") return "the home folders";
  if ((parts[0] === "home" || parts[0] === "Users") && parts.length === 2) return "a user's home folder";
  if (readOnly) return undefined;
  if (path === "/") return "the host's root folder";
  if (SYSTEM_FOLDERS.includes(path)) return "a system folder";
  if (SYSTEM_TREES.some((tree) => path.startsWith(`${tree}/`))) return "kernel or boot state";
  return undefined;
}

/** `volume/unsafe-path`: a bind mount exposes the host's root, home or system folders. */
export const volumeUnsafePath: Rule = {
  code: "volume/unsafe-path",
  severity: "error",
  description: "No bind mount exposes the host's root, home or system folders",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const volume of service.volumes) {
        // `$HOME` is rarely given as a variable, so an unresolved `${HOME}` source still counts as home.
        const homeVariable = volume.unresolved && /^\$\{?HOME\}?[/\\]?(:|$)/.test(volume.text);
        if (!homeVariable && (volume.type !== "bind" || volume.source === undefined)) continue;
        const reason = homeVariable
          ? "the user's home folder"
          : unsafeReason(volume.source ?? "", volume.readOnly);
        if (reason === undefined) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Invalid volume path ${volume.source ?? volume.text} in service ${service.name}: it mounts ${reason}`,
            {
              path: context.path(service.name, "volumes", volume.index),
              hint: "Mount a folder of the project (./data) or a named volume instead.",
            },
          ),
        );
      }
    }
    return out;
  },
};
