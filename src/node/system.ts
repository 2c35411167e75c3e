import { statfs } from "node:fs/promises";
import { freemem } from "node:os";
import type { SystemResources } from "../core/index.js";

/**
 * Free disk (of the file system holding `path`, by default Docker's data root) and free memory,
 * for the pre-flight baseline. Unreadable values resolve to `Infinity` so they never block.
 *
 * @example
 * ```ts
 * const system = createSystemResources({ path: "/var/lib/docker" });
 * await system.freeDiskBytes();
 * ```
 */
export function createSystemResources(options: { path?: string } = {}): SystemResources {
  const path = options.path ?? "/var/lib/docker";
  return {
    async freeDiskBytes() {
      for (const candidate of [path, "/"]) {
        try {
          const stats = await statfs(candidate);
          return Number(stats.bavail) * Number(stats.bsize);
        } catch {
          // Try the next candidate: the data root may not exist or be readable.
        }
      }
      return Number.POSITIVE_INFINITY;
    },
    async freeMemoryBytes() {
      return freemem();
    },
  };
}
