import type { ContainerDetails, ContainerInfo } from "../../core/index.js";
import type { CurrentServiceState, ExpectedService } from "./types.js";

/** What the engine shows of the expected services. */
export interface ObservedServices {
  /** The containers of each expected service. */
  byService: Map<string, ContainerInfo[]>;
  current: CurrentServiceState[];
  /** Services that are not running or unhealthy. */
  down: Set<string>;
}

/**
 * Matches the engine's containers to the expected services (a fixed container name, else the
 * Compose service label within the project) and reads each service's current state.
 *
 * @example
 * ```ts
 * const { current, down } = await observeServices(expected, await docker.containers(), "shop", inspect);
 * ```
 */
export async function observeServices(
  expected: ExpectedService[],
  all: ContainerInfo[],
  project: string | undefined,
  inspect: (c: ContainerInfo) => Promise<ContainerDetails | undefined>,
): Promise<ObservedServices> {
  const belongs = (c: ContainerInfo, e: ExpectedService): boolean => {
    if (e.containerName !== undefined && c.name === e.containerName) return true;
    if (c.service !== e.service) return project === undefined && c.name === e.service;
    return project === undefined || c.project === project;
  };
  const byService = new Map<string, ContainerInfo[]>();
  for (const e of expected)
    byService.set(
      e.service,
      all.filter((c) => belongs(c, e)),
    );
  const current: CurrentServiceState[] = [];
  const down = new Set<string>();
  for (const e of expected) {
    const containers = byService.get(e.service)!;
    const primary = containers.find((c) => c.state === "running") ?? containers[0];
    if (primary === undefined) {
      current.push({
        service: e.service,
        mark: "error",
        containers: [],
        state: "not running",
        ports: [],
        networks: [],
      });
      down.add(e.service);
      continue;
    }
    const state: CurrentServiceState = {
      service: e.service,
      mark: "ok",
      containers: containers.map((c) => c.name).sort(),
      state: primary.state,
      ports: [...new Set(containers.flatMap((c) => c.ports.map((p) => p.hostPort)))].sort((a, b) => a - b),
      networks: [...new Set(containers.flatMap((c) => c.networks))].sort(),
    };
    if (primary.health !== undefined) state.health = primary.health;
    if (primary.state !== "running" || primary.health === "unhealthy") {
      state.mark = "error";
      down.add(e.service);
      const d = await inspect(primary);
      if (d?.exitCode !== undefined && primary.state !== "running") state.exitCode = d.exitCode;
    } else if (primary.health === "starting") state.mark = "warning";
    current.push(state);
  }
  return { byService, current, down };
}
