import {
  type Diagnostic,
  diagnostic,
  fail,
  hasErrors,
  type LedgerEntry,
  ok,
  portVariable,
  type Result,
} from "../core/index.js";
import { applyOverride } from "./claim-override.js";
import { holdings } from "./holdings.js";
import { isPortNumber, planRequests } from "./requests.js";
import { search } from "./search.js";
import { createSession, type Session } from "./session.js";
import type { AllocateDeps, Allocation, Plan, PortRequest, Status } from "./types.js";

export type {
  AllocateDeps,
  Allocation,
  AssignmentReason,
  PortAssignment,
  PortOverride,
  PortRequest,
} from "./types.js";
export { FALLBACK_RANGE, FALLBACK_TRIES, SCAN_LIMIT } from "./types.js";

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

/** The three steps in order: the user's overrides, then the ports this project holds, then the rest. */
async function allocateWith(
  plans: Plan[],
  deps: AllocateDeps,
  held: LedgerEntry[],
): Promise<Result<Allocation>> {
  const session = createSession(deps, await holdings(plans, deps, held));
  const diagnostics = await claimOverrides(session, plans);
  const rest = plans.filter((p) => p.override === undefined);
  const moved = await keepHeld(session, rest);
  const open = rest.filter((p) => !session.chosen.has(p.service));
  diagnostics.push(...(await computePorts(session, open)), ...reportMoved(session, open, moved));
  if (hasErrors(diagnostics)) return fail(diagnostics);
  const assignments = plans.map((p) => session.chosen.get(p.service)!);
  return ok(
    { assignments, ports: Object.fromEntries(assignments.map((a) => [a.service, a.port])) },
    diagnostics,
  );
}

/** User overrides first, so that no computed port can take a port the user asked for. */
async function claimOverrides(session: Session, plans: Plan[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const withOverride = plans.filter((p) => p.override !== undefined);
  for (const plan of withOverride) if (isPortNumber(plan.override!.port)) session.check(plan.override!.port);
  for (const plan of withOverride) {
    const found = await applyOverride(session, plan, plan.override!);
    if (found !== undefined) diagnostics.push(found);
  }
  return diagnostics;
}

/**
 * Ports this project already holds stay where they are, once probed like any other: busy is fine
 * only when this project's running container holds it. Returns service → the port it cannot keep.
 */
async function keepHeld(
  session: Session,
  plans: Plan[],
): Promise<Map<string, { port: number; why: string }>> {
  const { ownByService, running } = session.held;
  for (const plan of plans) {
    const mine = ownByService.get(plan.service);
    if (mine !== undefined && session.blocker(plan, mine.port) === undefined) session.check(mine.port);
  }
  const moved = new Map<string, { port: number; why: string }>();
  for (const plan of plans) {
    const mine = ownByService.get(plan.service);
    if (mine === undefined || session.blocker(plan, mine.port) !== undefined) continue;
    const status = await session.check(mine.port);
    if (status === "free" || (status === "in-use" && running.has(mine.port))) {
      session.assign(plan, mine.port, "kept", `kept: ${mine.evidence}`);
      continue;
    }
    const why =
      status === "forbidden"
        ? "the operating system refuses to bind it"
        : "another program is listening on it";
    moved.set(plan.service, { port: mine.port, why });
  }
  return moved;
}

/** Everything else: preferred, scan upward, random fallback. */
async function computePorts(session: Session, open: Plan[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const first: Promise<Status>[] = [];
  for (const plan of open)
    if (session.blocker(plan, plan.preferred) === undefined) first.push(session.check(plan.preferred));
  await Promise.all(first);
  for (const plan of open) {
    // The preferred port answered free and nothing of this run took it since: no search needed.
    if (session.known.get(plan.preferred) === "free" && session.blocker(plan, plan.preferred) === undefined) {
      session.assign(plan, plan.preferred, "preferred", "auto-assigned from project path");
      continue;
    }
    const found = await search(session, plan);
    if (found !== undefined) diagnostics.push(found);
  }
  return diagnostics;
}

/** Marks the services that could not keep their port as `moved`, naming the old port. */
function reportMoved(
  session: Session,
  open: Plan[],
  moved: Map<string, { port: number; why: string }>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const plan of open) {
    const was = moved.get(plan.service);
    const now = session.chosen.get(plan.service);
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
  return diagnostics;
}
