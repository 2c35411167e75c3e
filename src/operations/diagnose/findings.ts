import type { ContainerDetails, ContainerInfo, PortProbe, SkippedCheck } from "../../core/index.js";
import { networksCommand, statusCommand, upCommand } from "./commands.js";
import type { CurrentServiceState, DiagnosisFinding, ExpectedService } from "./types.js";

/** What the finding steps share: the engine's answers and the states observed from them. */
export interface FindingContext {
  project: string | undefined;
  file: string | undefined;
  /** Every container the engine lists. */
  all: ContainerInfo[];
  existingNetworks: Set<string>;
  byService: Map<string, ContainerInfo[]>;
  stateOf: Map<string, CurrentServiceState>;
  /** Services that are not running or unhealthy. */
  down: Set<string>;
  inspect: (c: ContainerInfo) => Promise<ContainerDetails | undefined>;
  probe: PortProbe | undefined;
  /** Checks that could not run are added here. */
  skipped: SkippedCheck[];
}

/**
 * The findings of one expected service: its state, networks, dependencies' reachability and ports.
 *
 * @example
 * ```ts
 * for (const e of expected) findings.push(...(await serviceFindings(e, ctx)));
 * ```
 */
export async function serviceFindings(e: ExpectedService, ctx: FindingContext): Promise<DiagnosisFinding[]> {
  const { project, file } = ctx;
  const findings: DiagnosisFinding[] = [];
  const containers = ctx.byService.get(e.service)!;
  const primary = containers.find((c) => c.state === "running") ?? containers[0];
  const where = { file: e.source.file ?? file, path: e.source.path };
  const downDeps = e.dependsOn.filter((d) => ctx.down.has(d));
  const becauseOfDeps =
    downDeps.length > 0
      ? `; it depends on ${downDeps.join(", ")}, which ${downDeps.length === 1 ? "is" : "are"} failing too — fix that first`
      : "";
  if (primary === undefined) {
    findings.push({
      code: "diagnose/not-running",
      severity: "error",
      service: e.service,
      rootCause: `Service ${e.service} has no container${becauseOfDeps}`,
      fix: { ...where, change: `Start it: ${upCommand(project, e.service, file)}` },
      verification: [statusCommand(project)],
    });
    return findings;
  }
  const step = { e, primary, where, project, file, s: ctx.stateOf.get(e.service)!, containers };
  const state = await stateFinding(step, becauseOfDeps, ctx);
  if (state !== undefined) findings.push(state);
  findings.push(
    ...networkFindings(step, ctx),
    ...dependencyFindings(step, ctx),
    ...(await portFindings(step, ctx)),
  );
  return findings;
}

/** One service with a container, as the steps below look at it. */
interface ServiceStep {
  e: ExpectedService;
  primary: ContainerInfo;
  containers: ContainerInfo[];
  s: CurrentServiceState;
  where: { file: string | undefined; path: string };
  project: string | undefined;
  file: string | undefined;
}

/** Exited, unhealthy or still starting. */
async function stateFinding(
  { e, primary, s, where, project, file }: ServiceStep,
  becauseOfDeps: string,
  ctx: FindingContext,
): Promise<DiagnosisFinding | undefined> {
  const d = await ctx.inspect(primary);
  if (primary.state !== "running") {
    const lastHealth = d?.health?.log.at(-1);
    return {
      code: "diagnose/exited",
      severity: "error",
      service: e.service,
      rootCause: `Service ${e.service} is ${primary.state}${s.exitCode !== undefined ? ` with status ${s.exitCode}` : ""}${d?.error !== undefined ? ` (${d.error})` : ""}${becauseOfDeps}`,
      ...(lastHealth !== undefined ? { evidence: lastHealth.output } : {}),
      fix: {
        ...where,
        change: `Read why in its logs (docker logs ${primary.name} --tail 100), fix the cause, then ${upCommand(project, e.service, file)}`,
      },
      verification: [`docker logs ${primary.name} --tail 100`, statusCommand(project)],
    };
  } else if (primary.health === "unhealthy") {
    const last = d?.health?.log.at(-1);
    return {
      code: "diagnose/unhealthy",
      severity: "error",
      service: e.service,
      rootCause: `Service ${e.service} is unhealthy${d?.health !== undefined ? ` after ${d.health.failingStreak} failed checks` : ""}${becauseOfDeps}`,
      ...(last !== undefined
        ? { evidence: `healthcheck exit ${last.exitCode}: ${last.output || "no output"}` }
        : {}),
      fix: { ...where, change: `Check its healthcheck and logs (docker logs ${primary.name} --tail 100)` },
      verification: [`docker inspect --format='{{.State.Health.Status}}' ${primary.name}`],
    };
  } else if (primary.health === "starting") {
    return {
      code: "diagnose/starting",
      severity: "info",
      service: e.service,
      rootCause: `Service ${e.service} is still starting (health: starting)`,
      fix: { change: "Wait for the healthcheck to pass, then diagnose again" },
      verification: [`docker inspect --format='{{.State.Health.Status}}' ${primary.name}`],
    };
  }
  return undefined;
}

/** The service must be on each network it is declared on, and each network must exist. */
function networkFindings({ e, primary, s, where, project, file }: ServiceStep, ctx: FindingContext) {
  const findings: DiagnosisFinding[] = [];
  for (const network of e.networks) {
    if (!ctx.existingNetworks.has(network)) {
      findings.push({
        code: "diagnose/network-absent",
        severity: "error",
        service: e.service,
        rootCause: `Network ${network} of service ${e.service} does not exist`,
        fix: {
          ...where,
          change: `Create it (docker network create ${network}) or start the stack that owns it`,
        },
        verification: [`docker network ls --filter name=^${network}$`],
      });
      continue;
    }
    if (primary.state === "running" && !s.networks.includes(network)) {
      findings.push({
        code: "diagnose/network-missing",
        severity: "error",
        service: e.service,
        rootCause: `Service ${e.service} is not on network ${network}`,
        evidence: `${primary.name} is on: ${s.networks.join(", ") || "no network"}`,
        fix: {
          file: where.file,
          path: `${e.source.path}.networks`,
          change: `Recreate the container so it joins ${network}: ${upCommand(project, e.service, file)} --force-recreate`,
        },
        verification: [networksCommand(primary.name)],
      });
    }
  }
  return findings;
}

/** Dependencies must share a network with the service to be reachable by name. */
function dependencyFindings({ e, primary, s, where }: ServiceStep, ctx: FindingContext) {
  const findings: DiagnosisFinding[] = [];
  for (const dep of e.dependsOn) {
    const other = ctx.stateOf.get(dep);
    if (other === undefined || other.networks.length === 0 || primary.state !== "running") continue;
    if (!s.networks.some((n) => other.networks.includes(n))) {
      const depContainer = ctx.byService.get(dep)?.[0]?.name ?? dep;
      findings.push({
        code: "diagnose/unreachable-dependency",
        severity: "error",
        service: e.service,
        rootCause: `Service ${e.service} shares no network with its dependency ${dep}, so it cannot reach ${dep} by name`,
        evidence: `${primary.name}: ${s.networks.join(", ") || "none"}; ${depContainer}: ${other.networks.join(", ")}`,
        fix: {
          file: where.file,
          path: `${e.source.path}.networks`,
          change: `Add one of ${other.networks.join(", ")} to the networks of ${e.service}`,
        },
        verification: [networksCommand(primary.name), networksCommand(depContainer)],
      });
    }
  }
  return findings;
}

/** Each host port must be published by the service; else say who holds it, when anyone does. */
async function portFindings(step: ServiceStep, ctx: FindingContext): Promise<DiagnosisFinding[]> {
  const { e, primary, s, where, project, file, containers } = step;
  const findings: DiagnosisFinding[] = [];
  for (const port of e.hostPorts) {
    if (s.ports.includes(port)) continue;
    const holder = ctx.all.find(
      (c) => !containers.includes(c) && c.state === "running" && c.ports.some((p) => p.hostPort === port),
    );
    if (holder !== undefined) {
      findings.push({
        code: "diagnose/port-conflict",
        severity: "error",
        service: e.service,
        rootCause: `Port ${port} of ${e.service} is published by container ${holder.name}${holder.project !== undefined ? ` (project ${holder.project})` : ""}`,
        fix: {
          ...where,
          change: `Stop ${holder.name} (docker stop ${holder.name}) or give ${e.service} another port`,
        },
        verification: [`docker ps --filter publish=${port} --format "{{.Names}}"`],
      });
      continue;
    }
    const probed = ctx.probe !== undefined ? await ctx.probe.check(port) : undefined;
    if (probed === "in-use") {
      findings.push({
        code: "diagnose/port-conflict",
        severity: "error",
        service: e.service,
        rootCause: `Port ${port} of ${e.service} is held by a process outside Docker`,
        fix: { ...where, change: `Stop that process or give ${e.service} another port` },
        verification: [`ss -ltnp 'sport = :${port}'`],
      });
    } else if (primary.state === "running") {
      findings.push({
        code: "diagnose/port-not-published",
        severity: "error",
        service: e.service,
        rootCause: `Service ${e.service} does not publish port ${port}`,
        evidence: `${primary.name} publishes: ${s.ports.join(", ") || "nothing"}`,
        fix: {
          ...where,
          change: `Recreate it with the current file: ${upCommand(project, e.service, file)} --force-recreate`,
        },
        verification: [`docker port ${primary.name}`],
      });
    } else if (probed === undefined) {
      // Nobody in Docker holds it and the service is down: only a PortProbe could tell whether a
      // process outside Docker would keep the service from publishing it.
      ctx.skipped.push({
        check: `port ${port} of ${e.service}`,
        reason: "no PortProbe was given, so a process outside Docker holding it was not looked for",
        path: e.source.path,
      });
    }
  }
  return findings;
}

/**
 * Containers of the project no service of the file describes.
 *
 * @example
 * ```ts
 * orphanFindings("shop", expected, await docker.containers()); // [{ code: "diagnose/orphan", … }]
 * ```
 */
export function orphanFindings(
  project: string | undefined,
  expected: ExpectedService[],
  all: ContainerInfo[],
): DiagnosisFinding[] {
  if (project === undefined) return [];
  const known = new Set(expected.map((e) => e.service));
  const findings: DiagnosisFinding[] = [];
  for (const c of all) {
    if (c.project !== project || c.service === undefined || known.has(c.service)) continue;
    findings.push({
      code: "diagnose/orphan",
      severity: "warning",
      service: c.service,
      rootCause: `Container ${c.name} belongs to project ${project} but its service ${c.service} is not in the file`,
      fix: { change: `Remove it: docker compose -p ${project} up -d --remove-orphans` },
      verification: [statusCommand(project)],
    });
  }
  return findings;
}
