import type { Holdings } from "./holdings.js";
import {
  type AllocateDeps,
  type AssignmentReason,
  type Plan,
  type PortAssignment,
  type Status,
  SYSTEM_PORT_LIMIT,
} from "./types.js";

/** The state of one allocation run: probe answers, ports given so far, who holds what. */
export interface Session {
  deps: AllocateDeps;
  held: Holdings;
  reserved: ReadonlySet<number>;
  /** Port → the service of this run it was given to. */
  taken: Map<number, string>;
  /** Service → its assignment. */
  chosen: Map<string, PortAssignment>;
  /** Answers already in, so that the common case needs no await. */
  known: Map<number, Status>;
  /** Probes a port once per run; later calls share the first answer. */
  check(port: number): Promise<Status>;
  /** Why a port cannot go to a plan without probing (range, reserved, given, held), or `undefined`. */
  blocker(plan: Plan, port: number): string | undefined;
  /** Gives a port to a plan's service, with the reason and the explanation line. */
  assign(plan: Plan, port: number, reason: AssignmentReason, why: string): void;
}

/**
 * Starts an allocation run over what is known of the holders of ports.
 *
 * @example
 * ```ts
 * const session = createSession(deps, await holdings(plans, deps, held));
 * await session.check(5432); // "free" | "in-use" | "forbidden"
 * ```
 */
export function createSession(deps: AllocateDeps, held: Holdings): Session {
  const cache = new Map<number, Promise<Status>>();
  const known = new Map<number, Status>();
  const reserved = new Set(deps.reserved ?? []);
  const taken = new Map<number, string>();
  const chosen = new Map<string, PortAssignment>();
  return {
    deps,
    held,
    reserved,
    taken,
    chosen,
    known,
    check(port) {
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
    },
    blocker(plan, port) {
      if (port < plan.lo || port > plan.hi) {
        return port < SYSTEM_PORT_LIMIT && plan.lo >= SYSTEM_PORT_LIMIT
          ? "a system port"
          : `outside ${plan.lo}–${plan.hi}`;
      }
      if (reserved.has(port)) return "reserved";
      const other = taken.get(port);
      if (other !== undefined) return `given to ${other}`;
      const holder = held.others.get(port);
      if (holder !== undefined) return `held by ${holder}`;
      return undefined;
    },
    assign(plan, port, reason, why) {
      taken.set(port, plan.service);
      chosen.set(plan.service, {
        service: plan.service,
        port,
        preferred: plan.preferred,
        reason,
        explanation: `✓ ${plan.service} port: ${port} (${why})`,
      });
    },
  };
}
