import {
  type AllocateDeps,
  allocatePorts,
  type PortOverride,
  type PortRequest,
  portOverridesFromEnv,
} from "../../allocator/index.js";
import type { ImageServiceSpec } from "../../architecture/index.js";
import { parseJsonWithPositions } from "../../architecture/json.js";
import {
  type Diagnostic,
  diagnostic,
  isProxyKind,
  type LedgerEntry,
  type PortLedger,
  portVariable,
} from "../../core/index.js";
import { indexRegistry } from "../../registry/index.js";
import { IMAGE_PORT_RANGE, mapImages } from "../images.js";
import { isOwnValue } from "../ownership.js";
import { appPort, extraPortRequests, type ServiceRow } from "../rows.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";

/** The line and column of a service read from requirements text (`requirements:1:24`), else undefined. */
function textPosition(source: string | undefined): { line: number; column: number } | undefined {
  const m = source === undefined ? null : /^requirements:(\d+):(\d+)$/.exec(source);
  return m === null ? undefined : { line: Number(m[1]), column: Number(m[2]) };
}

/** Where each value of a map written as JSON text starts, by JSON path (empty when it is not JSON). */
function mapPositions(text: string): ReadonlyMap<string, { line: number; column: number }> {
  const parsed = parseJsonWithPositions(text);
  return parsed.ok ? parsed.positions : new Map();
}

/** A service that asks for a host port: its name, where the map has it, and its host-port field. */
interface PortSource {
  name: string;
  source: string | undefined;
  mapPort: number | undefined;
  field: "port" | "host_port";
}

function portSources(rows: ServiceRow[], images: ImageServiceSpec[]): PortSource[] {
  return [
    ...rows.map((r) => ({
      name: r.name,
      source: r.infra?.source ?? r.app?.source,
      mapPort: r.infra?.port ?? r.app?.hostPort,
      field: r.infra !== undefined ? ("port" as const) : ("host_port" as const),
    })),
    ...images.map((i) => ({ name: i.name, source: i.source, mapPort: i.port, field: "port" as const })),
  ];
}

/** The ports the map pins, each with the place that pins it. */
function mapOverrides(rows: PortSource[], mapFile: string | undefined): Record<string, PortOverride> {
  const overrides: Record<string, PortOverride> = {};
  for (const row of rows) {
    const mapPort = row.mapPort;
    if (mapPort === undefined) continue;
    const source = row.source ?? "";
    const inText = textPosition(source);
    overrides[row.name] =
      inText !== undefined
        ? { port: mapPort, file: "the requirements text", line: inText.line, field: `port ${mapPort}` }
        : {
            port: mapPort,
            file: mapFile ?? "the architecture map",
            field: `${source}.${row.field}`,
          };
  }
  return overrides;
}

/**
 * The ledger as planning may use it: it reads what other projects hold and records nothing, so a
 * plan (and a dry run) leaves the ledger as it was; `applyPlan` records the ports it writes.
 */
function readOnlyLedger(ledger: PortLedger, seen: LedgerEntry[]): PortLedger {
  return {
    held: async () => {
      const held = await ledger.held();
      seen.push(...held);
      return held;
    },
    record: async () => {},
  };
}

/**
 * The allocator speaks of `requests[i]`; the user wrote the service in the map (or the port in
 * .env.development, which file and line already name): each diagnostic is moved to that place.
 */
function placeAllocatorDiagnostics(
  found: Diagnostic[],
  requestRows: PortSource[],
  overrides: Record<string, PortOverride>,
  architecture: unknown,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  let positions: ReadonlyMap<string, { line: number; column: number }> | undefined;
  for (const d of found) {
    const index = d.path === undefined ? undefined : /^requests\[(\d+)\]/.exec(d.path)?.[1];
    const row = index === undefined ? undefined : requestRows[Number(index)];
    if (row === undefined) {
      out.push(d);
      continue;
    }
    const source = row.source;
    const field = overrides[row.name]?.field;
    const fromMap = field !== undefined && source !== undefined && field.startsWith(`${source}.`);
    const { path: _request, ...rest } = d;
    // A port from the map: its field; from .env.development or the text: the file and line say where.
    const inText = textPosition(source);
    if (fromMap && d.file === overrides[row.name]?.file) {
      if (typeof architecture === "string") positions ??= mapPositions(architecture);
      const at = positions?.get(field);
      out.push(at === undefined ? { ...rest, path: field } : { ...rest, path: field, ...at });
    } else if (inText !== undefined && d.file === overrides[row.name]?.file) {
      // As the text's own diagnostics: line and column, no file.
      const { file: _text, ...bare } = rest;
      out.push({ ...bare, ...inText });
    } else if (d.file !== undefined || source === undefined || inText !== undefined) out.push(rest);
    else out.push({ ...rest, path: source });
  }
  return out;
}

/**
 * The ports phase: gathers the ports the map and `.env.development` pin (a value slipway wrote
 * itself is no pin), confines them to the registry's range, and allocates a host port for every
 * service that listens. Halts when a pin is unreadable, the registry does not know the
 * application, or no port can be found.
 *
 * @example
 * ```ts
 * const { state } = await portsPhase(afterInput, deps);
 * state.ports?.ports; // { postgres: 5434, backend: 8012 }
 * ```
 */
export async function portsPhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const { input } = state;
  const {
    map,
    rows: allRows,
    previous,
    existingDevText,
    composeProject,
    shared,
  } = need(state.source, "source");
  // A service the registry's shared one stands in for gets no port of its own.
  const rows = allRows.filter((r) => !shared?.has(r.name));
  const diagnostics: Diagnostic[] = [];
  const images = mapImages(map);
  const sources = portSources(rows, images);
  const overrides = mapOverrides(sources, input.source);
  if (existingDevText !== undefined) {
    // A port in .env.development is the user's choice unless slipway wrote that very value.
    const fromEnv = portOverridesFromEnv(
      existingDevText,
      [...sources.map((r) => r.name), ...extraPortRequests(rows).map((p) => p.service)],
      { file: ".env.development" },
    );
    diagnostics.push(...fromEnv.diagnostics);
    if (!fromEnv.ok) return { state, diagnostics, halt: true };
    for (const [service, override] of Object.entries(fromEnv.value)) {
      const variable = override.variable ?? portVariable(service);
      if (isOwnValue(previous, ".env.development", variable, String(override.port))) continue;
      overrides[service] = override;
    }
  }
  // A registry confines the ports to the application's range and reserves what it gives others.
  let range: { start: number; end: number } | undefined;
  const reserved: number[] = [];
  if (input.registry) {
    const index = indexRegistry(input.registry.registry);
    range = index.ranges.get(input.registry.application.toLowerCase());
    if (range === undefined) {
      diagnostics.push(
        diagnostic(
          "plan/registry-app-unknown",
          "error",
          `The registry has no port range for ${input.registry.application}`,
          {
            hint: `Use one of: ${[...index.ranges.keys()].join(", ")}.`,
          },
        ),
      );
      return { state, diagnostics, halt: true };
    }
    for (const [port, allocation] of index.allocations) {
      if (!sources.some((r) => r.name === allocation.service)) reserved.push(port);
    }
  }
  const bounds = range ? { min: range.start, max: range.end } : {};
  const listening = rows.filter((r) => r.kind !== "worker");
  // Image entries listen on their container port; one without publishes nothing.
  const listeningImages = images.filter((i) => i.containerPort !== undefined);
  const requestRows = [...portSources(listening, []), ...portSources([], listeningImages)];
  const requests: PortRequest[] = [
    ...listening.map((r) => ({
      service: r.name,
      kind: r.kind,
      // A reverse proxy prefers port 80 itself (docs/compose.md, "Reverse proxy").
      ...(isProxyKind(r.kind) ? { allowSystemPort: true } : {}),
      ...bounds,
    })),
    ...listeningImages.map((i) => ({
      service: i.name,
      base: IMAGE_PORT_RANGE.base,
      rangeSize: IMAGE_PORT_RANGE.size,
      ...bounds,
    })),
  ];
  // After the rows, so requests[i] still names requestRows[i] in diagnostics.
  for (const { owner: _owner, role: _role, ...extra } of extraPortRequests(rows))
    requests.push({ ...extra, ...bounds });
  const seen: LedgerEntry[] = [];
  const allocateDeps: AllocateDeps = {
    projectPath: input.projectPath,
    probe: deps.probe,
    random: deps.random,
    composeProject,
    overrides,
    reserved,
    ...(deps.ledger ? { ledger: readOnlyLedger(deps.ledger, seen) } : {}),
    ...(deps.docker ? { docker: deps.docker } : {}),
  };
  const allocation = await allocatePorts(requests, allocateDeps);
  diagnostics.push(
    ...placeAllocatorDiagnostics(allocation.diagnostics, requestRows, overrides, input.architecture),
  );
  if (!allocation.ok) return { state, diagnostics, halt: true };
  const ports = allocation.value.ports;

  // The services with their host ports, as the env files and the starter files both describe them.
  const hostPortOf = (name: string) => (ports[name] !== undefined ? { hostPort: ports[name]! } : {});
  // A proxy's HTTPS and dashboard ports, as .env.development names them (`TRAEFIK_HTTPS_PORT`).
  const extraPortsOf = (row: ServiceRow) => {
    const extra: Record<string, number> = {};
    for (const request of extraPortRequests([row])) {
      const port = ports[request.service];
      if (port !== undefined) extra[request.service] = port;
    }
    return Object.keys(extra).length > 0 ? { extraPorts: extra } : {};
  };
  const sharedPort = (name: string) => {
    const use = shared?.get(name);
    return use === undefined ? {} : { hostPort: use.shared.hostPort ?? use.containerPort };
  };
  const infraServices = allRows
    .filter((r) => r.infra !== undefined)
    .map((r) => ({
      name: r.name,
      kind: r.kind,
      containerPort: r.containerPort,
      primary: r.primary,
      settings: r.infra!.environment,
      ...hostPortOf(r.name),
      ...sharedPort(r.name),
      ...extraPortsOf(r),
    }));
  const appServices = map.apps.map((a) => ({
    name: a.name,
    kind: a.kind,
    ...(a.framework !== undefined ? { framework: a.framework } : {}),
    ...(a.runtime !== undefined ? { runtime: a.runtime } : {}),
    ...(a.customFramework !== undefined ? { customFramework: a.customFramework } : {}),
    ...(a.context !== undefined ? { context: a.context } : {}),
    ...appPort(a),
    ...hostPortOf(a.name),
  }));
  const assignments = allocation.value.assignments.map((a) => ({
    service: a.service,
    port: a.port,
    reason: a.reason,
    explanation: a.explanation,
  }));
  // What other projects held when the ports were chosen: applyPlan tells later claims from these.
  const ledgerSeen = seen.filter((e) => e.project !== input.projectPath);
  return {
    state: { ...state, ports: { ports, assignments, infraServices, appServices, ledgerSeen } },
    diagnostics,
  };
}
