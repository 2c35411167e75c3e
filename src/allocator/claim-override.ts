import { type Diagnostic, diagnostic, portVariable } from "../core/index.js";
import { isPortNumber } from "./requests.js";
import type { Session } from "./session.js";
import { type Plan, type PortOverride, SCAN_LIMIT, SYSTEM_PORT_LIMIT } from "./types.js";

/**
 * Claims the port the user set for a service, or says why it cannot: `port/out-of-range`,
 * `port/override-conflict` (reserved, or set for two services), `port/override-unavailable` (busy
 * and not held by a running container of this project, or refused by the system); each hint names
 * two free alternatives. Held by another project too: claimed, with the warning `port/override-held`.
 *
 * @example
 * ```ts
 * const problem = await applyOverride(session, plan, { port: 5434, variable: "POSTGRES_PORT" });
 * ```
 */
export async function applyOverride(
  session: Session,
  plan: Plan,
  o: PortOverride,
): Promise<Diagnostic | undefined> {
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
        hint: await overrideHint(session, plan, variable, o, isPortNumber(port) ? port : undefined),
      },
    );
  }
  const clash = session.reserved.has(port)
    ? "is reserved"
    : session.taken.has(port)
      ? `is also set for ${session.taken.get(port)}`
      : undefined;
  if (clash !== undefined) {
    return diagnostic(
      "port/override-conflict",
      "error",
      `User-specified port ${port} for ${plan.service} ${clash}`,
      {
        ...where,
        hint: await overrideHint(session, plan, variable, o, port),
      },
    );
  }
  const status = await session.check(port);
  const ownEvidence = session.held.running.get(port);
  if (status === "forbidden" || (status === "in-use" && ownEvidence === undefined)) {
    const why =
      status === "forbidden"
        ? "the operating system refuses to bind it"
        : "another program is listening on it";
    return diagnostic(
      "port/override-unavailable",
      "error",
      `User-specified port ${port} for ${plan.service} is not available: ${why}`,
      { ...where, hint: await overrideHint(session, plan, variable, o, port) },
    );
  }
  const inUse = status === "in-use" ? `; in use by this project (${ownEvidence})` : "";
  session.assign(plan, port, "override", `user override ${variable}${origin}${inUse}`);
  const holder = session.held.others.get(port);
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

/** Two free ports near the override (or the preferred port), and how to use them. */
async function overrideHint(
  session: Session,
  plan: Plan,
  variable: string,
  o: PortOverride,
  near: number | undefined,
): Promise<string> {
  const found: number[] = [];
  const starts = near === undefined ? [plan.preferred] : [near + 1, plan.preferred];
  for (const start of starts) {
    for (let port = start; port <= start + SCAN_LIMIT && found.length < 2; port++) {
      if (port === near || found.includes(port) || session.blocker(plan, port) !== undefined) continue;
      if ((await session.check(port)) === "free") found.push(port);
    }
  }
  const file = o.file ?? ".env.development";
  const remove = `remove ${variable} from ${file} to use auto-assignment`;
  if (found.length === 0) return `No free port found nearby; ${remove}.`;
  const set = o.field !== undefined ? `change it to ${found[0]}` : `set ${variable}=${found[0]}`;
  return `Free alternatives: ${found.join(", ")}. Either ${remove}, or ${set}.`;
}
