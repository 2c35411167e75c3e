import type { Clock, FileSystem, FileWrite } from "../../src/index.js";
import { fakeProbe, memoryLedger, seededRandom } from "./ports.js";

export { seededRandom };

/** An in-memory file system; `failNext` makes writeAll throw before anything lands, as an atomic adapter does. */
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

/** A fixed clock. */
export function fixedClock(iso = "2025-12-08T14:30:00Z"): Clock {
  const t = new Date(iso).getTime();
  return { now: () => new Date(t) };
}

/** Everything planEnvironment needs, in memory. */
export function fakePlanDeps(
  options: { files?: Record<string, string>; busy?: number[]; seed?: number } = {},
) {
  const fs = memoryFileSystem(options.files);
  return {
    fs,
    probe: fakeProbe(options.busy),
    clock: fixedClock(),
    random: seededRandom(options.seed ?? 42),
    ledger: memoryLedger(),
  };
}
