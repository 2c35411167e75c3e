import type { ComposeFile } from "../compose/model.js";
import {
  type CheckStatus,
  type ContainerInfo,
  type Diagnostic,
  type DockerProbe,
  diagnostic,
  hasErrors,
  type PortHolderProbe,
  type PortProbe,
  type SkippedCheck,
  type SystemResources,
} from "../core/index.js";
import { projectName } from "./lifecycle.js";

/** The default pre-flight baseline: 2 GiB of free disk, 1 GiB of free memory. */
export const DEFAULT_BASELINE = { diskBytes: 2 * 1024 ** 3, memoryBytes: 1024 ** 3 } as const;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const NO_ENGINE = "no Docker engine answers";

/** What {@link preflight} returns. */
export interface PreflightReport {
  /** `failed` when a diagnostic is an error, else `not-checked` when a check could not run, else `passed`. */
  status: CheckStatus;
  engineAvailable: boolean;
  /** The checks that did not run, with the reason (no engine, no SystemResources given). */
  skipped: SkippedCheck[];
  diagnostics: Diagnostic[];
}

/** The input of {@link preflight}. */
export interface PreflightInput {
  compose: ComposeFile;
  /** Service → allocated host port. */
  ports: Record<string, number>;
  composeProject?: string;
  baseline?: { diskBytes?: number; memoryBytes?: number };
}

function formatBytes(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / MiB)} MiB`;
}

function describeHolder(c: ContainerInfo): string {
  return c.project !== undefined ? `container ${c.name} (project ${c.project})` : `container ${c.name}`;
}

/**
 * Checks, before `up`, what the seed's `infra-up.sh` checks: a Docker engine answers; every
 * allocated host port is free or already published by this project's own containers; no network
 * the file names explicitly exists outside the project (seed 000, check 3); and free disk and memory
 * meet the baseline. All problems are reported at once. A check that could not run — networks and
 * port holders without an engine, disk and memory without `deps.system` — is listed in `skipped`
 * with the reason, never counted as passed. With `deps.holders`, a port another process holds is
 * reported with that process's id and command name when the system tells.
 *
 * @example
 * ```ts
 * const report = await preflight(
 *   { compose, ports: { postgres: 5433, redis: 6380 }, composeProject: "shop" },
 *   { docker: createDockerProbe(), probe: createSocketProbe(), system: createSystemResources(), holders: createPortHolderProbe() },
 * );
 * if (report.status === "failed") console.error(report.diagnostics.map(formatDiagnostic).join("\n"));
 * for (const s of report.skipped) console.log(`not checked: ${s.check}: ${s.reason}`);
 * ```
 */
export async function preflight(
  input: PreflightInput,
  deps: { docker: DockerProbe; probe: PortProbe; system?: SystemResources; holders?: PortHolderProbe },
): Promise<PreflightReport> {
  const out: Diagnostic[] = [];
  const skipped: SkippedCheck[] = [];
  const project = projectName(input.compose, input.composeProject);
  const engine = await deps.docker.available();
  if (!engine) {
    out.push(
      diagnostic("engine/required", "error", "No Docker engine answers; the stack cannot start", {
        hint: "Start Docker (systemctl start docker, or Docker Desktop), or set DOCKER_HOST",
      }),
    );
    if (Object.keys(input.ports).length > 0) {
      skipped.push({
        check: "containers publishing the ports",
        reason: `${NO_ENGINE}; the ports were only tried on the host`,
      });
    }
  }
  const containers = engine ? await deps.docker.containers() : [];
  out.push(...(await portChecks(input.ports, containers, project, deps.probe, deps.holders)));
  if (engine) out.push(...networkChecks(input.compose, containers, project, await deps.docker.networks()));
  else if (namedNetworks(input.compose).length > 0) skipped.push({ check: "networks", reason: NO_ENGINE });
  if (deps.system !== undefined) out.push(...(await baselineChecks(input.baseline, deps.system)));
  else {
    for (const check of ["free disk", "free memory"]) {
      skipped.push({ check, reason: "no SystemResources was given (deps.system)" });
    }
  }
  const status: CheckStatus = hasErrors(out) ? "failed" : skipped.length > 0 ? "not-checked" : "passed";
  return { status, engineAvailable: engine, skipped, diagnostics: out };
}

/** Every allocated port is free, or published by this project's own containers. */
async function portChecks(
  ports: Record<string, number>,
  containers: ContainerInfo[],
  project: string | undefined,
  probe: PortProbe,
  holderProbe: PortHolderProbe | undefined,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const running = containers.filter((c) => c.state === "running" || c.state === "restarting");
  for (const service of Object.keys(ports).sort()) {
    const port = ports[service]!;
    const path = `ports.${service}`;
    const holders = running.filter((c) => c.ports.some((p) => p.hostPort === port));
    const own = holders.filter((c) => project !== undefined && c.project === project);
    const others = holders.filter((c) => !own.includes(c));
    if (others.length > 0) {
      out.push(
        diagnostic(
          "preflight/port-in-use",
          "error",
          `Port ${port} of ${service} is published by ${others.map(describeHolder).join(", ")}`,
          {
            path,
            hint: `Stop that container (docker stop ${others[0]!.name}) or allocate another port for ${service}`,
          },
        ),
      );
      continue;
    }
    if (own.length > 0) {
      out.push(
        diagnostic(
          "preflight/port-held-by-project",
          "info",
          `Port ${port} of ${service} is already published by this project (${own.map((c) => c.name).join(", ")})`,
          { path },
        ),
      );
      continue;
    }
    const state = await probe.check(port);
    if (state === "in-use") {
      const holder = await holderProbe?.holder(port);
      const who =
        holder === undefined
          ? "another process"
          : `process ${holder.pid}${holder.command !== undefined ? ` (${holder.command})` : ""}`;
      out.push(
        diagnostic("preflight/port-in-use", "error", `Port ${port} of ${service} is in use by ${who}`, {
          path,
          hint:
            holder === undefined
              ? `Find it with \`ss -ltnp 'sport = :${port}'\` (Windows: netstat -ano | findstr :${port}), stop it, or allocate another port`
              : `Stop process ${holder.pid} (kill ${holder.pid}) or allocate another port for ${service}`,
        }),
      );
    } else if (state === "forbidden") {
      out.push(
        diagnostic("preflight/port-forbidden", "error", `Port ${port} of ${service} cannot be bound here`, {
          path,
          hint: "Use a port above 1024 or one the system allows",
        }),
      );
    }
  }
  return out;
}

/** The networks the file gives an explicit engine name and does not mark external, by key. */
function namedNetworks(compose: ComposeFile): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, definition] of Object.entries(compose.networks ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const explicit = definition?.name;
    if (definition?.external === true || explicit === undefined) continue;
    out.push([key, explicit]);
  }
  return out;
}

/** No network the file names explicitly exists outside the project already. */
function networkChecks(
  compose: ComposeFile,
  containers: ContainerInfo[],
  project: string | undefined,
  networks: string[],
): Diagnostic[] {
  const existing = new Set(networks);
  const out: Diagnostic[] = [];
  for (const [key, explicit] of namedNetworks(compose)) {
    const mine = containers.some((c) => c.project === project && c.networks.includes(explicit));
    if (existing.has(explicit) && !mine) {
      out.push(
        diagnostic("preflight/network-exists", "warning", `Network ${explicit} already exists`, {
          path: `networks.${key}.name`,
          hint: `Another stack may share it; rename it (e.g. ${explicit}-2) or mark it external if sharing is intended`,
        }),
      );
    }
  }
  return out;
}

/** Free disk and memory meet the baseline. */
async function baselineChecks(
  baseline: PreflightInput["baseline"],
  system: SystemResources,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const wantDisk = baseline?.diskBytes ?? DEFAULT_BASELINE.diskBytes;
  const wantMemory = baseline?.memoryBytes ?? DEFAULT_BASELINE.memoryBytes;
  const disk = await system.freeDiskBytes();
  if (disk < wantDisk) {
    out.push(
      diagnostic(
        "preflight/low-disk",
        "warning",
        `Free disk ${formatBytes(disk)} is below the baseline of ${formatBytes(wantDisk)}`,
        { hint: "Free space (docker system prune removes unused images and build cache)" },
      ),
    );
  }
  const memory = await system.freeMemoryBytes();
  if (memory < wantMemory) {
    out.push(
      diagnostic(
        "preflight/low-memory",
        "warning",
        `Free memory ${formatBytes(memory)} is below the baseline of ${formatBytes(wantMemory)}`,
        { hint: "Close other containers or applications before starting the stack" },
      ),
    );
  }
  return out;
}
