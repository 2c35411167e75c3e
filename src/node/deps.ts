import { resolve } from "node:path";
import type { Clock, DockerProbe, PortLedger, PortProbe, Random } from "../core/index.js";
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
 * The real adapters `createNodeDeps` returns: a `PlanDeps` (`slipway`), spelled with the core
 * interfaces so the adapters need nothing from the plan module.
 */
export interface NodeDeps {
  probe: PortProbe;
  random: Random;
  clock: Clock;
  fs: ReturnType<typeof createNodeFileSystem>;
  ledger?: PortLedger;
  docker?: DockerProbe;
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
export function createNodeDeps(options: NodeDepsOptions): NodeDeps {
  const root = resolve(options.root);
  const deps: NodeDeps = {
    probe: createSocketProbe(),
    random: createCryptoRandom(),
    clock: createClock({ sourceDateEpoch: options.sourceDateEpoch }),
    fs: createNodeFileSystem(root),
  };
  if (options.ledgerFile !== false) deps.ledger = createPortLedger(options.ledgerFile);
  if (options.docker !== false) deps.docker = createDockerProbe();
  return deps;
}
