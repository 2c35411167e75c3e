import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import type { PortHolder, PortHolderProbe } from "../core/index.js";

/** TCP state `0A` in /proc/net/tcp: LISTEN. */
const LISTEN = "0A";

/**
 * The socket inodes listening on `port` in the text of /proc/net/tcp or /proc/net/tcp6, any
 * address. Lines that do not parse are skipped.
 *
 * @example
 * ```ts
 * listeningInodes(readFileSync("/proc/net/tcp", "utf8"), 5433); // [123456]
 * ```
 */
export function listeningInodes(text: string, port: number): number[] {
  const out: number[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (fields.length < 10) continue;
    const local = fields[1]!;
    const portHex = local.slice(local.lastIndexOf(":") + 1);
    if (fields[3] !== LISTEN || Number.parseInt(portHex, 16) !== port) continue;
    const inode = Number(fields[9]);
    if (Number.isInteger(inode) && inode > 0) out.push(inode);
  }
  return out;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}

/** The first process whose file descriptors include one of the socket inodes. */
async function processHolding(procRoot: string, inodes: Set<number>): Promise<PortHolder | undefined> {
  let pids: string[];
  try {
    pids = (await readdir(procRoot)).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  pids.sort((a, b) => Number(a) - Number(b));
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(join(procRoot, pid, "fd"));
    } catch {
      continue; // another user's process, or gone: its descriptors cannot be read.
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = await readlink(join(procRoot, pid, "fd", fd));
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m === null || !inodes.has(Number(m[1]))) continue;
      const holder: PortHolder = { pid: Number(pid) };
      const command = (await readOrEmpty(join(procRoot, pid, "comm"))).trim();
      if (command !== "") holder.command = command;
      return holder;
    }
  }
  return undefined;
}

/**
 * The real PortHolderProbe: on Linux it finds the listening socket of a port in /proc/net/tcp and
 * /proc/net/tcp6, then the process holding that socket among /proc/<pid>/fd. Processes of other
 * users cannot be read without privileges: their ports resolve `undefined`, as on systems without /proc.
 *
 * @example
 * ```ts
 * const holder = await createPortHolderProbe().holder(5433); // { pid: 4242, command: "node" }
 * ```
 */
export function createPortHolderProbe(options: { procRoot?: string } = {}): PortHolderProbe {
  const procRoot = options.procRoot ?? "/proc";
  return {
    async holder(port) {
      const tables = await Promise.all(
        ["tcp", "tcp6"].map((name) => readOrEmpty(join(procRoot, "net", name))),
      );
      const inodes = new Set(tables.flatMap((text) => listeningInodes(text, port)));
      if (inodes.size === 0) return undefined;
      return processHolding(procRoot, inodes);
    },
  };
}
