import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from "../core/index.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's arguments strictly; unknown options and missing values become a UsageError
 * (exit 2, one line).
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const usage = new UsageError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
    usage.knownOptions = Object.keys(options);
    throw usage;
  }
}

/** Reads a text file relative to the working directory; `undefined` when it does not exist. */
export async function readTextFile(ctx: CliContext, path: string): Promise<string | undefined> {
  try {
    return await readFile(resolve(ctx.cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") throw new UsageError(`${path} is a folder, not a file`);
    if (code === "EACCES" || code === "EPERM")
      throw new UsageError(`${path} cannot be read: permission denied`);
    throw error;
  }
}

const SEVERITY_ORDER: readonly Diagnostic["severity"][] = ["error", "warning", "info"];

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Prints diagnostics one per line to stderr: errors first, then warnings, each group sorted by
 * place; info-level ones only with `--verbose` (`ctx.verbose`). Ends with one count line, which
 * says how many infos were left out.
 */
export function printDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  const shown = ctx.verbose === true ? diagnostics : diagnostics.filter((d) => d.severity !== "info");
  const hidden = diagnostics.length - shown.length;
  if (shown.length === 0) return;
  for (const severity of SEVERITY_ORDER) {
    for (const d of sortDiagnostics(shown.filter((x) => x.severity === severity)))
      ctx.stderr(`${formatDiagnostic(d)}\n`);
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const more = hidden > 0 ? ` (${count(hidden, "info")} not shown; --verbose shows them)` : "";
  ctx.stderr(`${count(errors, "error")}, ${count(warnings, "warning")}${more}\n`);
}

/** Prints a value as pretty JSON with a trailing newline. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
