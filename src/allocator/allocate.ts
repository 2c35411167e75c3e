import {
  type ContainerInfo,
  type Diagnostic,
  type DockerProbe,
  diagnostic,
  fail,
  hasErrors,
  isServiceKind,
  KIND_INFO,
  type LedgerEntry,
  ok,
  type PortLedger,
  type PortProbe,
  portVariable,
  type Random,
  type Result,
  type ServiceKind,
} from "../core/index.js";
import { DEFAULT_RANGE_SIZE, PORT_RANGES, preferredPort } from "./ranges.js";

/** One service that needs a host port. */
export interface PortRequest {
  /** The service name; the preferred port is derived from it and the project path. */
  service: string;
  /** The kind of service; picks the range in `PORT_RANGES` unless `base` is given. */
  kind?: ServiceKind | undefined;
  /** The first port of the hashed range (overrides the kind's base). */
  base?: number | undefined;
  /** The size of the hashed range (default: the kind's, else 256). */
  rangeSize?: number | undefined;
  /** The lowest port this service may get (a registry's app range). */
  min?: number | undefined;
  /** The highest port this service may get (a registry's app range). */
  max?: number | undefined;
  /** Allow ports below 1024 (reverse proxies). Default false. */
  allowSystemPort?: boolean | undefined;
}

/** A port the user set, e.g. `POSTGRES_PORT=5434` read from `.env.development`. */
export interface PortOverride {
  port: number;
  /** The file the value came from, for messages. */
  file?: string | undefined;
  /** The 1-based line of the value in `file`. */
  line?: number | undefined;
  /** The variable name (default: `portVariable(service)`). */
  variable?: string | undefined;
  /**
   * The setting the port came from when it is not an env variable, e.g. `infrastructure[1].port`
   * of an architecture map: messages then name it, and hints say to change it.
   */
  field?: string | undefined;
}

/** The effects and facts `allocatePorts` works with. */
export interface AllocateDeps {
  /** The project's folder; the preferred ports are derived from it. */
  projectPath: string;
  probe: PortProbe;
  /** Draws the random fallback ports. */
  random: Random;
  /** Ports given to projects across runs; this project's final ports are recorded in it. */
  ledger?: PortLedger | undefined;
  /** Read-only view of Docker, to recognise containers of this project and of others. */
  docker?: DockerProbe | undefined;
  /** The Compose project name of this checkout, to recognise its own containers. */
  composeProject?: string | undefined;
  /** Ports no service of this allocation may get. */
  reserved?: Iterable<number> | undefined;
  /** Service name → the port the user set for it. */
  overrides?: Readonly<Record<string, PortOverride>> | undefined;
}

/** Why a service got its port. */
export type AssignmentReason = "override" | "preferred" | "scanned" | "fallback" | "kept" | "moved";

/** The port one service got, and why. */
export interface PortAssignment {
  service: string;
  port: number;
  /** The hashed preferred port of the service, whether or not it got it. */
  preferred: number;
  reason: AssignmentReason;
  /** One line for a log, e.g. `✓ postgres port: 5423 (auto-assigned from project path)`. */
  explanation: string;
}

/** The outcome of a successful allocation. */
export interface Allocation {
  /** One assignment per request, in request order. */
  assignments: PortAssignment[];
  /** Service name → port. */
  ports: Record<string, number>;
}

/** How many ports above the preferred one are tried before the random fallback. */
export const SCAN_LIMIT = 99;
/** The range the random fallback draws from (narrowed by a request's `min`/`max`). */
export const FALLBACK_RANGE: Readonly<{ min: number; max: number }> = Object.freeze({
  min: 10000,
  max: 20000,
});
/** How many random ports are tried before `port/exhausted`. */
export const FALLBACK_TRIES = 64;

const SYSTEM_PORT_LIMIT = 1024;
const MAX_PORT = 65535;
/**
 * Ports probed at once while scanning grow 1, 1, 2, 4 … up to this; answers are used in port order, so
 * the result is the same as probing one by one.
 */
const SCAN_WINDOW = 16;

type Status = "free" | "in-use" | "forbidden";

interface Plan {
  index: number;
  path: string;
  service: string;
  kind: ServiceKind | undefined;
  lo: number;
  hi: number;
  preferred: number;
  override: PortOverride | undefined;
}

/**
 * Gives each requested service a host port, in request order: the user's override, else the port
 * this project already holds (`kept`, when the probe finds it free or this project's running
 * container holds it; else the service `moved`, with the warning `port/moved`), else the hashed preferred port, else the first free port of
 * the 99 above it, else a random port in 10000–20000. No two services share a port; `reserved` ports
 * and ports other projects hold (ledger, Docker) are skipped. With a ledger that offers
 * `transaction`, reading the ledger, allocating and recording happen under one lock, so parallel runs
 * for different projects never get the same port.
 *
 * Failures are diagnostics: `port/override-unavailable` (with free alternatives in the hint),
 * `port/override-conflict`, `port/out-of-range`, `port/invalid-request`, `port/exhausted`. Nothing
 * is recorded in the ledger when the allocation fails.
 *
 * @example
 * ```ts
 * const result = await allocatePorts(
 *   [{ service: "postgres", kind: "postgres" }, { service: "redis", kind: "redis" }],
 *   { projectPath: "/home/ada/shop", probe: createSocketProbe(), random: createCryptoRandom() },
 * );
 * if (result.ok) console.log(result.value.ports); // { postgres: 5423, redis: 6473 }
 * ```
 */
export async function allocatePorts(
  requests: PortRequest[],
  deps: AllocateDeps,
): Promise<Result<Allocation>> {
  const { plans, diagnostics } = planRequests(requests, deps);
  if (hasErrors(diagnostics)) return fail(diagnostics);
  const ledger = deps.ledger;
  if (ledger?.transaction !== undefined) {
    return ledger.transaction(async (held) => {
      const result = await allocateWith(plans, deps, held);
      return { result, record: result.ok ? ledgerEntries(deps.projectPath, result.value) : undefined };
    });
  }
  const held = ledger === undefined ? [] : await ledger.held();
  const result = await allocateWith(plans, deps, held);
  if (result.ok && ledger !== undefined) await ledger.record(ledgerEntries(deps.projectPath, result.value));
  return result;
}

function ledgerEntries(project: string, allocation: Allocation): LedgerEntry[] {
  return allocation.assignments.map((a) => ({ project, service: a.service, port: a.port }));
}

function isPortNumber(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_PORT;
}

function planRequests(
  requests: PortRequest[],
  deps: AllocateDeps,
): { plans: Plan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const plans: Plan[] = [];
  const seen = new Set<string>();
  requests.forEach((request, index) => {
    const path = `requests[${index}]`;
    const service = request.service;
    if (typeof service !== "string" || service === "") {
      diagnostics.push(
        diagnostic("port/invalid-request", "error", "Port request has no service name", {
          path: `${path}.service`,
          hint: "Give every request a non-empty `service`.",
        }),
      );
      return;
    }
    if (seen.has(service)) {
      diagnostics.push(
        diagnostic("port/invalid-request", "error", `Service "${service}" is requested twice`, {
          path: `${path}.service`,
          hint: "Request each service once; one service gets one host port.",
        }),
      );
      return;
    }
    seen.add(service);
    if (request.kind !== undefined && !isServiceKind(request.kind)) {
      diagnostics.push(
        diagnostic(
          "port/invalid-request",
          "error",
          `Unknown service kind "${String(request.kind)}" for ${service}`,
          {
            path: `${path}.kind`,
            hint: `Use one of: ${Object.keys(PORT_RANGES).join(", ")}; or give a \`base\` instead.`,
          },
        ),
      );
      return;
    }
    const range = request.kind === undefined ? undefined : PORT_RANGES[request.kind];
    let problems = 0;
    const bad = (field: string, message: string, hint: string, code = "port/invalid-request") => {
      problems++;
      diagnostics.push(diagnostic(code, "error", message, { path: `${path}.${field}`, hint }));
    };
    for (const field of ["min", "max"] as const) {
      const value = request[field];
      if (value !== undefined && !isPortNumber(value)) {
        bad(
          field,
          `${field} ${String(value)} of ${service} is not a port (1–65535)`,
          "Use an integer in 1–65535.",
          "port/out-of-range",
        );
      }
    }
    const base = request.base ?? range?.base ?? request.min;
    if (base === undefined) {
      bad(
        "kind",
        `Port request for ${service} names no kind, base or min`,
        "Give a `kind` (e.g. postgres) or a `base` port.",
      );
    } else if (!isPortNumber(base)) {
      bad(
        "base",
        `Base port ${String(base)} of ${service} is not a port (1–65535)`,
        "Use an integer in 1–65535.",
      );
    }
    const size = request.rangeSize ?? range?.size ?? DEFAULT_RANGE_SIZE;
    if (!Number.isSafeInteger(size) || size < 1) {
      bad(
        "rangeSize",
        `Range size ${String(size)} of ${service} is not a positive integer`,
        "Use an integer ≥ 1, e.g. 256.",
      );
    }
    if (problems > 0 || base === undefined) return;
    const floor = request.allowSystemPort === true ? 1 : SYSTEM_PORT_LIMIT;
    const lo = Math.max(floor, request.min ?? 1);
    const hi = Math.min(MAX_PORT, request.max ?? MAX_PORT);
    if (lo > hi) {
      const below = (request.max ?? MAX_PORT) < SYSTEM_PORT_LIMIT && request.allowSystemPort !== true;
      diagnostics.push(
        diagnostic(
          "port/out-of-range",
          "error",
          `No port is allowed for ${service}: the range ${lo}–${hi} is empty`,
          {
            path,
            hint: below
              ? "Ports below 1024 need `allowSystemPort` (reverse proxies only); otherwise raise `max`."
              : "Make `min` lower than or equal to `max`.",
          },
        ),
      );
      return;
    }
    plans.push({
      index,
      path,
      service,
      kind: request.kind,
      lo,
      hi,
      preferred: hashedPort(deps.projectPath, service, base, size, lo, hi),
      override:
        deps.overrides !== undefined && Object.hasOwn(deps.overrides, service)
          ? deps.overrides[service]
          : undefined,
    });
  });
  return { plans, diagnostics };
}

/**
 * The preferred port, kept inside `lo`–`hi`: the hashed range is clipped to the allowed range, and
 * when nothing of it is left, a range of the same size at the bottom of the allowed range is used.
 * An unconstrained request gets exactly `preferredPort(...)`.
 */
function hashedPort(
  projectPath: string,
  service: string,
  base: number,
  size: number,
  lo: number,
  hi: number,
): number {
  let first = Math.max(base, lo);
  let last = Math.min(base + size - 1, hi);
  if (first > last) {
    first = lo;
    last = Math.min(hi, lo + size - 1);
  }
  if (first === base && last === base + size - 1)
    return preferredPort(projectPath, service, { base, rangeSize: size });
  return preferredPort(projectPath, service, { base: first, rangeSize: last - first + 1 });
}

/** What one allocation knows about who holds which port. */
interface Holdings {
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

async function holdings(plans: Plan[], deps: AllocateDeps, held: LedgerEntry[]): Promise<Holdings> {
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

async function allocateWith(
  plans: Plan[],
  deps: AllocateDeps,
  held: LedgerEntry[],
): Promise<Result<Allocation>> {
  const diagnostics: Diagnostic[] = [];
  const cache = new Map<number, Promise<Status>>();
  /** Answers already in, so that the common case needs no await. */
  const known = new Map<number, Status>();
  const check = (port: number): Promise<Status> => {
    let answer = cache.get(port);
    if (answer === undefined) {
      answer = deps.probe.check(port);
      // Prefetched answers may never be awaited; a broken probe still surfaces where one is.
      answer.then(
        (status) => known.set(port, status),
        () => undefined,
      );
      cache.set(port, answer);
    }
    return answer;
  };
  const reserved = new Set(deps.reserved ?? []);
  const { ownByService, others, running } = await holdings(plans, deps, held);
  const taken = new Map<number, string>();
  const chosen = new Map<string, PortAssignment>();

  const blocker = (plan: Plan, port: number): string | undefined => {
    if (port < plan.lo || port > plan.hi) {
      return port < SYSTEM_PORT_LIMIT && plan.lo >= SYSTEM_PORT_LIMIT
        ? "a system port"
        : `outside ${plan.lo}–${plan.hi}`;
    }
    if (reserved.has(port)) return "reserved";
    const other = taken.get(port);
    if (other !== undefined) return `given to ${other}`;
    const holder = others.get(port);
    if (holder !== undefined) return `held by ${holder}`;
    return undefined;
  };
  const assign = (plan: Plan, port: number, reason: AssignmentReason, why: string) => {
    taken.set(port, plan.service);
    chosen.set(plan.service, {
      service: plan.service,
      port,
      preferred: plan.preferred,
      reason,
      explanation: `✓ ${plan.service} port: ${port} (${why})`,
    });
  };

  // 1. User overrides first, so that no computed port can take a port the user asked for.
  const withOverride = plans.filter((p) => p.override !== undefined);
  for (const plan of withOverride) if (isPortNumber(plan.override!.port)) check(plan.override!.port);
  for (const plan of withOverride) {
    const found = await applyOverride(plan, plan.override!);
    if (found !== undefined) diagnostics.push(found);
  }

  // 2. Ports this project already holds stay where they are.
  const rest = plans.filter((p) => p.override === undefined);
  for (const plan of rest) {
    const mine = ownByService.get(plan.service);
    if (mine !== undefined && blocker(plan, mine.port) === undefined) check(mine.port);
  }
  /** Service → the port it held before and why it cannot keep it. */
  const moved = new Map<string, { port: number; why: string }>();
  for (const plan of rest) {
    const mine = ownByService.get(plan.service);
    if (mine === undefined || blocker(plan, mine.port) !== undefined) continue;
    // A held port is probed like any other: busy is fine only when this project's running container holds it.
    const status = await check(mine.port);
    if (status === "free" || (status === "in-use" && running.has(mine.port))) {
      assign(plan, mine.port, "kept", `kept: ${mine.evidence}`);
      continue;
    }
    const why =
      status === "forbidden"
        ? "the operating system refuses to bind it"
        : "another program is listening on it";
    moved.set(plan.service, { port: mine.port, why });
  }

  // 3. Everything else: preferred, scan upward, random fallback.
  const open = rest.filter((p) => !chosen.has(p.service));
  const first: Promise<Status>[] = [];
  for (const plan of open) if (blocker(plan, plan.preferred) === undefined) first.push(check(plan.preferred));
  await Promise.all(first);
  for (const plan of open) {
    // The preferred port answered free and nothing of this run took it since: no search needed.
    if (known.get(plan.preferred) === "free" && blocker(plan, plan.preferred) === undefined) {
      assign(plan, plan.preferred, "preferred", "auto-assigned from project path");
      continue;
    }
    const found = await search(plan);
    if (found !== undefined) diagnostics.push(found);
  }
  for (const plan of open) {
    const was = moved.get(plan.service);
    const now = chosen.get(plan.service);
    if (was === undefined || now === undefined) continue;
    now.reason = "moved";
    now.explanation = `✓ ${plan.service} port: ${now.port} (moved from ${was.port}: ${was.why})`;
    diagnostics.push(
      diagnostic(
        "port/moved",
        "warning",
        `Port ${was.port} of ${plan.service} is no longer free (${was.why}); ${plan.service} moves to ${now.port}`,
        {
          path: plan.path,
          hint: `Stop what holds ${was.port} and set ${portVariable(plan.service)}=${was.port} in .env.development to get it back, or keep ${now.port}.`,
        },
      ),
    );
  }

  if (hasErrors(diagnostics)) return fail(diagnostics);
  const assignments = plans.map((p) => chosen.get(p.service)!);
  return ok(
    { assignments, ports: Object.fromEntries(assignments.map((a) => [a.service, a.port])) },
    diagnostics,
  );

  async function applyOverride(plan: Plan, o: PortOverride): Promise<Diagnostic | undefined> {
    const variable = o.field ?? o.variable ?? portVariable(plan.service);
    const origin = o.file === undefined ? "" : ` in ${o.file}${o.line === undefined ? "" : `:${o.line}`}`;
    const where = { file: o.file, line: o.line, path: plan.path };
    const port = o.port;
    if (!isPortNumber(port) || port < plan.lo || port > plan.hi) {
      const rule = !isPortNumber(port)
        ? "is not a port (1–65535)"
        : port < SYSTEM_PORT_LIMIT && plan.lo >= SYSTEM_PORT_LIMIT
          ? "is a system port (below 1024)"
          : `is outside the allowed range ${plan.lo}–${plan.hi}`;
      return diagnostic(
        "port/out-of-range",
        "error",
        `User-specified port ${String(port)} for ${plan.service} ${rule}`,
        {
          ...where,
          hint: await overrideHint(plan, variable, o, isPortNumber(port) ? port : undefined),
        },
      );
    }
    const clash = reserved.has(port)
      ? "is reserved"
      : taken.has(port)
        ? `is also set for ${taken.get(port)}`
        : undefined;
    if (clash !== undefined) {
      return diagnostic(
        "port/override-conflict",
        "error",
        `User-specified port ${port} for ${plan.service} ${clash}`,
        {
          ...where,
          hint: await overrideHint(plan, variable, o, port),
        },
      );
    }
    const status = await check(port);
    const ownEvidence = running.get(port);
    if (status === "forbidden" || (status === "in-use" && ownEvidence === undefined)) {
      const why =
        status === "forbidden"
          ? "the operating system refuses to bind it"
          : "another program is listening on it";
      return diagnostic(
        "port/override-unavailable",
        "error",
        `User-specified port ${port} for ${plan.service} is not available: ${why}`,
        { ...where, hint: await overrideHint(plan, variable, o, port) },
      );
    }
    const inUse = status === "in-use" ? `; in use by this project (${ownEvidence})` : "";
    assign(plan, port, "override", `user override ${variable}${origin}${inUse}`);
    const holder = others.get(port);
    if (holder === undefined) return undefined;
    return diagnostic(
      "port/override-held",
      "warning",
      `User-specified port ${port} for ${plan.service} is also held by ${holder}`,
      {
        ...where,
        hint: "Both projects cannot run at once; pick another port if they must.",
      },
    );
  }

  async function overrideHint(
    plan: Plan,
    variable: string,
    o: PortOverride,
    near: number | undefined,
  ): Promise<string> {
    const found: number[] = [];
    const starts = near === undefined ? [plan.preferred] : [near + 1, plan.preferred];
    for (const start of starts) {
      for (let port = start; port <= start + SCAN_LIMIT && found.length < 2; port++) {
        if (port === near || found.includes(port) || blocker(plan, port) !== undefined) continue;
        if ((await check(port)) === "free") found.push(port);
      }
    }
    const file = o.file ?? ".env.development";
    const remove = `remove ${variable} from ${file} to use auto-assignment`;
    if (found.length === 0) return `No free port found nearby; ${remove}.`;
    const set = o.field !== undefined ? `change it to ${found[0]}` : `set ${variable}=${found[0]}`;
    return `Free alternatives: ${found.join(", ")}. Either ${remove}, or ${set}.`;
  }

  async function search(plan: Plan): Promise<Diagnostic | undefined> {
    const first = plan.preferred;
    const last = Math.min(plan.hi, first + SCAN_LIMIT);
    let preferredWhy: string | undefined;
    // Windows of 1 (the preferred port), 1, 2, 4 …: the port above a taken one is usually free.
    for (
      let start = first, size = 1, next = 1;
      start <= last;
      start += size, size = next, next = Math.min(next * 2, SCAN_WINDOW)
    ) {
      const window: number[] = [];
      for (let port = start; port <= Math.min(last, start + size - 1); port++) {
        const blocked = blocker(plan, port);
        if (blocked === undefined) window.push(port);
        else if (port === first) preferredWhy = blocked;
      }
      const answers = await Promise.all(window.map(check));
      for (let i = 0; i < window.length; i++) {
        const port = window[i]!;
        if (answers[i] === "free") {
          if (port === first) assign(plan, port, "preferred", "auto-assigned from project path");
          else assign(plan, port, "scanned", `preferred ${first} was taken: ${preferredWhy ?? "in use"}`);
          return undefined;
        }
        if (port === first)
          preferredWhy = answers[i] === "forbidden" ? "refused by the operating system" : "in use";
      }
    }
    if (first < plan.lo || first > plan.hi) preferredWhy ??= `outside ${plan.lo}–${plan.hi}`;
    let lo = Math.max(FALLBACK_RANGE.min, plan.lo);
    let hi = Math.min(FALLBACK_RANGE.max, plan.hi);
    if (lo > hi) {
      lo = plan.lo;
      hi = plan.hi;
    }
    for (let i = 0; i < FALLBACK_TRIES; i++) {
      const port = deps.random.int(lo, hi);
      if (blocker(plan, port) !== undefined) continue;
      if ((await check(port)) === "free") {
        assign(plan, port, "fallback", `random: ${first}–${last} all taken`);
        return undefined;
      }
    }
    return diagnostic(
      "port/exhausted",
      "error",
      `No free port found for ${plan.service}: ports ${first}–${last} and ${FALLBACK_TRIES} random ports in ${lo}–${hi} are all taken`,
      {
        path: plan.path,
        hint: `Stop what holds these ports, or set ${portVariable(plan.service)} in .env.development to a free port.`,
      },
    );
  }
}
