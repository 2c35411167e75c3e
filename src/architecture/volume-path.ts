/**
 * Checks a data volume written as a host path in an architecture map. The path is normalised first
 * (POSIX rules, no file-system access), so `./../../etc`, `~/x/../.ssh` or `/var//run/./docker.sock`
 * are judged by where they lead, not by how they are spelt.
 */

/** Top-level host folders that hold the system: refused themselves and everything below them. */
const SYSTEM_TREES = [
  "bin",
  "boot",
  "dev",
  "etc",
  "lib",
  "lib32",
  "lib64",
  "libx32",
  "proc",
  "root",
  "run",
  "sbin",
  "sys",
  "usr",
];

/** Top-level host folders refused themselves (their subfolders may hold data, like `/srv/pg`). */
const SYSTEM_FOLDERS = [
  "home",
  "Users",
  "var",
  "opt",
  "srv",
  "mnt",
  "media",
  "tmp",
  "snap",
  "Applications",
  "Library",
  "System",
  "Volumes",
  "private",
];

/** Folders below `/var` that hold system or engine state: refused with everything below them. */
const VAR_TREES = [
  "run",
  "lib/docker",
  "lib/containerd",
  "lib/kubelet",
  "lib/dpkg",
  "lib/apt",
  "lib/systemd",
  "log",
];

/** Names in the output folder that hold credentials or history: never mounted into a service. */
const PROJECT_SECRETS = /^(?:\.env(?:\..*)?|\.git|\.slipway.*|\.ssh|\.docker|\.aws|\.gnupg)$/;

/** The result of normalising a host path: where it starts from and its segments. */
interface NormalPath {
  base: "root" | "home" | "project" | "drive";
  /** Segments after the base; a leading `..` means the path leaves the base. */
  parts: string[];
}

/**
 * Normalises a host path without touching the disk: `\` becomes `/`, `//` and `.` collapse, `..`
 * removes the segment before it (and stays when it climbs above a relative base).
 */
function normalise(raw: string): NormalPath {
  let path = raw.replace(/\\/g, "/");
  let base: NormalPath["base"] = "project";
  const home = /^(?:~[^/]*|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  const drive = /^[A-Za-z]:(?=\/|$)/.exec(path);
  const pwd = /^(?:\$PWD|\$\{PWD\})(?=\/|$)/.exec(path);
  if (home !== null) {
    base = "home";
    path = path.slice(home[0].length);
  } else if (drive !== null) {
    base = "drive";
    path = path.slice(2);
  } else if (pwd !== null) path = path.slice(pwd[0].length);
  else if (path.startsWith("/")) base = "root";
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (part === ".." && (base === "root" || base === "drive"))
      continue; // `/..` is `/`
    else parts.push(part);
  }
  return { base, parts };
}

function underRoot(parts: string[]): string | undefined {
  const [top, ...rest] = parts;
  if (top === undefined) return "the host's root folder";
  if (top === "var" && rest.length > 0) {
    const below = rest.join("/");
    if (VAR_TREES.some((t) => below === t || below.startsWith(`${t}/`))) return "a system folder";
    if (rest.length === 1) return "a system folder";
  }
  if (SYSTEM_TREES.includes(top))
    return top === "root" ? "the administrator's home folder" : "a system folder";
  if (rest.length === 0 && SYSTEM_FOLDERS.includes(top))
    return top === "home" || top === "Users" ? "the home folders" : "a system folder";
  if ((top === "home" || top === "Users") && rest.length === 1) return "a user's home folder";
  if ((top === "home" || top === "Users") && rest[1]?.startsWith(".") === true)
    return "a hidden folder of a user's home";
  return undefined;
}

function underDrive(parts: string[]): string | undefined {
  const [top, second, third] = parts.map((p) => p.toLowerCase());
  if (top === undefined) return "a whole drive";
  if (["windows", "program files", "program files (x86)", "programdata"].includes(top))
    return "a system folder";
  if (top === "users" && second === undefined) return "the home folders";
  if (top === "users" && parts.length === 2) return "a user's home folder";
  if (top === "users" && third?.startsWith(".") === true) return "a hidden folder of a user's home";
  return undefined;
}

/**
 * Why a host path is not accepted as a service's data volume, or `undefined` when it is. Refused:
 * control characters; the host's root, system folders (`/etc`, `/usr`, `/var`, `/run` …), home
 * folders (`~`, `/home/<user>`, `/Users/<user>`, `/root`) and their hidden folders (`~/.ssh`);
 * a Docker or other Unix socket; the output folder itself (`.`, which holds the env files with
 * credentials), its env files and `.git`; and any relative path that climbs out of the output folder
 * (`../..`), since it can reach the project folder or the host's.
 *
 * @example
 * ```ts
 * volumePathProblem("./postgres-data"); // undefined
 * volumePathProblem("./../../../etc"); // "leaves the output folder"
 * volumePathProblem("~/.ssh"); // "the user's home folder or one of its hidden folders"
 * volumePathProblem("/var/run/docker.sock"); // "a system folder"
 * ```
 */
export function volumePathProblem(volume: string): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(volume)) return "holds a control character";
  if (volume.includes("$")) return "holds a variable, so where it leads cannot be checked";
  const { base, parts } = normalise(volume.trim());
  const last = parts[parts.length - 1] ?? "";
  if (/\.sock$/i.test(last)) return "a Unix socket (the Docker socket gives root on the host)";
  if (base === "home") {
    if (parts.length === 0 || parts[0] === ".." || parts[0]?.startsWith(".") === true)
      return "the user's home folder or one of its hidden folders";
    return undefined;
  }
  if (base === "root") return underRoot(parts);
  if (base === "drive") return underDrive(parts);
  if (parts.length === 0) return "the output folder itself, which holds the env files with credentials";
  if (parts[0] === "..") return "leaves the output folder";
  if (PROJECT_SECRETS.test(parts[0] ?? "")) return "a file or folder of the project that holds credentials";
  return undefined;
}
