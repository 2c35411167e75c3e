import { posix } from "node:path";
import {
  type Diagnostic,
  diagnostic,
  type FileSystem,
  type FileWrite,
  type LedgerEntry,
  type PortLedger,
} from "../core/index.js";
import { sha256 } from "./hash.js";
import type { ApplyOptions, ApplyResult, Plan } from "./types.js";

/**
 * True when `path` is a relative path that stays inside the output folder.
 *
 * @example
 * ```ts
 * isSafeOutputPath("backend/Dockerfile"); // true
 * isSafeOutputPath("../etc/passwd");       // false
 * ```
 */
export function isSafeOutputPath(path: string): boolean {
  if (path === "" || path.includes("\0") || path.includes("\\")) return false;
  if (posix.isAbsolute(path) || /^[A-Za-z]:/.test(path)) return false;
  const normalized = posix.normalize(path);
  return normalized !== "." && !normalized.startsWith("../") && normalized !== ".." && normalized === path;
}

/**
 * Records the plan's ports in the ledger, under its lock when it has one; a port another project
 * recorded since the plan was made is a diagnostic, and then nothing is recorded.
 */
async function recordPorts(plan: Plan, ledger: PortLedger): Promise<Diagnostic[]> {
  // A port another project already held when the plan was made was chosen knowingly (an override
  // the user wrote is only a warning then); only a claim made since stops the write.
  const seen = plan.ledgerSeen ?? [];
  const taken = (held: LedgerEntry[]) =>
    plan.ledger.flatMap((mine) => {
      const other = held.find(
        (e) =>
          e.port === mine.port &&
          e.project !== mine.project &&
          !seen.some((s) => s.port === e.port && s.project === e.project),
      );
      return other === undefined
        ? []
        : [
            diagnostic(
              "plan/port-taken-since",
              "error",
              `Port ${mine.port} of ${mine.service} was recorded by ${other.project} after this plan was made; nothing was written`,
              { hint: "Run again: planning picks another port." },
            ),
          ];
    });
  if (ledger.transaction !== undefined) {
    return ledger.transaction(async (held) => {
      const found = taken(held);
      return found.length > 0 ? { result: found } : { result: found, record: plan.ledger };
    });
  }
  const found = taken(await ledger.held());
  if (found.length === 0) await ledger.record(plan.ledger);
  return found;
}

/**
 * Writes a plan: all files or none. Refuses a plan that is not `ok`, any path that would leave the
 * output folder, and any file that changed on disk since it was planned; reports files the user
 * changed since slipway wrote them as conflicts (with a diff) unless `force`. With `dryRun` it only
 * reports what it would do. Otherwise it records the plan's host ports in `deps.ledger` (when given)
 * before writing; a port another project took in the meantime stops it.
 *
 * @example
 * ```ts
 * const plan = await planEnvironment(input, deps);
 * const result = await applyPlan(plan, { fs: deps.fs }, { dryRun: false });
 * if (!result.ok) for (const c of result.conflicts) console.error(c.path, c.reason, c.diff);
 * ```
 */
export async function applyPlan(
  plan: Plan,
  deps: { fs: FileSystem; ledger?: PortLedger | undefined },
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const dryRun = options.dryRun === true;
  const result: ApplyResult = {
    ok: false,
    written: [],
    unchanged: [],
    skipped: [],
    conflicts: [],
    diagnostics: [],
    dryRun,
  };
  if (!plan.ok) {
    result.diagnostics.push(
      diagnostic("plan/not-ok", "error", "The plan has errors; nothing was written", {
        hint: "Fix the errors the plan reports, then run again.",
      }),
    );
    return result;
  }
  const unsafe = plan.files.filter((f) => !isSafeOutputPath(f.path));
  for (const f of unsafe) {
    result.diagnostics.push(
      diagnostic(
        "plan/unsafe-path",
        "error",
        `Refusing to write ${JSON.stringify(f.path)}: it leaves the output folder`,
        {
          path: f.path,
        },
      ),
    );
  }
  if (unsafe.length > 0) return result;

  const writes: FileWrite[] = [];
  const current = await Promise.all(plan.files.map((f) => deps.fs.read(f.path)));
  plan.files.forEach((file, i) => {
    const onDisk = current[i];
    const basis = onDisk === undefined ? null : sha256(onDisk);
    if (basis !== file.basis) {
      result.conflicts.push({ path: file.path, reason: "changed on disk since it was planned; plan again" });
      return;
    }
    switch (file.action) {
      case "unchanged":
        result.unchanged.push(file.path);
        return;
      case "keep":
        result.skipped.push(file.path);
        return;
      case "conflict":
        if (!options.force) {
          const conflict: ApplyResult["conflicts"][number] = {
            path: file.path,
            reason: "exists and was not written by slipway, or was changed since",
          };
          if (file.diff !== undefined) conflict.diff = file.diff;
          result.conflicts.push(conflict);
          return;
        }
        break;
      default:
        if (onDisk === file.content) {
          result.unchanged.push(file.path);
          return;
        }
    }
    const write: FileWrite = { path: file.path, content: file.content };
    if (file.mode !== undefined) write.mode = file.mode;
    writes.push(write);
  });

  const conflictDiagnostics: Diagnostic[] = result.conflicts.map((c) =>
    diagnostic("plan/conflict", "error", `${c.path} ${c.reason}`, {
      file: c.path,
      hint: "Nothing was written. Review the diff, then run again with --force to overwrite it, or move it away.",
    }),
  );
  result.diagnostics.push(...conflictDiagnostics);
  if (result.conflicts.length > 0) return result;

  if (!dryRun && deps.ledger !== undefined && plan.ledger.length > 0) {
    const taken = await recordPorts(plan, deps.ledger);
    result.diagnostics.push(...taken);
    if (taken.length > 0) return result;
  }

  // Only the manifest changing means nothing else did: leave the folder as it is.
  const meaningful = writes.filter((w) => !w.path.startsWith(".slipway/"));
  if (meaningful.length === 0) {
    result.unchanged.push(...writes.map((w) => w.path));
    result.ok = true;
    return result;
  }
  if (!dryRun) await deps.fs.writeAll(writes);
  result.written = writes.map((w) => w.path);
  result.ok = true;
  return result;
}
