import type { LedgerEntry, LedgerTransaction, PortLedger, PortProbe } from "../../src/core/index.js";

export { seededRandom } from "./random.js";

/** A probe that answers from sets: `busy` ports are in use, `forbidden` ones refused. Logs each call. */
export function fakeProbe(
  busy: Iterable<number> = [],
  options: { forbidden?: Iterable<number> } = {},
): PortProbe & { calls: number[]; busy: Set<number> } {
  const inUse = new Set(busy);
  const refused = new Set(options.forbidden ?? []);
  const calls: number[] = [];
  return {
    calls,
    busy: inUse,
    async check(port) {
      calls.push(port);
      if (refused.has(port)) return "forbidden";
      return inUse.has(port) ? "in-use" : "free";
    },
  };
}

/**
 * An in-memory ledger with the same meaning as the file ledger: `record` replaces the entries of
 * the projects it names; `transaction` runs one function at a time. `transactional: false` leaves
 * `transaction` out, to exercise the held-then-record path.
 */
export function memoryLedger(
  initial: LedgerEntry[] = [],
  options: { transactional?: boolean } = {},
): PortLedger & { entries: LedgerEntry[] } {
  let queue: Promise<unknown> = Promise.resolve();
  const ledger = {
    entries: initial.map((e) => ({ ...e })),
    async held() {
      return ledger.entries.map((e) => ({ ...e }));
    },
    async record(entries: LedgerEntry[]) {
      const projects = new Set(entries.map((e) => e.project));
      ledger.entries = [
        ...ledger.entries.filter((e) => !projects.has(e.project)),
        ...entries.map((e) => ({ ...e })),
      ];
    },
  };
  if (options.transactional === false) return ledger;
  return Object.assign(ledger, {
    transaction<T>(fn: (held: LedgerEntry[]) => Promise<LedgerTransaction<T>>): Promise<T> {
      const run = queue.then(async () => {
        const { result, record } = await fn(await ledger.held());
        if (record !== undefined) await ledger.record(record);
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  });
}
