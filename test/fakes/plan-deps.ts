import type { Clock, FileSystem, FileWrite, PortLedger, PortProbe, Random } from "../../src/index.js";

/** An in-memory file system; `failOn` makes writeAll throw before anything lands, as an atomic adapter does. */
export function memoryFileSystem(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const modes = new Map<string, number>();
  let writes = 0;
  const fs: FileSystem & {
    files: Map<string, string>;
    modes: Map<string, number>;
    writes(): number;
    failNext?: boolean;
  } = {
    files,
    modes,
    writes: () => writes,
    async read(path) {
      return files.get(path);
    },
    async writeAll(batch: FileWrite[]) {
      if (fs.failNext) {
        fs.failNext = false;
        throw new Error("disk full");
      }
      writes++;
      for (const f of batch) {
        files.set(f.path, f.content);
        if (f.mode !== undefined) modes.set(f.path, f.mode);
      }
    },
  };
  return fs;
}

/** A probe that reports the given ports as in use. */
export function busyPorts(ports: Iterable<number> = []): PortProbe & { busy: Set<number> } {
  const busy = new Set(ports);
  return { busy, check: async (port) => (busy.has(port) ? "in-use" : "free") };
}

/** A fixed clock. */
export function fixedClock(iso = "2025-12-08T14:30:00Z"): Clock {
  const t = new Date(iso).getTime();
  return { now: () => new Date(t) };
}

/** A deterministic Random (mulberry32); never for real credentials. */
export function seededRandom(seed = 42): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    bytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

/** An in-memory port ledger. */
export function memoryLedger(): PortLedger & {
  entries: { project: string; service: string; port: number }[];
} {
  const ledger = {
    entries: [] as { project: string; service: string; port: number }[],
    async held() {
      return [...ledger.entries];
    },
    async record(entries: { project: string; service: string; port: number }[]) {
      const projects = new Set(entries.map((e) => e.project));
      ledger.entries = [...ledger.entries.filter((e) => !projects.has(e.project)), ...entries];
    },
  };
  return ledger;
}

/** Everything planEnvironment needs, in memory. */
export function fakePlanDeps(
  options: { files?: Record<string, string>; busy?: number[]; seed?: number } = {},
) {
  const fs = memoryFileSystem(options.files);
  return {
    fs,
    probe: busyPorts(options.busy),
    clock: fixedClock(),
    random: seededRandom(options.seed),
    ledger: memoryLedger(),
  };
}
