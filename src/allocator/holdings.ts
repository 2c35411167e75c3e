import { type ContainerInfo, KIND_INFO, type LedgerEntry } from "../core/index.js";
import type { AllocateDeps, Plan } from "./types.js";

/** What one allocation knows about who holds which port. */
export interface Holdings {
  /** Service of this project → the port it held, with the evidence. */
  ownByService: Map<string, { port: number; evidence: string }>;
  /** Ports others hold, with a description of the holder. */
  others: Map<number, string>;
  /** Ports a running container of this project publishes: the only proof that a busy port is ours. */
  running: Map<number, string>;
}

function isRunning(container: ContainerInfo): boolean {
  return container.state === "running";
}

/**
 * Who holds which port: this project's services (running container, ledger, stopped container, in
 * that order of strength), other projects (ledger, any container) and the ports a running container of
 * this project publishes.
 *
 * @example
 * ```ts
 * const { ownByService } = await holdings(plans, deps, await ledger.held());
 * ownByService.get("postgres"); // { port: 5594, evidence: "this project holds it in the port ledger" }
 * ```
 */
export async function holdings(plans: Plan[], deps: AllocateDeps, held: LedgerEntry[]): Promise<Holdings> {
  const ownByService = new Map<string, { port: number; evidence: string }>();
  const others = new Map<number, string>();
  const running = new Map<number, string>();
  const kinds = new Map(plans.map((p) => [p.service, p.kind]));

  let containers: ContainerInfo[] = [];
  if (deps.docker !== undefined && (await deps.docker.available())) {
    containers = [...(await deps.docker.containers())].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }
  const ownContainer = (c: ContainerInfo) =>
    deps.composeProject !== undefined && c.project === deps.composeProject;
  // A container of this project that runs is the strongest evidence, then the ledger, then a stopped one.
  for (const c of containers.filter((c) => ownContainer(c) && isRunning(c))) claimContainer(c, "running");
  for (const e of held) {
    if (e.project === deps.projectPath) {
      if (!ownByService.has(e.service)) {
        ownByService.set(e.service, { port: e.port, evidence: "this project holds it in the port ledger" });
      }
    } else if (!others.has(e.port)) {
      others.set(e.port, `project ${e.project} (port ledger)`);
    }
  }
  for (const c of containers.filter((c) => ownContainer(c) && !isRunning(c))) claimContainer(c, "stopped");
  for (const c of containers.filter((c) => !ownContainer(c))) {
    for (const p of c.ports) {
      if (p.hostPort > 0 && !others.has(p.hostPort)) others.set(p.hostPort, `container ${c.name}`);
    }
  }
  return { ownByService, others, running };

  function claimContainer(c: ContainerInfo, state: string): void {
    const ports = c.ports.filter((p) => p.hostPort > 0).sort((a, b) => a.hostPort - b.hostPort);
    const evidence = `published by ${state} container ${c.name} of this project`;
    if (state === "running")
      for (const p of ports) if (!running.has(p.hostPort)) running.set(p.hostPort, `container ${c.name}`);
    if (c.service === undefined || ownByService.has(c.service) || ports.length === 0) return;
    const kind = kinds.get(c.service);
    const containerPort = kind === undefined ? undefined : KIND_INFO[kind].containerPort;
    const main = ports.find((p) => p.containerPort === containerPort) ?? ports[0]!;
    ownByService.set(c.service, { port: main.hostPort, evidence });
  }
}
