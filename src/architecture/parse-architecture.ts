import { diagnostic, fail, type Result, resultOf } from "../core/index.js";
import type { Loose } from "./build.js";
import { buildArchitectureMap, minimalArchitecture } from "./build.js";
import { parseJsonWithPositions } from "./json.js";
import { type ArchitectureInput, architectureInputSchema } from "./schema.js";
import type { ArchitectureMap } from "./types.js";
import { isPlainObject, report, type WalkContext, walk } from "./walk.js";

/** Options of {@link parseArchitecture}. */
export interface ParseArchitectureOptions {
  /** The file the map came from, named in diagnostics. */
  file?: string;
  /** The project name of the minimal configuration used when no map is given (default `app`). */
  name?: string;
}

/**
 * The result for a missing map: the minimal configuration plus a warning that says so.
 *
 * @example
 * ```ts
 * missingMapResult({ diagnostics: [] }, undefined, "No architecture map was given");
 * // ok, one postgres, diagnostics: [{ code: "map/missing", … }]
 * ```
 */
export function missingMapResult(
  ctx: WalkContext,
  name: string | undefined,
  what: string,
): Result<ArchitectureMap> {
  report(
    ctx,
    "map/missing",
    "warning",
    `${what}; using the minimal configuration: one PostgreSQL database`,
    "",
    "Describe the project in an architecture map (docs/architecture-map.md) or in requirements text.",
  );
  const projectName = name?.trim() || "app";
  return resultOf(minimalArchitecture(projectName), ctx.diagnostics);
}

/**
 * Parses and validates an architecture map: the parsed JSON value, or JSON text. Every problem is
 * a diagnostic with its JSON path (and line and column when the input is text); unknown keys are
 * warnings; nothing throws. A missing or empty map (`undefined`, `null`, `{}`, `""`) gives the
 * minimal configuration (one PostgreSQL database) with a `map/missing` warning. Apps not listed
 * under `apps` are derived from `tech_stack` and `code_organization.structure`.
 *
 * @example
 * ```ts
 * const r = parseArchitecture({
 *   project: { name: "Community Harm Index Monitor" },
 *   infrastructure: [{ type: "database", tech: "postgresql", port: 5434, extensions: ["postgis"] }],
 *   tech_stack: { frontend: "React 18", backend: "Node.js 20 + Express" },
 * });
 * if (r.ok) r.value.infrastructure[0]?.kind; // "postgis"
 * if (r.ok) r.value.apps.map((a) => a.name); // ["frontend", "backend"]
 * ```
 */
export function parseArchitecture(
  input: unknown,
  options: ParseArchitectureOptions = {},
): Result<ArchitectureMap> {
  const ctx: WalkContext = { diagnostics: [], file: options.file };
  let value = input;
  if (typeof input === "string") {
    if (input.trim() === "") return missingMapResult(ctx, options.name, "The architecture map is empty");
    const parsed = parseJsonWithPositions(input);
    if (!parsed.ok)
      return fail([
        diagnostic("map/invalid-json", "error", `Malformed JSON: ${parsed.message}`, {
          file: options.file,
          line: parsed.position.line,
          column: parsed.position.column,
          hint: "Fix the JSON syntax at this position (comments and trailing commas are not allowed).",
        }),
      ]);
    value = parsed.value;
    ctx.positions = parsed.positions;
    for (const d of parsed.duplicates)
      ctx.diagnostics.push(
        diagnostic(
          "map/duplicate-key",
          "warning",
          `Key "${d.path}" appears more than once; the last one wins`,
          {
            path: d.path,
            file: options.file,
            line: d.position.line,
            column: d.position.column,
            hint: "Remove the duplicate so the map says one thing.",
          },
        ),
      );
  }
  if (value === undefined || value === null)
    return missingMapResult(ctx, options.name, "No architecture map was given");
  if (!isPlainObject(value)) {
    report(ctx, "map/invalid-type", "error", "The architecture map must be a JSON object", "");
    return fail(ctx.diagnostics);
  }
  const keys = Object.keys(value);
  if (keys.every((k) => k === "$schema"))
    return missingMapResult(ctx, options.name, "The architecture map is empty");
  const walked = walk(architectureInputSchema, value, "", ctx);
  const raw = (walked.present ? walked.value : {}) as Loose<ArchitectureInput>;
  const present = new Set(keys.filter((k) => value[k] !== undefined));
  const map = buildArchitectureMap(raw, present, ctx);
  return resultOf(map, ctx.diagnostics);
}
