import { type Diagnostic, diagnostic, portVariable } from "../core/index.js";
import type { Session } from "./session.js";
import { FALLBACK_RANGE, FALLBACK_TRIES, type Plan, SCAN_LIMIT, SCAN_WINDOW } from "./types.js";

/**
 * Finds a port for a service without a kept or free preferred port: the first usable port of the 99
 * above the preferred one (`scanned`), probed in growing windows, else a random port of the
 * fallback range (`fallback`), else `port/exhausted`.
 *
 * @example
 * ```ts
 * const problem = await search(session, plan); // undefined once the service has a port
 * ```
 */
export async function search(session: Session, plan: Plan): Promise<Diagnostic | undefined> {
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
      const blocked = session.blocker(plan, port);
      if (blocked === undefined) window.push(port);
      else if (port === first) preferredWhy = blocked;
    }
    const answers = await Promise.all(window.map(session.check));
    for (let i = 0; i < window.length; i++) {
      const port = window[i]!;
      if (answers[i] === "free") {
        if (port === first) session.assign(plan, port, "preferred", "auto-assigned from project path");
        else
          session.assign(plan, port, "scanned", `preferred ${first} was taken: ${preferredWhy ?? "in use"}`);
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
    const port = session.deps.random.int(lo, hi);
    if (session.blocker(plan, port) !== undefined) continue;
    if ((await session.check(port)) === "free") {
      session.assign(plan, port, "fallback", `random: ${first}–${last} all taken`);
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
