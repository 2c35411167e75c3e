import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";
import type { Diagnostic } from "../core/diagnostic.js";
import { type PathSegment, parsePath } from "../core/path.js";

/** A 1-based line and column in a text file. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Finds where a path points in a parsed YAML document: a scalar value's position, the key's for a
 * mapping or list value, or the key's when `key` is set (for "unknown key" messages). Map keys compare as text, so `3000` finds the key
 * `3000:`; a string segment on a list finds the item with that scalar value (so
 * `depends_on.postgres` locates `- postgres`). Falls back to the deepest position found.
 *
 * @example
 * ```ts
 * const lineCounter = new LineCounter();
 * const doc = parseDocument(text, { lineCounter });
 * locateYamlPath(doc.contents, lineCounter, ["services", "db", "ports", 0]); // { line: 4, column: 9 }
 * ```
 */
export function locateYamlPath(
  root: unknown,
  lineCounter: LineCounter,
  segments: readonly PathSegment[],
  options: { key?: boolean } = {},
): TextPosition | undefined {
  let node: unknown = root;
  let best: number | undefined = rangeStart(node);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    let next: unknown;
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      // A key, or a mapping or list value, is shown at its key: `db:` rather than its first entry.
      if (last && (options.key || isMap(pair.value) || isSeq(pair.value))) {
        best = rangeStart(pair.key) ?? best;
        break;
      }
      next = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      if (typeof segment === "number") next = node.items[segment];
      else next = node.items.find((item) => isScalar(item) && String(item.value) === segment);
      if (next === undefined) break;
    } else break;
    node = next;
    best = rangeStart(node) ?? best;
  }
  return best === undefined ? undefined : toPosition(lineCounter, best);
}

/**
 * The 1-based line and column of a character offset.
 *
 * @example
 * ```ts
 * toPosition(lineCounter, 0); // { line: 1, column: 1 }
 * ```
 */
export function toPosition(lineCounter: LineCounter, offset: number): TextPosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (isPair(key)) return undefined;
  return key === null || key === undefined ? undefined : String(key);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/**
 * Adds `file`, `line` and `column` to diagnostics whose `path` points into a YAML text (a Compose
 * file or a registry), leaving the others as they are. Parses the text once.
 *
 * @example
 * ```ts
 * const located = locateDiagnostics(await validateCompose(compose), composeText, { file: "docker-compose.yml" });
 * located[0]; // { code: "port/duplicate", path: "services.web.ports[0]", file: "docker-compose.yml", line: 9, column: 9, … }
 * ```
 */
export function locateDiagnostics(
  diagnostics: readonly Diagnostic[],
  yamlText: string,
  options: { file?: string } = {},
): Diagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter });
  return diagnostics.map((d) => {
    if (d.line !== undefined || d.path === undefined) return d;
    const segments = parsePath(d.path);
    const position = segments === undefined ? undefined : locateYamlPath(doc.contents, lineCounter, segments);
    const located: Diagnostic = { ...d };
    if (options.file !== undefined && located.file === undefined) located.file = options.file;
    if (position !== undefined) {
      located.line = position.line;
      located.column = position.column;
    }
    return located;
  });
}
