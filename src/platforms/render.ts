import type { Result } from "../core/index.js";
import { resultOf } from "../core/index.js";
import { renderKubernetes } from "./kubernetes.js";
import { renderSwarm } from "./swarm.js";
import type { Platform, PlatformFile, PlatformInput } from "./types.js";

/**
 * The files of each platform asked for, in platform order, with every platform's diagnostics.
 *
 * @example
 * ```ts
 * const r = renderPlatforms(["kubernetes", "swarm"], input);
 * if (r.ok) r.value.map((f) => f.path); // ["deploy/kubernetes/.gitignore", …, "docker-stack.yml"]
 * ```
 */
export function renderPlatforms(
  platforms: readonly Platform[],
  input: PlatformInput,
): Result<PlatformFile[]> {
  const files: PlatformFile[] = [];
  const diagnostics = [];
  for (const platform of [...new Set(platforms)].sort()) {
    const r = platform === "kubernetes" ? renderKubernetes(input) : renderSwarm(input);
    diagnostics.push(...r.diagnostics);
    if (r.ok) files.push(...r.value);
  }
  return resultOf(files, diagnostics);
}
