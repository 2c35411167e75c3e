import { resolve } from "node:path";
import type { PlanDeps } from "../plan/index.js";
import { createClock } from "./clock.js";
import { createDockerProbe } from "./docker-probe.js";
import { createNodeFileSystem } from "./file-system.js";
import { createPortLedger } from "./port-ledger.js";
import { createCryptoRandom } from "./random.js";
import { createSocketProbe } from "./socket-probe.js";

/** Options of `createNodeDeps`. */
export interface NodeDepsOptions {
  /** The output folder: where existing files are read and new ones written. */
  root: string;
  /** Seconds since 1970 for a fixed clock (`SOURCE_DATE_EPOCH`). */
  sourceDateEpoch?: string | number | undefined;
  /** The port ledger file; default under the user's state folder. `false` for none. */
  ledgerFile?: string | false;
  /** Use the Docker engine when one answers. Default true. */
  docker?: boolean;
}

/**
 * The real adapters, ready for `planEnvironment` and `applyPlan`: socket probe, crypto random,
 * clock, file system rooted at `root`, the per-user port ledger and the Docker probe.
 *
 * @example
 * ```ts
 * const deps = createNodeDeps({ root: process.cwd() });
 * const plan = await planEnvironment({ architecture: map, projectPath: process.cwd() }, deps);
 * await applyPlan(plan, deps);
 * ```
 */
export function createNodeDeps(
  options: NodeDepsOptions,
): PlanDeps & { fs: ReturnType<typeof createNodeFileSystem> } {
  const root = resolve(options.root);
  const deps: PlanDeps & { fs: ReturnType<typeof createNodeFileSystem> } = {
    probe: createSocketProbe(),
    random: createCryptoRandom(),
    clock: createClock({ sourceDateEpoch: options.sourceDateEpoch }),
    fs: createNodeFileSystem(root),
  };
  if (options.ledgerFile !== false) deps.ledger = createPortLedger(options.ledgerFile);
  if (options.docker !== false) deps.docker = createDockerProbe();
  return deps;
}
