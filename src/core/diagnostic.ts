/** How serious a diagnostic is. `error` blocks generation; `warning` and `info` never do. */
export type Severity = "error" | "warning" | "info";

/**
 * Everything that can be wrong with input, as data.
 *
 * `code` is a stable, kebab-case identifier such as `port/override-unavailable`; every code has a
 * line in docs/diagnostics.md. `message` states the problem; `hint` says what to do about it.
 * `path` is a JSON-path-like location inside structured input (`infrastructure[0].port`),
 * `file`/`line`/`column` locate it in a text file (1-based).
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  path?: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
}

/**
 * Builds a diagnostic, leaving out the optional fields that are `undefined`
 * (so objects stay clean under `exactOptionalPropertyTypes`).
 *
 * @example
 * ```ts
 * const d = diagnostic("port/invalid", "error", "Port 70000 is outside 1–65535", { path: "infrastructure[0].port" });
 * // { code: "port/invalid", severity: "error", message: "…", path: "infrastructure[0].port" }
 * ```
 */
export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  where: {
    path?: string | undefined;
    file?: string | undefined;
    line?: number | undefined;
    column?: number | undefined;
    hint?: string | undefined;
  } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, message };
  if (where.path !== undefined) d.path = where.path;
  if (where.file !== undefined) d.file = where.file;
  if (where.line !== undefined) d.line = where.line;
  if (where.column !== undefined) d.column = where.column;
  if (where.hint !== undefined) d.hint = where.hint;
  return d;
}

/**
 * True when at least one diagnostic has severity `error`.
 *
 * @example
 * ```ts
 * hasErrors([{ code: "image/unpinned", severity: "warning", message: "…" }]); // false
 * ```
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * The diagnostics of one severity.
 *
 * @example
 * ```ts
 * const warnings = bySeverity(diagnostics, "warning");
 * ```
 */
export function bySeverity(diagnostics: readonly Diagnostic[], severity: Severity): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === severity);
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Sorts diagnostics into a stable, readable order: file, line, column, severity, path, code.
 * Returns a new array; deterministic for equal inputs.
 *
 * @example
 * ```ts
 * const ordered = sortDiagnostics(all);
 * ```
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      a.code.localeCompare(b.code),
  );
}

/**
 * Formats one diagnostic as a single line for a terminal or a log:
 * `file:line:column severity code: message (path) — hint`.
 *
 * @example
 * ```ts
 * formatDiagnostic({ code: "port/invalid", severity: "error", message: "Port 0 is invalid", path: "infrastructure[0].port" });
 * // "error port/invalid: Port 0 is invalid (at infrastructure[0].port)"
 * ```
 */
export function formatDiagnostic(d: Diagnostic): string {
  let where = "";
  if (d.file !== undefined) {
    where = d.file;
    if (d.line !== undefined) where += `:${d.line}`;
    if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
    where += " ";
  }
  let text = `${where}${d.severity} ${d.code}: ${d.message}`;
  if (d.path !== undefined && d.path !== "") text += ` (at ${d.path})`;
  if (d.hint !== undefined && d.hint !== "") text += ` — ${d.hint}`;
  return text;
}
