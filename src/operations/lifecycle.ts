import type { ComposeFile } from "../compose/model.js";
import {
  type Clock,
  type ComposeRunner,
  type ComposeTarget,
  type ContainerDetails,
  type ContainerInfo,
  type Diagnostic,
  type DockerProbe,
  diagnostic,
  type InspectingDockerProbe,
  type Result,
  resultOf,
} from "../core/index.js";

/**
 * The Compose project: the one given, else the file's top-level `name`.
 *
 * @example
 * ```ts
 * projectName({ name: "shop", services: {} }, undefined); // "shop"
 * ```
 */
export function projectName(compose: ComposeFile, composeProject: string | undefined): string | undefined {
  return composeProject ?? compose.name;
}

/** What one service looked like when `up` finished waiting. */
export interface ServiceStatus {
  service: string;
  containers: string[];
  /** `ready`: running and healthy (or done, for one-shot services); otherwise what blocks it. */
  status: "ready" | "starting" | "unhealthy" | "exited" | "missing";
  state?: string;
  health?: string;
}

/** What `up` reports when every service is ready. */
export interface UpReport {
  project: string;
  services: ServiceStatus[];
  /** Time from the `up` command to the last service turning ready, by the injected clock. */
  elapsedMs: number;
}

/** The input of `up`, `down` and `reset`: the Compose model and how to run Compose on it. */
export interface LifecycleInput extends ComposeTarget {
  compose: ComposeFile;
  /** The Compose project name; default the file's top-level `name`. */
  project?: string;
}

/** Services other services wait on with `service_completed_successfully`: done when exited 0. */
function oneShotServices(compose: ComposeFile): Set<string> {
  const out = new Set<string>();
  for (const service of Object.values(compose.services)) {
    const deps = service.depends_on;
    if (deps === undefined || Array.isArray(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) {
      if (spec.condition === "service_completed_successfully") out.add(name);
    }
  }
  return out;
}

/**
 * The services `up` starts: the requested ones and what they depend on; with none requested, every
 * service without a profile and not scaled to zero. Sorted.
 *
 * @example
 * ```ts
 * startedServices(compose, ["api"]); // ["api", "postgres"] when api depends on postgres
 * ```
 */
export function startedServices(compose: ComposeFile, requested: string[] | undefined): string[] {
  const all = Object.keys(compose.services);
  if (requested === undefined || requested.length === 0) {
    return all
      .filter((name) => {
        const s = compose.services[name]!;
        return (s.profiles === undefined || s.profiles.length === 0) && s.deploy?.replicas !== 0;
      })
      .sort();
  }
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || compose.services[name] === undefined) return;
    seen.add(name);
    const deps = compose.services[name]!.depends_on;
    for (const dep of deps === undefined ? [] : Array.isArray(deps) ? deps : Object.keys(deps)) visit(dep);
  };
  for (const name of requested) visit(name);
  return [...seen].sort();
}

function statusOf(service: string, containers: ContainerInfo[], oneShot: boolean): ServiceStatus {
  const names = containers.map((c) => c.name).sort();
  if (containers.length === 0) return { service, containers: names, status: "missing" };
  let worst: ServiceStatus = { service, containers: names, status: "ready" };
  const rank = { ready: 0, starting: 1, missing: 2, unhealthy: 3, exited: 4 } as const;
  for (const c of containers) {
    let status: ServiceStatus["status"];
    if (c.state === "exited" && oneShot) status = c.health === "unhealthy" ? "unhealthy" : "ready";
    else if (c.state === "exited" || c.state === "dead" || c.state === "restarting") status = "exited";
    else if (c.health === "unhealthy") status = "unhealthy";
    else if (c.state !== "running" || c.health === "starting") status = "starting";
    else status = "ready";
    if (rank[status] >= rank[worst.status]) {
      worst = { service, containers: names, status, state: c.state };
      if (c.health !== undefined) worst.health = c.health;
    }
  }
  return worst;
}

async function collectStatus(
  compose: ComposeFile,
  project: string,
  services: string[],
  docker: DockerProbe,
): Promise<{ statuses: ServiceStatus[]; containers: ContainerInfo[] }> {
  const containers = (await docker.containers()).filter((c) => c.project === project);
  const oneShot = oneShotServices(compose);
  const statuses = services.map((service) =>
    statusOf(
      service,
      containers.filter((c) => c.service === service),
      oneShot.has(service),
    ),
  );
  return { statuses, containers };
}

function lastLines(text: string, count: number): string {
  return text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(-count)
    .join("\n");
}

async function explainFailure(
  status: ServiceStatus,
  ctx: {
    project: string;
    target: ComposeTarget;
    containers: ContainerInfo[];
    docker: InspectingDockerProbe;
    runner: ComposeRunner;
    timedOut: boolean;
    timeoutMs: number;
  },
): Promise<Diagnostic> {
  const path = `services.${status.service}`;
  const container = ctx.containers.find((c) => c.service === status.service);
  let details: ContainerDetails | undefined;
  if (container !== undefined && ctx.docker.inspectContainer !== undefined) {
    details = await ctx.docker.inspectContainer(container.id);
  }
  let logs = "";
  if (ctx.runner.logs !== undefined && status.status !== "missing") {
    const outcome = await ctx.runner.logs({
      ...ctx.target,
      project: ctx.project,
      service: status.service,
      tail: 20,
    });
    // docker-compose 1.x starts its output with "Attaching to …"; that is not the service's log.
    if (outcome.ok) logs = lastLines(outcome.stdout.replace(/^Attaching to .*$/gm, ""), 5);
  }
  const logHint = container !== undefined ? `docker logs ${container.name} --tail 100` : "";
  switch (status.status) {
    case "unhealthy": {
      const last = details?.health?.log.at(-1);
      const streak = details?.health?.failingStreak;
      const evidence = last !== undefined ? `: exit ${last.exitCode}, ${last.output || "no output"}` : "";
      return diagnostic(
        "lifecycle/unhealthy",
        "error",
        `Service ${status.service} is unhealthy${streak !== undefined ? ` after ${streak} failed checks` : ""}${evidence}`,
        {
          path,
          hint: `Check its healthcheck and logs (${logHint || `docker compose -p ${ctx.project} logs ${status.service}`})${logs !== "" ? `; last log lines:\n${logs}` : ""}`,
        },
      );
    }
    case "exited": {
      const code = details?.exitCode;
      const why = details?.error !== undefined ? ` (${details.error})` : "";
      return diagnostic(
        "lifecycle/exited",
        "error",
        `Service ${status.service} is ${status.state ?? "exited"}${code !== undefined ? ` with status ${code}` : ""}${why}`,
        {
          path,
          hint: `Read its logs (${logHint || `docker compose -p ${ctx.project} logs ${status.service}`})${logs !== "" ? `; last log lines:\n${logs}` : ""}`,
        },
      );
    }
    case "missing":
      return diagnostic("lifecycle/no-container", "error", `Service ${status.service} has no container`, {
        path,
        hint: `Compose did not create it; run \`docker compose -p ${ctx.project} up -d ${status.service}\` to see why`,
      });
    default: {
      const last = details?.health?.log.at(-1);
      const evidence =
        last !== undefined ? `; last check: exit ${last.exitCode}, ${last.output || "no output"}` : "";
      return diagnostic(
        "lifecycle/timeout",
        "error",
        `Service ${status.service} not ready after ${Math.round(ctx.timeoutMs / 1000)} s (state ${status.state ?? "unknown"}${status.health !== undefined ? `, health ${status.health}` : ""})${evidence}`,
        {
          path,
          hint: `Give it more time (\`slipway up --timeout SECONDS\`, \`timeoutMs\` in the library) or read its logs (${logHint || `docker compose -p ${ctx.project} logs ${status.service}`})${logs !== "" ? `; last log lines:\n${logs}` : ""}`,
        },
      );
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts a stack (`up -d` through the injected runner) and waits until every started service is
 * ready — running and healthy where it has a healthcheck, exited 0 for one-shot services — or the
 * timeout passes. A failure says which service failed and why: its health log, exit status, engine
 * error and last log lines. `deps.onProgress` sees every poll, for live progress. Compose's own
 * `--wait` is never used: docker-compose 1.29 does not have it.
 *
 * @example
 * ```ts
 * const r = await up(
 *   { compose, files: ["docker-compose.yml"], envFile: ".env.development", project: "shop" },
 *   { runner: createComposeRunner({ cwd }), docker: createDockerProbe(), clock: createClock() },
 * );
 * if (!r.ok) for (const d of r.diagnostics) console.error(formatDiagnostic(d));
 * ```
 */
export async function up(
  input: LifecycleInput & {
    services?: string[];
    /** `false`: return once Compose has started the containers, without waiting for health. */
    wait?: boolean;
  },
  deps: {
    runner: ComposeRunner;
    docker: InspectingDockerProbe;
    clock: Clock;
    sleep?: (ms: number) => Promise<void>;
    timeoutMs?: number;
    pollMs?: number;
    /** Called after `compose up` returned, then at every poll, with each started service's status. */
    onProgress?: (services: ServiceStatus[]) => void;
  },
): Promise<Result<UpReport>> {
  const project = projectName(input.compose, input.project);
  if (project === undefined) {
    return resultOf({ project: "", services: [], elapsedMs: 0 }, [
      diagnostic("lifecycle/no-project", "error", "Missing Compose project name", {
        hint: "Pass `project` (a plan's `project.composeProject`, the COMPOSE_PROJECT_NAME of its env files), or give the Compose file a top-level `name`",
      }),
    ]);
  }
  if (!(await deps.docker.available())) {
    return resultOf({ project, services: [], elapsedMs: 0 }, [
      diagnostic("engine/required", "error", "No Docker engine answers; the stack cannot start", {
        hint: "Start Docker (systemctl start docker, or Docker Desktop), or set DOCKER_HOST",
      }),
    ]);
  }
  const sleep = deps.sleep ?? defaultSleep;
  const timeoutMs = deps.timeoutMs ?? 120_000;
  const pollMs = deps.pollMs ?? 1000;
  const target: ComposeTarget = { files: input.files, project };
  if (input.envFile !== undefined) target.envFile = input.envFile;
  const services = startedServices(input.compose, input.services);
  const started = deps.clock.now().getTime();
  const upOptions: ComposeTarget & { services?: string[] } = { ...target };
  if (input.services !== undefined) upOptions.services = input.services;
  const outcome = await deps.runner.up(upOptions);
  const elapsed = () => deps.clock.now().getTime() - started;
  const explain = async (statuses: ServiceStatus[], containers: ContainerInfo[], timedOut: boolean) => {
    const out: Diagnostic[] = [];
    for (const s of statuses) {
      if (s.status === "ready") continue;
      if (!timedOut && s.status === "starting") continue;
      out.push(
        await explainFailure(s, {
          project,
          target,
          containers,
          docker: deps.docker,
          runner: deps.runner,
          timedOut,
          timeoutMs,
        }),
      );
    }
    return out;
  };
  if (!outcome.ok) {
    const { statuses, containers } = await collectStatus(input.compose, project, services, deps.docker);
    const failures = await explain(
      statuses.filter((s) => s.status !== "missing"),
      containers,
      false,
    );
    return resultOf({ project, services: statuses, elapsedMs: elapsed() }, [
      diagnostic(
        "lifecycle/up-failed",
        "error",
        `\`${outcome.command.join(" ")}\` failed with status ${outcome.exitCode}: ${lastLines(outcome.stderr, 3) || "no output"}`,
        { hint: "The service diagnostics below say which container failed, when one did" },
      ),
      ...failures,
    ]);
  }
  for (;;) {
    const { statuses, containers } = await collectStatus(input.compose, project, services, deps.docker);
    deps.onProgress?.(statuses);
    if (input.wait === false) return resultOf({ project, services: statuses, elapsedMs: elapsed() }, []);
    const failed = statuses.filter((s) => s.status === "unhealthy" || s.status === "exited");
    if (failed.length > 0) {
      return resultOf(
        { project, services: statuses, elapsedMs: elapsed() },
        await explain(statuses, containers, false),
      );
    }
    if (statuses.every((s) => s.status === "ready")) {
      return resultOf({ project, services: statuses, elapsedMs: elapsed() }, []);
    }
    if (elapsed() >= timeoutMs) {
      return resultOf(
        { project, services: statuses, elapsedMs: elapsed() },
        await explain(statuses, containers, true),
      );
    }
    await sleep(pollMs);
  }
}

/** What `down` and `reset` report. */
export interface DownReport {
  project: string;
  /** True when the named volumes were removed too (`reset`). */
  volumesRemoved: boolean;
}

/**
 * Stops and removes a stack's containers and networks, keeping its named volumes (data survives),
 * then checks that no container of the project is left.
 *
 * @example
 * ```ts
 * const r = await down({ compose, files: ["docker-compose.yml"], project: "shop" }, { runner, docker });
 * ```
 */
export async function down(
  input: LifecycleInput & { volumes?: boolean },
  deps: { runner: ComposeRunner; docker: DockerProbe },
): Promise<Result<DownReport>> {
  const project = projectName(input.compose, input.project);
  const volumes = input.volumes === true;
  if (project === undefined) {
    return resultOf({ project: "", volumesRemoved: false }, [
      diagnostic("lifecycle/no-project", "error", "Missing Compose project name", {
        hint: "Pass `project` (a plan's `project.composeProject`, the COMPOSE_PROJECT_NAME of its env files), or give the Compose file a top-level `name`",
      }),
    ]);
  }
  if (!(await deps.docker.available())) {
    return resultOf({ project, volumesRemoved: false }, [
      diagnostic("engine/required", "error", "No Docker engine answers; the stack cannot be stopped", {
        hint: "Start Docker (or set DOCKER_HOST) and run again",
      }),
    ]);
  }
  const target: ComposeTarget & { volumes?: boolean } = { files: input.files, project, volumes };
  if (input.envFile !== undefined) target.envFile = input.envFile;
  const outcome = await deps.runner.down(target);
  const out: Diagnostic[] = [];
  if (!outcome.ok) {
    out.push(
      diagnostic(
        "lifecycle/down-failed",
        "error",
        `\`${outcome.command.join(" ")}\` failed with status ${outcome.exitCode}: ${lastLines(outcome.stderr, 3) || "no output"}`,
        {
          hint: `Stop the containers by hand: docker ps --filter label=com.docker.compose.project=${project}`,
        },
      ),
    );
  }
  const left = (await deps.docker.containers()).filter((c) => c.project === project);
  for (const c of left) {
    out.push(
      diagnostic(
        "lifecycle/left-running",
        "error",
        `Container ${c.name} of project ${project} is still ${c.state}`,
        {
          path: c.service !== undefined ? `services.${c.service}` : undefined,
          hint: `Remove it: docker rm -f ${c.name}`,
        },
      ),
    );
  }
  return resultOf({ project, volumesRemoved: volumes && outcome.ok }, out);
}

/**
 * Resets a stack to a clean slate: `down` with its named volumes (all data of the stack is lost),
 * then the same check that nothing of the project is left. Clear the migration ledger too.
 *
 * @example
 * ```ts
 * const r = await reset({ compose, files: ["docker-compose.yml"], project: "shop" }, { runner, docker });
 * if (r.ok) await writeFile("migrations/ledger.json", renderMigrationLedger([]));
 * ```
 */
export function reset(
  input: LifecycleInput,
  deps: { runner: ComposeRunner; docker: DockerProbe },
): Promise<Result<DownReport>> {
  return down({ ...input, volumes: true }, deps);
}
