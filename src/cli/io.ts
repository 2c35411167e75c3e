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
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
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

/** Prints diagnostics one per line to stderr, sorted, with a count line at the end. */
export function printDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  for (const d of sortDiagnostics(diagnostics)) ctx.stderr(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  ctx.stderr(`${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
}

/** Prints a value as pretty JSON with a trailing newline. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
