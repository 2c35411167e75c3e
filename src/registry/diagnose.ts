import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { ComposeFile } from "../compose/model.js";
import {
  type ContainerInfo,
  type Diagnostic,
  diagnostic,
  type PortProbe,
  type Severity,
} from "../core/index.js";
import { COMPOSE_PROJECT_VARIABLE } from "../env/index.js";
import type { ContainerDetails, InspectingDockerProbe } from "./lifecycle-types.js";
import type { Registry } from "./schema.js";

/** One service as the Compose file or the registry says it should run. */
export interface ExpectedService {
  service: string;
  image?: string;
  /** A fixed `container_name` (registry entries are container names). */
  containerName?: string;
  /** Host ports it should publish (those that can be read without unknown variables). */
  hostPorts: number[];
  /** Engine network names it should be on. */
  networks: string[];
  healthcheck: boolean;
  dependsOn: string[];
  /** Where the service is defined, for the fix: the file and the path inside it. */
  source: { file?: string; path: string };
}

/** One service as the engine shows it. */
export interface CurrentServiceState {
  service: string;
  /** `ok` running (and healthy), `error` not running or unhealthy, `warning` starting, `unknown` no engine. */
  mark: "ok" | "error" | "warning" | "unknown";
  containers: string[];
  /** `running`, `exited`, `restarting`, `not running`, `unknown`, … */
  state: string;
  health?: string;
  exitCode?: number;
  ports: number[];
  networks: string[];
}

/** One problem found: the seed's Root Cause, Evidence, Fix and Verification Commands. */
export interface DiagnosisFinding {
  code: string;
  severity: Severity;
  service?: string;
  rootCause: string;
  evidence?: string;
  fix: { file?: string | undefined; path?: string | undefined; line?: number | undefined; change: string };
  verification: string[];
}

/** The seed's Diagnosis Report, as data. */
export interface DiagnosisReport {
  /** `pass`: everything runs as expected; `warn`: only warnings (or no engine); `fail`: an error. */
  status: "pass" | "warn" | "fail";
  engineAvailable: boolean;
  project?: string;
  current: CurrentServiceState[];
  expected: ExpectedService[];
  findings: DiagnosisFinding[];
  /** Every verification command of the findings, once each, plus the overall status command. */
  verification: string[];
  /** The findings as diagnostics (message = root cause, hint = fix). */
  diagnostics: Diagnostic[];
}

/** What to diagnose: a Compose model (with its project), or a list of expected services (e.g. from a registry). */
export type DiagnoseTarget =
  | {
      compose: ComposeFile;
      composeProject?: string;
      /** The Compose file's path, for fixes. */
      file?: string;
      /** The Compose file's text: fixes then carry the line of the key they name. */
      source?: string;
      /** Values for `${VAR}` in ports (the development env file), so published ports can be compared. */
      env?: Record<string, string>;
    }
  | {
      /** A parsed infrastructure registry: its services are container names. */
      registry: Registry;
      /** Only the services of this environment (`dev`, `prod`…); default all. */
      environment?: string;
      /** The registry file's path and text, for fixes with lines. */
      file?: string;
      source?: string;
    }
  | { expected: ExpectedService[]; project?: string };

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Interpolates `${VAR}`, `${VAR:-default}` and `$VAR`; `undefined` when a variable has no value. */
function interpolate(text: string, env: Record<string, string>): string | undefined {
  let missing = false;
  const out = text.replace(VAR, (_m, braced: string | undefined, op: string | undefined, def, bare) => {
    const name = (braced ?? bare) as string;
    const value = env[name];
    if (op === ":-" && (value === undefined || value === "")) return def as string;
    if (op === "-" && value === undefined) return def as string;
    if (value === undefined) {
      missing = true;
      return "";
    }
    return value;
  });
  return missing ? undefined : out;
}

/** Host port of a short-syntax entry: `[ip:]host:container[/proto]`; `undefined` when none. */
function hostPortOf(
  entry: string | number | { published?: string | number | undefined },
  env: Record<string, string>,
) {
  let published: string | undefined;
  if (typeof entry === "number") return undefined;
  if (typeof entry === "object") {
    if (entry.published === undefined) return undefined;
    published = String(entry.published);
  } else {
    const resolved = interpolate(entry, env);
    if (resolved === undefined) return undefined;
    const withoutProto = resolved.split("/")[0]!;
    // IPv6 host addresses are bracketed: [::1]:5433:5432.
    const parts = withoutProto.replace(/^\[[^\]]*\]:/, "x:").split(":");
    if (parts.length < 2) return undefined;
    published = parts[parts.length - 2];
  }
  const value = interpolate(published ?? "", env);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The expected state of every service of a Compose model: image, literal host ports (after
 * interpolating `env`), engine network names (`<project>_<key>` unless named), healthcheck, dependencies.
 *
 * @example
 * ```ts
 * expectedFromCompose(compose, { project: "shop", env: { POSTGRES_PORT: "5433" } });
 * ```
 */
export function expectedFromCompose(
  compose: ComposeFile,
  options: { project?: string; file?: string; env?: Record<string, string> } = {},
): ExpectedService[] {
  const env = options.env ?? {};
  // Compose's own order: -p, then COMPOSE_PROJECT_NAME from the env file, then the top-level `name`.
  const project = options.project ?? env[COMPOSE_PROJECT_VARIABLE] ?? compose.name;
  const networkName = (key: string): string => {
    const def = compose.networks?.[key];
    if (def?.name !== undefined) return def.name;
    if (def?.external === true) return key;
    return project !== undefined ? `${project}_${key}` : key;
  };
  return Object.keys(compose.services)
    .sort()
    .map((name) => {
      const s = compose.services[name]!;
      const networks =
        s.networks === undefined
          ? ["default"]
          : Array.isArray(s.networks)
            ? s.networks
            : Object.keys(s.networks);
      const deps =
        s.depends_on === undefined
          ? []
          : Array.isArray(s.depends_on)
            ? s.depends_on
            : Object.keys(s.depends_on);
      const hc = s.healthcheck;
      const test = hc?.test === undefined ? [] : Array.isArray(hc.test) ? hc.test : [hc.test];
      const expected: ExpectedService = {
        service: name,
        hostPorts: [
          ...new Set((s.ports ?? []).map((p) => hostPortOf(p, env)).filter((p) => p !== undefined)),
        ].sort((a, b) => a - b),
        networks: (s.network_mode === undefined ? networks.map(networkName) : []).sort(),
        healthcheck: hc !== undefined && hc.disable !== true && test.length > 0 && test[0] !== "NONE",
        dependsOn: [...deps].sort(),
        source:
          options.file !== undefined
            ? { file: options.file, path: `services.${name}` }
            : { path: `services.${name}` },
      };
      if (s.image !== undefined) expected.image = s.image;
      if (s.container_name !== undefined) expected.containerName = s.container_name;
      return expected;
    });
}

/**
 * The expected state of every service of an infrastructure registry (`services.<app>.<environment>`):
 * registry entries name containers, list host ports, networks and dependencies. A name listed in
 * several environments is taken once, from the first.
 *
 * @example
 * ```ts
 * const r = parseRegistry(text);
 * if (r.ok) expectedFromRegistry(r.value, { environment: "dev" });
 * ```
 */
export function expectedFromRegistry(
  registry: Registry,
  options: { environment?: string; file?: string } = {},
): ExpectedService[] {
  const out = new Map<string, ExpectedService>();
  for (const [app, environments] of Object.entries(registry.services ?? {})) {
    for (const [environment, services] of Object.entries(environments)) {
      if (options.environment !== undefined && environment !== options.environment) continue;
      services.forEach((entry, index) => {
        if (out.has(entry.name)) return;
        const path = `services.${app}.${environment}[${index}]`;
        const expected: ExpectedService = {
          service: entry.name,
          containerName: entry.container_name ?? entry.name,
          hostPorts: [...new Set(entry.ports ?? [])].sort((a, b) => a - b),
          networks: [...(entry.networks ?? [])].sort(),
          healthcheck: entry.healthcheck === true,
          dependsOn: [...(entry.dependencies ?? [])].sort(),
          source: options.file !== undefined ? { file: options.file, path } : { path },
        };
        if (entry.image !== undefined) expected.image = entry.image;
        out.set(entry.name, expected);
      });
    }
  }
  return [...out.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/** A function giving the 1-based line of a dotted path (`services.web.networks`) in YAML text. */
function lineLocator(source: string | undefined): (path: string) => number | undefined {
  if (source === undefined) return () => undefined;
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  return (path) => {
    const parts: (string | number)[] = [];
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
      parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    // The deepest part of the path that exists: a missing `networks:` points at its service.
    for (let depth = parts.length; depth > 0; depth--) {
      const parent = depth === 1 ? doc.contents : doc.getIn(parts.slice(0, depth - 1), true);
      const last = parts[depth - 1]!;
      let offset: number | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(last),
        );
        if (pair !== undefined && isScalar(pair.key)) offset = pair.key.range?.[0];
      } else if (isSeq(parent) && typeof last === "number") {
        const item = parent.items[last] as { range?: [number, number, number] } | undefined;
        offset = item?.range?.[0];
      }
      if (offset !== undefined) return counter.linePos(offset).line;
    }
    return undefined;
  };
}

function statusCommand(project: string | undefined): string {
  const filter = project !== undefined ? ` --filter label=com.docker.compose.project=${project}` : "";
  return `docker ps -a${filter} --format "table {{.Names}}\\t{{.Status}}\\t{{.Ports}}"`;
}

function networksCommand(container: string): string {
  return `docker inspect ${container} --format '{{range $net, $config := .NetworkSettings.Networks}}{{$net}} {{end}}'`;
}

function upCommand(project: string | undefined, service: string, file: string | undefined): string {
  const f = file !== undefined ? ` -f ${file}` : "";
  const p = project !== undefined ? ` -p ${project}` : "";
  return `docker compose${f}${p} up -d ${service}`;
}

/**
 * Diagnoses running infrastructure against what it should be — the seed's Diagnosis Report as
 * data: current state, expected state, root causes with evidence, fixes (file and path) and
 * verification commands. It reads the engine only (through the injected DockerProbe, and a
 * PortProbe when given); it never starts or stops anything. Without an engine, each service's
 * state is `unknown` and one `engine/unavailable` warning says the Docker-based checks did not run.
 *
 * @example
 * ```ts
 * const report = await diagnose({ compose, composeProject: "shop", file: "docker-compose.yml" }, { docker });
 * console.log(renderDiagnosisReport(report));
 * ```
 */
export async function diagnose(
  target: DiagnoseTarget,
  deps: { docker: InspectingDockerProbe; probe?: PortProbe },
): Promise<DiagnosisReport> {
  let expected: ExpectedService[];
  let project: string | undefined;
  let file: string | undefined;
  let locate: (path: string) => number | undefined = () => undefined;
  if ("compose" in target) {
    locate = lineLocator(target.source);
    project = target.composeProject ?? target.env?.[COMPOSE_PROJECT_VARIABLE] ?? target.compose.name;
    file = target.file;
    const options: { project?: string; file?: string; env?: Record<string, string> } = {};
    if (project !== undefined) options.project = project;
    if (file !== undefined) options.file = file;
    if (target.env !== undefined) options.env = target.env;
    expected = expectedFromCompose(target.compose, options);
  } else if ("registry" in target) {
    locate = lineLocator(target.source);
    file = target.file;
    const options: { environment?: string; file?: string } = {};
    if (target.environment !== undefined) options.environment = target.environment;
    if (file !== undefined) options.file = file;
    expected = expectedFromRegistry(target.registry, options);
  } else {
    project = target.project;
    expected = [...target.expected].sort((a, b) => a.service.localeCompare(b.service));
  }
  const findings: DiagnosisFinding[] = [];
  const engine = await deps.docker.available();
  if (!engine) {
    findings.push({
      code: "engine/unavailable",
      severity: "warning",
      rootCause:
        "No Docker engine answers; container state, health, networks and published ports were not checked",
      fix: {
        change:
          "Start Docker (systemctl start docker, or Docker Desktop), or set DOCKER_HOST, then diagnose again",
      },
      verification: ["docker info"],
    });
    const current = expected.map<CurrentServiceState>((e) => ({
      service: e.service,
      mark: "unknown",
      containers: [],
      state: "unknown",
      ports: [],
      networks: [],
    }));
    return finish({ engineAvailable: false, project, current, expected, findings });
  }

  const all = await deps.docker.containers();
  const existingNetworks = new Set(await deps.docker.networks());
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

  const details = new Map<string, ContainerDetails | undefined>();
  const inspect = async (c: ContainerInfo) => {
    if (deps.docker.inspectContainer === undefined) return undefined;
    if (!details.has(c.id)) details.set(c.id, await deps.docker.inspectContainer(c.id));
    return details.get(c.id);
  };

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

  const stateOf = new Map(current.map((s) => [s.service, s]));
  for (const e of expected) {
    const s = stateOf.get(e.service)!;
    const containers = byService.get(e.service)!;
    const primary = containers.find((c) => c.state === "running") ?? containers[0];
    const where = { file: e.source.file ?? file, path: e.source.path };
    const downDeps = e.dependsOn.filter((d) => down.has(d));
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
      continue;
    }
    const d = await inspect(primary);
    if (primary.state !== "running") {
      const lastHealth = d?.health?.log.at(-1);
      findings.push({
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
      });
    } else if (primary.health === "unhealthy") {
      const last = d?.health?.log.at(-1);
      findings.push({
        code: "diagnose/unhealthy",
        severity: "error",
        service: e.service,
        rootCause: `Service ${e.service} is unhealthy${d?.health !== undefined ? ` after ${d.health.failingStreak} failed checks` : ""}${becauseOfDeps}`,
        ...(last !== undefined
          ? { evidence: `healthcheck exit ${last.exitCode}: ${last.output || "no output"}` }
          : {}),
        fix: { ...where, change: `Check its healthcheck and logs (docker logs ${primary.name} --tail 100)` },
        verification: [`docker inspect --format='{{.State.Health.Status}}' ${primary.name}`],
      });
    } else if (primary.health === "starting") {
      findings.push({
        code: "diagnose/starting",
        severity: "info",
        service: e.service,
        rootCause: `Service ${e.service} is still starting (health: starting)`,
        fix: { change: "Wait for the healthcheck to pass, then diagnose again" },
        verification: [`docker inspect --format='{{.State.Health.Status}}' ${primary.name}`],
      });
    }

    // Networks: the service must be on each network it is declared on.
    for (const network of e.networks) {
      if (!existingNetworks.has(network)) {
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
    // Dependencies must share a network with the service to be reachable by name.
    for (const dep of e.dependsOn) {
      const other = stateOf.get(dep);
      if (other === undefined || other.networks.length === 0 || primary.state !== "running") continue;
      if (!s.networks.some((n) => other.networks.includes(n))) {
        const depContainer = byService.get(dep)?.[0]?.name ?? dep;
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
    // Published ports.
    for (const port of e.hostPorts) {
      if (s.ports.includes(port)) continue;
      const holder = all.find(
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
      const probed = deps.probe !== undefined ? await deps.probe.check(port) : undefined;
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
      }
    }
  }
  // Containers of the project no service of the file describes.
  if (project !== undefined) {
    const known = new Set(expected.map((e) => e.service));
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
  }
  for (const f of findings) {
    if (f.fix.path !== undefined && f.fix.line === undefined) {
      const line = locate(f.fix.path);
      if (line !== undefined) f.fix.line = line;
    }
  }
  return finish({ engineAvailable: true, project, current, expected, findings });
}

function finish(parts: {
  engineAvailable: boolean;
  project: string | undefined;
  current: CurrentServiceState[];
  expected: ExpectedService[];
  findings: DiagnosisFinding[];
}): DiagnosisReport {
  const diagnostics = parts.findings.map((f) =>
    diagnostic(f.code, f.severity, f.rootCause, {
      path: f.fix.path,
      file: f.fix.file,
      line: f.fix.line,
      hint: f.fix.change,
    }),
  );
  const verification: string[] = [];
  for (const command of [...parts.findings.flatMap((f) => f.verification), statusCommand(parts.project)]) {
    if (!verification.includes(command)) verification.push(command);
  }
  const status = diagnostics.some((d) => d.severity === "error")
    ? "fail"
    : diagnostics.some((d) => d.severity === "warning")
      ? "warn"
      : "pass";
  const report: DiagnosisReport = {
    status,
    engineAvailable: parts.engineAvailable,
    current: parts.current,
    expected: parts.expected,
    findings: parts.findings,
    verification,
    diagnostics,
  };
  if (parts.project !== undefined) report.project = parts.project;
  return report;
}

const MARK: Record<CurrentServiceState["mark"], string> = {
  ok: "✅",
  error: "❌",
  warning: "⚠️",
  unknown: "📋",
};
const SEVERITY_MARK: Record<Severity, string> = { error: "❌", warning: "⚠️", info: "📋" };

/**
 * Renders a Diagnosis Report as the seed's Markdown: Current State, Expected State, Root Cause
 * (with evidence), Fix, Verification Commands and the result line.
 *
 * @example
 * ```ts
 * process.stdout.write(renderDiagnosisReport(await diagnose({ compose }, { docker })));
 * ```
 */
export function renderDiagnosisReport(report: DiagnosisReport): string {
  const lines: string[] = ["## Diagnosis Report", ""];
  lines.push(
    `Project: ${report.project ?? "(any)"} · Docker engine: ${report.engineAvailable ? "available" : "not available"}`,
    "",
    "### Current State",
  );
  for (const s of report.current) {
    let text = `- ${MARK[s.mark]} ${s.service}: ${s.state}`;
    if (s.exitCode !== undefined) text += ` (status ${s.exitCode})`;
    if (s.health !== undefined) text += `, ${s.health}`;
    if (s.containers.length > 0) text += ` — ${s.containers.join(", ")}`;
    if (s.ports.length > 0) text += ` · ports ${s.ports.join(", ")}`;
    if (s.networks.length > 0) text += ` · networks ${s.networks.join(", ")}`;
    lines.push(text);
  }
  if (report.current.length === 0) lines.push("- (no services)");
  lines.push("", "### Expected State");
  for (const e of report.expected) {
    const parts = [e.image !== undefined ? `image ${e.image}` : "built locally"];
    if (e.hostPorts.length > 0) parts.push(`ports ${e.hostPorts.join(", ")}`);
    if (e.networks.length > 0) parts.push(`networks ${e.networks.join(", ")}`);
    parts.push(e.healthcheck ? "healthcheck" : "no healthcheck");
    if (e.dependsOn.length > 0) parts.push(`after ${e.dependsOn.join(", ")}`);
    lines.push(`- ${e.service}: ${parts.join(", ")}`);
  }
  lines.push("", "### Root Cause");
  if (report.findings.length === 0) lines.push("No problem found.");
  report.findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${SEVERITY_MARK[f.severity]} \`${f.code}\` ${f.rootCause}`);
    if (f.evidence !== undefined && f.evidence !== "")
      lines.push(`   Evidence: ${f.evidence.replace(/\s*\n\s*/g, " ⏎ ")}`);
  });
  lines.push("", "### Fix");
  if (report.findings.length === 0) lines.push("Nothing to fix.");
  report.findings.forEach((f, i) => {
    const where = [
      f.fix.file !== undefined
        ? `File: ${f.fix.file}${f.fix.line !== undefined ? `, line ${f.fix.line}` : ""}`
        : "",
      f.fix.path !== undefined ? `(${f.fix.path})` : "",
    ]
      .filter((p) => p !== "")
      .join(" ");
    lines.push(`${i + 1}. ${where !== "" ? `${where} — ` : ""}${f.fix.change}`);
  });
  lines.push("", "### Verification Commands", "```sh", ...report.verification, "```", "");
  const result = { pass: "PASS ✅", warn: "WARN ⚠️", fail: "FAIL ❌" }[report.status];
  lines.push(`### Result: ${result}`, "");
  return lines.join("\n");
}
