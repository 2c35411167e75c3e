import { joinPath, parseJsonWithPositions } from "../architecture/json.js";
import type { Diagnostic } from "../core/index.js";
import type { Finding } from "../secrets/index.js";

/** A string value of the map, where it is. */
interface MapString {
  path: string;
  value: string;
  line?: number;
  column?: number;
}

/** Shorter values match too much of a generated file to say where a secret came from. */
const MIN_ORIGIN_LENGTH = 6;

function collect(value: unknown, path: string, out: MapString[]): void {
  if (typeof value === "string") {
    if (value.length >= MIN_ORIGIN_LENGTH) out.push({ path, value });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) collect(item, joinPath(path, i), out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collect(item, joinPath(path, key), out);
  }
}

/**
 * The string values of a map (its JSON text or parsed value), with line and column when it is text.
 * Nothing for requirements text or anything else that is no JSON.
 *
 * @example
 * ```ts
 * mapStrings('{"infrastructure":[{"environment":{"API_KEY":"sk_live_…"}}]}');
 * // [{ path: "infrastructure[0].environment.API_KEY", value: "sk_live_…", line: 1, column: 46 }]
 * ```
 */
export function mapStrings(architecture: unknown): MapString[] {
  const out: MapString[] = [];
  if (typeof architecture !== "string") {
    collect(architecture, "", out);
    return out;
  }
  const parsed = parseJsonWithPositions(architecture);
  if (!parsed.ok) return out;
  collect(parsed.value, "", out);
  return out.map((s) => ({ ...s, ...parsed.positions.get(s.path) }));
}

/**
 * The secret diagnostics with, where the flagged value was copied from a string of the map, a hint
 * naming that place (`a.json:13:20, infrastructure[2].environment.API_KEY`): the generated file
 * is only where the secret arrived, and the map is what the user edits.
 *
 * @example
 * ```ts
 * const { findings, diagnostics } = scanFiles(files, options);
 * withMapOrigins(findings, diagnostics, files, mapStrings(input.architecture), "architecture.json");
 * ```
 */
export function withMapOrigins(
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  files: readonly { path: string; content: string }[],
  strings: readonly MapString[],
  mapFile: string | undefined,
): Diagnostic[] {
  if (strings.length === 0) return [...diagnostics];
  const contents = new Map(files.map((f) => [f.path, f.content]));
  return diagnostics.map((d, i) => {
    const finding = findings[i];
    if (finding === undefined || d.severity === "info") return d;
    const lineText = contents.get(finding.file)?.split("\n")[finding.line - 1];
    if (lineText === undefined) return d;
    const at = finding.column - 1;
    // The map value whose copy on that line covers the flagged column.
    const origin = strings.find((s) => {
      for (let from = lineText.indexOf(s.value); from !== -1; from = lineText.indexOf(s.value, from + 1))
        if (from <= at && at < from + s.value.length) return true;
      return false;
    });
    if (origin === undefined) return d;
    const place = [mapFile ?? "the architecture map", origin.line, origin.column]
      .filter((p) => p !== undefined)
      .join(":");
    const from = `The value comes from ${place} (${origin.path}): change it there, or write a \${VAR} reference and set the variable outside the map.`;
    return { ...d, hint: d.hint === undefined ? from : `${from} ${d.hint}` };
  });
}
