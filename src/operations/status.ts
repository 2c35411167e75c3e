import { parseImageRef } from "../compose/image.js";
import type { ComposeFile } from "../compose/model.js";
import { RECIPES } from "../compose/recipes.js";
import {
  type CheckStatus,
  type ContainerInfo,
  type Diagnostic,
  type DockerProbe,
  diagnostic,
  hasErrors,
  SERVICE_KINDS,
  type ServiceKind,
} from "../core/index.js";
import { urlScheme } from "../env/sections.js";
import { expectedFromCompose } from "./diagnose/expected.js";
import { type DigestVerification, verifyDigests } from "./digests.js";
import { startedServices } from "./lifecycle.js";

/** One difference between a running service and its Compose definition. */
export interface ServiceDrift {
  /** `missing`: no container; `image`: another image runs; `ports`: other host ports are published. */
  kind: "missing" | "image" | "ports";
  expected: string;
  actual: string;
}

/** One service of a stack as `status` reports it. */
export interface ServiceState {
  service: string;
  /** The engine's state of its container (the worst one when there are several), or `missing`. */
  state: string;
  /** `healthy`, `unhealthy`, `starting`; absent when the container has no healthcheck. */
  health?: string;
  /** `ready` when running (and healthy where it has a healthcheck). */
  ready: boolean;
  containers: string[];
  /** The image the Compose file names, as written. */
  image?: string;
  /** Host ports the containers publish now. */
  ports: number[];
  /** Host ports the Compose file publishes (after interpolating the env file). */
  expectedPorts: number[];
  /** Where to reach it from the host, e.g. `postgresql://localhost:5433` (no credentials). */
  url?: string;
  drift: ServiceDrift[];
}

/** What {@link stackStatus} returns. */
export interface StatusReport {
  project: string;
  /** `passed`: every service ready, no drift; `failed`: see the diagnostics; `not-checked`: no engine. */
  status: CheckStatus;
  engineAvailable: boolean;
  services: ServiceState[];
  /** Services of the project that run but are not in the Compose file (orphans). */
  orphans: string[];
  /** The image digests compared with IMAGE_DIGESTS, when a digests file was given. */
  digests?: DigestVerification;
  diagnostics: Diagnostic[];
}

/** The input of {@link stackStatus}. */
export interface StatusInput {
  compose: ComposeFile;
  project: string;
  /** The env file's values, to read `${VAR}` host ports. */
  env?: Record<string, string>;
  /** The Compose file's name, for diagnostics. */
  file?: string;
  /** The IMAGE_DIGESTS text and its name: image digest drift is checked when given. */
  imageDigests?: { text: string; file: string };
}

const STATE_RANK: Record<string, number> = { running: 0, created: 1, restarting: 2, paused: 2 };

/** Docker Hub's implicit prefixes: `docker.io/library/postgres` and `postgres` are one repository. */
function normalizeRepository(repository: string): string {
  return repository
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "")
    .replace(/^library\//, "");
}

/** Repository and tag, without registry prefix or digest: what decides whether two references are one image. */
function sameImage(expected: string, actual: string): boolean {
  const a = parseImageRef(expected);
  const b = parseImageRef(actual);
  return (
    normalizeRepository(a.repository) === normalizeRepository(b.repository) &&
    (a.tag ?? "latest") === (b.tag ?? "latest")
  );
}

/** The service kind whose recipe uses this image's repository, for the URL scheme. */
function kindOfImage(image: string | undefined): ServiceKind | undefined {
  if (image === undefined) return undefined;
  const repository = normalizeRepository(parseImageRef(image).repository);
  return SERVICE_KINDS.find((kind) => RECIPES[kind].image === repository);
}

/**
 * The URL a service is reached at from the host: the scheme of its kind (`postgresql`, `redis`,
 * `http` for the rest) and its first published host port. No credentials: they stay in the env file.
 *
 * @example
 * ```ts
 * serviceUrl("postgres:17.6-alpine", 5433); // "postgresql://localhost:5433"
 * ```
 */
export function serviceUrl(image: string | undefined, port: number | undefined): string | undefined {
  if (port === undefined) return undefined;
  const kind = kindOfImage(image);
  return `${kind === undefined ? "http" : urlScheme(kind)}://localhost:${port}`;
}

function stateOf(containers: ContainerInfo[]): { state: string; health?: string } {
  const worst = [...containers].sort(
    (a, b) => (STATE_RANK[b.state] ?? 3) - (STATE_RANK[a.state] ?? 3) || a.name.localeCompare(b.name),
  )[0];
  if (worst === undefined) return { state: "missing" };
  return worst.health !== undefined ? { state: worst.state, health: worst.health } : { state: worst.state };
}

function describePorts(ports: number[]): string {
  return ports.length === 0 ? "none" : ports.join(", ");
}

/** The state and drift of one service, with its diagnostics. */
function serviceState(
  expected: ReturnType<typeof expectedFromCompose>[number],
  containers: ContainerInfo[],
  project: string,
  file: string | undefined,
): { state: ServiceState; diagnostics: Diagnostic[] } {
  const { service } = expected;
  const where = file !== undefined ? { path: `services.${service}`, file } : { path: `services.${service}` };
  const { state, health } = stateOf(containers);
  const ports = [...new Set(containers.flatMap((c) => c.ports.map((p) => p.hostPort)))].sort((a, b) => a - b);
  const ready = state === "running" && (health === undefined || health === "healthy");
  const url = serviceUrl(expected.image, expected.hostPorts[0]);
  const out: ServiceState = {
    service,
    state,
    ...(health !== undefined ? { health } : {}),
    ready,
    containers: containers.map((c) => c.name).sort(),
    ...(expected.image !== undefined ? { image: expected.image } : {}),
    ports,
    expectedPorts: expected.hostPorts,
    ...(url !== undefined ? { url } : {}),
    drift: [],
  };
  const diagnostics: Diagnostic[] = [];
  if (containers.length === 0) {
    out.drift.push({ kind: "missing", expected: "a container", actual: "none" });
    diagnostics.push(
      diagnostic(
        "status/service-missing",
        "error",
        `Service ${service} has no container in project ${project}`,
        {
          ...where,
          hint: "Start the stack: slipway up",
        },
      ),
    );
    return { state: out, diagnostics };
  }
  if (!ready) {
    diagnostics.push(
      diagnostic(
        "status/service-not-ready",
        "error",
        `Service ${service} is ${state}${health !== undefined ? ` (${health})` : ""}`,
        { ...where, hint: `Read its logs: slipway logs ${service} --tail 50` },
      ),
    );
  }
  const image = expected.image;
  // A variable image cannot be compared without its value; digest verification covers pinned ones.
  if (image !== undefined && !image.includes("$")) {
    const other = containers.find((c) => !sameImage(image, c.image));
    if (other !== undefined) {
      out.drift.push({ kind: "image", expected: image, actual: other.image });
      diagnostics.push(
        diagnostic(
          "status/image-drift",
          "error",
          `Service ${service} runs ${other.image}, the Compose file names ${image}`,
          {
            ...where,
            hint: "Recreate it from the file: slipway up",
          },
        ),
      );
    }
  }
  // A stopped container publishes nothing: its ports are no drift, its state is reported above.
  const running = containers.some((c) => c.state === "running");
  const missingPorts = expected.hostPorts.filter((p) => !ports.includes(p));
  const extraPorts = ports.filter((p) => !expected.hostPorts.includes(p));
  if (running && (missingPorts.length > 0 || extraPorts.length > 0)) {
    out.drift.push({
      kind: "ports",
      expected: describePorts(expected.hostPorts),
      actual: describePorts(ports),
    });
    diagnostics.push(
      diagnostic(
        "status/port-drift",
        "error",
        `Service ${service} publishes host ports ${describePorts(ports)}, the Compose file ${describePorts(expected.hostPorts)}`,
        { ...where, hint: "Recreate it from the file (slipway up), or regenerate after changing the ports" },
      ),
    );
  }
  return { state: out, diagnostics };
}

/**
 * The state of a running stack against its Compose file — seed 004's `infra-verify`: each service
 * the file starts (state, health, published host ports, URL) and its drift — no container, another
 * image, other host ports —, containers of services the file no longer has, and, given an
 * IMAGE_DIGESTS text, image digest drift through {@link verifyDigests}. Reads the engine only.
 *
 * @example
 * ```ts
 * const report = await stackStatus(
 *   { compose, project: "shop-1a2b3c4d", env: { POSTGRES_PORT: "5433" } },
 *   { docker: createDockerProbe() },
 * );
 * for (const s of report.services) console.log(s.service, s.state, s.health ?? "", s.url ?? "");
 * ```
 */
export async function stackStatus(input: StatusInput, deps: { docker: DockerProbe }): Promise<StatusReport> {
  const engineAvailable = await deps.docker.available();
  const options: { project: string; env: Record<string, string>; file?: string } = {
    project: input.project,
    env: input.env ?? {},
  };
  if (input.file !== undefined) options.file = input.file;
  const containers = engineAvailable
    ? (await deps.docker.containers()).filter((c) => c.project === input.project)
    : [];
  // The services a plain `up` starts, and those behind a profile that were started by name.
  const started = new Set(startedServices(input.compose, undefined));
  for (const c of containers) if (c.service !== undefined) started.add(c.service);
  const expected = expectedFromCompose(input.compose, options).filter((e) => started.has(e.service));
  const diagnostics: Diagnostic[] = [];
  const services: ServiceState[] = [];
  for (const e of expected) {
    const mine = containers.filter((c) => c.service === e.service);
    const one = serviceState(e, mine, input.project, input.file);
    if (engineAvailable) diagnostics.push(...one.diagnostics);
    else {
      // Without an engine nothing is known of the containers: no state, so no drift either.
      one.state.state = "unknown";
      one.state.drift = [];
    }
    services.push(one.state);
  }
  const known = new Set(Object.keys(input.compose.services));
  const orphans = [
    ...new Set(containers.map((c) => c.service).filter((s): s is string => s !== undefined && !known.has(s))),
  ].sort();
  for (const orphan of orphans) {
    diagnostics.push(
      diagnostic(
        "status/orphan",
        "warning",
        `Service ${orphan} runs in project ${input.project} but is not in the Compose file`,
        {
          hint: "Remove it with slipway down (it removes orphans), then slipway up",
        },
      ),
    );
  }
  if (!engineAvailable) {
    diagnostics.push(
      diagnostic("engine/unavailable", "warning", "No Docker engine answers; the stack's state is unknown", {
        hint: "Start Docker (or set DOCKER_HOST) and run again",
      }),
    );
  }
  const report: StatusReport = {
    project: input.project,
    status: "passed",
    engineAvailable,
    services,
    orphans,
    diagnostics,
  };
  if (input.imageDigests !== undefined) {
    report.digests = await verifyDigests(input.compose, input.imageDigests.text, deps, {
      file: input.imageDigests.file,
    });
    diagnostics.push(...report.digests.diagnostics.filter((d) => d.code !== "engine/unavailable"));
  }
  report.status = hasErrors(diagnostics) ? "failed" : engineAvailable ? "passed" : "not-checked";
  return report;
}
