import { type Diagnostic, diagnostic, isServiceKind } from "../core/index.js";
import { DEFAULT_RANGE_SIZE, PORT_RANGES, preferredPort } from "./ranges.js";
import { type AllocateDeps, MAX_PORT, type Plan, type PortRequest, SYSTEM_PORT_LIMIT } from "./types.js";

/**
 * True for an integer port in 1–65535.
 *
 * @example
 * ```ts
 * isPortNumber(5432); // true
 * isPortNumber(70000); // false
 * ```
 */
export function isPortNumber(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_PORT;
}

/**
 * Checks every request and turns the valid ones into plans (allowed range, hashed preferred port, the
 * user's override). All problems are reported at once, each at `requests[i]`.
 *
 * @example
 * ```ts
 * const { plans } = planRequests([{ service: "postgres", kind: "postgres" }], deps);
 * plans[0]?.preferred; // 5594 for /home/ada/shop
 * ```
 */
export function planRequests(
  requests: PortRequest[],
  deps: AllocateDeps,
): { plans: Plan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const plans: Plan[] = [];
  const seen = new Set<string>();
  requests.forEach((request, index) => {
    const plan = planRequest(request, index, deps, seen, diagnostics);
    if (plan !== undefined) plans.push(plan);
  });
  return { plans, diagnostics };
}

/** One request's checks: its name, kind, bounds and range; `undefined` after reporting a problem. */
function planRequest(
  request: PortRequest,
  index: number,
  deps: AllocateDeps,
  seen: Set<string>,
  diagnostics: Diagnostic[],
): Plan | undefined {
  const path = `requests[${index}]`;
  const service = request.service;
  if (typeof service !== "string" || service === "") {
    diagnostics.push(
      diagnostic("port/invalid-request", "error", "Port request has no service name", {
        path: `${path}.service`,
        hint: "Give every request a non-empty `service`.",
      }),
    );
    return undefined;
  }
  if (seen.has(service)) {
    diagnostics.push(
      diagnostic("port/invalid-request", "error", `Service "${service}" is requested twice`, {
        path: `${path}.service`,
        hint: "Request each service once; one service gets one host port.",
      }),
    );
    return undefined;
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
    return undefined;
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
  if (problems > 0 || base === undefined) return undefined;
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
    return undefined;
  }
  return {
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
  };
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
