import type {
  ContainerDetails,
  ContainerInfo,
  InspectingDockerProbe,
  PortProbe,
  SkippedCheck,
} from "../../core/index.js";
import { COMPOSE_PROJECT_VARIABLE } from "../../env/index.js";
import { observeServices } from "./current.js";
import { expectedFromCompose, expectedFromRegistry } from "./expected.js";
import { orphanFindings, serviceFindings } from "./findings.js";
import { lineLocator } from "./locate.js";
import { finishReport } from "./report.js";
import type {
  CurrentServiceState,
  DiagnoseTarget,
  DiagnosisFinding,
  DiagnosisReport,
  ExpectedService,
} from "./types.js";

/** The reason every engine-based check gives when no engine answers. */
const NO_ENGINE = "no Docker engine answers";

/**
 * Diagnoses running infrastructure against what it should be — the seed's Diagnosis Report as
 * data: current state, expected state, root causes with evidence, fixes (file and path) and
 * verification commands. It reads the engine only (through the injected DockerProbe, and a
 * PortProbe when given); it never starts or stops anything. Without an engine, each service's
 * state is `unknown` and one `engine/unavailable` warning says the Docker-based checks did not run; the report's
 * `skipped` lists them with the reason (also when no PortProbe or container inspection was given).
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
  const { expected, project, file, locate } = resolveTarget(target);
  const findings: DiagnosisFinding[] = [];
  const skipped: SkippedCheck[] = [];
  if (!(await deps.docker.available())) {
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
    for (const check of ["container state", "health", "networks", "published ports"]) {
      skipped.push({ check, reason: NO_ENGINE });
    }
    return finishReport({ engineAvailable: false, project, current, expected, findings, skipped });
  }

  const all = await deps.docker.containers();
  const existingNetworks = new Set(await deps.docker.networks());
  const details = new Map<string, ContainerDetails | undefined>();
  let uninspected = false;
  const inspect = async (c: ContainerInfo) => {
    if (deps.docker.inspectContainer === undefined) {
      uninspected = true;
      return undefined;
    }
    if (!details.has(c.id)) details.set(c.id, await deps.docker.inspectContainer(c.id));
    return details.get(c.id);
  };
  const { byService, current, down } = await observeServices(expected, all, project, inspect);
  const stateOf = new Map(current.map((s) => [s.service, s]));
  const ctx = {
    project,
    file,
    all,
    existingNetworks,
    byService,
    stateOf,
    down,
    inspect,
    probe: deps.probe,
    skipped,
  };
  for (const e of expected) findings.push(...(await serviceFindings(e, ctx)));
  findings.push(...orphanFindings(project, expected, all));
  if (uninspected) {
    skipped.push({
      check: "exit status and health log",
      reason: "the DockerProbe cannot inspect containers (no inspectContainer)",
    });
  }
  for (const f of findings) {
    if (f.fix.path !== undefined && f.fix.line === undefined) {
      const line = locate(f.fix.path);
      if (line !== undefined) f.fix.line = line;
    }
  }
  return finishReport({ engineAvailable: true, project, current, expected, findings, skipped });
}

/** The expected services of a target, its project and file, and a line finder for its source. */
function resolveTarget(target: DiagnoseTarget): {
  expected: ExpectedService[];
  project: string | undefined;
  file: string | undefined;
  locate: (path: string) => number | undefined;
} {
  if ("compose" in target) {
    const project = target.composeProject ?? target.env?.[COMPOSE_PROJECT_VARIABLE] ?? target.compose.name;
    const options: { project?: string; file?: string; env?: Record<string, string> } = {};
    if (project !== undefined) options.project = project;
    if (target.file !== undefined) options.file = target.file;
    if (target.env !== undefined) options.env = target.env;
    const expected = expectedFromCompose(target.compose, options);
    return { expected, project, file: target.file, locate: lineLocator(target.source) };
  }
  if ("registry" in target) {
    const options: { environment?: string; file?: string } = {};
    if (target.environment !== undefined) options.environment = target.environment;
    if (target.file !== undefined) options.file = target.file;
    const expected = expectedFromRegistry(target.registry, options);
    return { expected, project: undefined, file: target.file, locate: lineLocator(target.source) };
  }
  const expected = [...target.expected].sort((a, b) => a.service.localeCompare(b.service));
  return { expected, project: target.project, file: undefined, locate: () => undefined };
}
