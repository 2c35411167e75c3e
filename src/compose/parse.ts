import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import type { z } from "zod";
import { type Diagnostic, diagnostic, sortDiagnostics } from "../core/diagnostic.js";
import { formatPath, type PathSegment } from "../core/path.js";
import { fail, type Result, resultOf } from "../core/result.js";
import {
  type ComposeFile,
  composeFileSchema,
  PROJECT_NAME_PATTERN,
  RESOURCE_NAME_PATTERN,
  SERVICE_KEYS,
  TOP_LEVEL_KEYS,
} from "./model.js";
import { COMPOSE_TAGS, collectTags, dropResets, isComposeTag } from "./tags.js";

/** Options of {@link parseCompose}. */
export interface ParseComposeOptions {
  /** The file name put on every diagnostic. */
  file?: string;
}

/**
 * The offset in the source of the node at `path`, or of the nearest ancestor that exists.
 * With `key`, the offset of the last key itself rather than its value.
 * Kept beside core's `locateYamlPath` on purpose: for a mapping or list value this points at the
 * value (`a: 1` under a `ports:` that should be a list), where `locateYamlPath` points at the key,
 * so sharing it would move the lines of `compose/invalid-value`.
 */
function locate(doc: Document, path: readonly PathSegment[], key = false): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (pair === undefined) return offset;
      if (last && key) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

interface Where {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  path?: string | undefined;
  hint?: string | undefined;
}

/** Picks the most specific issues out of zod's union errors: the branch that got furthest. */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      let best: z.core.$ZodIssue[] | undefined;
      let bestDepth = -1;
      for (const branch of issue.errors) {
        const depth = Math.max(...branch.map((b) => b.path.length));
        if (depth > bestDepth) {
          best = branch;
          bestDepth = depth;
        }
      }
      // When no branch got past the value itself, the union's own message is the clearest.
      if (best !== undefined && bestDepth > 0) {
        out.push(...flattenIssues(best.map((b) => ({ ...b, path: [...issue.path, ...b.path] }))));
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

/** Compose users speak of mappings and lists, not records and arrays. */
const TYPE_WORDS: Record<string, string> = { record: "a mapping", object: "a mapping", array: "a list" };

function unionExpectation(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_union") return issue.message;
  const expected = new Set<string>();
  const collect = (i: z.core.$ZodIssue): void => {
    if (i.code === "invalid_type") expected.add(TYPE_WORDS[i.expected] ?? i.expected);
    else if (i.code === "invalid_value") expected.add(i.values.map((v) => JSON.stringify(v)).join(" | "));
    else if (i.code === "invalid_union") for (const branch of i.errors) for (const b of branch) collect(b);
  };
  collect(issue);
  return expected.size > 0 ? `expected ${[...expected].join(" or ")}` : issue.message;
}

/**
 * Parses the text of a Compose file into the typed model.
 *
 * Every problem is reported at once, each with its line and column (1-based): YAML syntax errors,
 * duplicate keys, values of the wrong type, service, volume, network, secret and config names
 * Compose rejects (`^[a-zA-Z0-9._-]+$`) and a project `name` outside `^[a-z0-9][a-z0-9_-]*$`.
 * Keys Compose does not know draw a warning. Merge keys (`<<: *defaults`) are resolved. Unknown
 * keys are kept, so a user's file round-trips through {@link renderCompose}.
 *
 * @example
 * ```ts
 * const r = parseCompose("services:\n  web:\n    image: nginx:1.27\n", { file: "compose.yaml" });
 * if (r.ok) r.value.services.web?.image; // "nginx:1.27"
 * else for (const d of r.diagnostics) console.error(formatDiagnostic(d));
 * ```
 */
export function parseCompose(text: string, options: ParseComposeOptions = {}): Result<ComposeFile> {
  const file = options.file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
    version: "1.2",
  });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number | undefined, extra: Where = {}): Where => {
    const where: Where = { file, ...extra };
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      where.line = pos.line;
      where.column = pos.col;
    }
    return where;
  };

  let structural = false;
  for (const error of doc.errors) {
    const duplicate = error.code === "DUPLICATE_KEY";
    if (!duplicate) structural = true;
    diagnostics.push(
      diagnostic(
        duplicate ? "compose/duplicate-key" : "compose/yaml-syntax",
        "error",
        duplicate ? "Duplicate key in a mapping" : `Invalid YAML: ${firstLine(error.message)}`,
        at(error.pos[0], {
          hint: duplicate
            ? "Each key may appear once per mapping; remove or merge the repeated one."
            : undefined,
        }),
      ),
    );
  }
  for (const warning of doc.warnings) {
    if (warning.code === "TAG_RESOLVE_FAILED" && isComposeTag(/!\S+/.exec(warning.message)?.[0])) continue;
    diagnostics.push(
      diagnostic(
        "compose/yaml-warning",
        "warning",
        `YAML warning: ${firstLine(warning.message)}`,
        at(warning.pos[0]),
      ),
    );
  }
  if (structural) return fail(sortDiagnostics(diagnostics));

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    diagnostics.push(
      diagnostic("compose/empty-file", "error", "The Compose file is empty", {
        file,
        line: 1,
        column: 1,
        hint: "A Compose file needs at least a `services:` mapping.",
      }),
    );
    return fail(diagnostics);
  }
  if (!isMap(doc.contents)) {
    diagnostics.push(
      diagnostic(
        "compose/not-a-mapping",
        "error",
        "The Compose file is not a mapping",
        at(rangeStart(doc.contents), {
          hint: "The top level must be keys such as `services:` and `volumes:`.",
        }),
      ),
    );
    return fail(diagnostics);
  }

  const size = expandedSize(doc, MAX_EXPANDED_NODES);
  if (size > MAX_EXPANDED_NODES) {
    diagnostics.push(
      diagnostic(
        "compose/alias-expansion",
        "error",
        `Aliases expand the file to more than ${MAX_EXPANDED_NODES.toLocaleString("en")} values`,
        at(0, {
          hint: "Aliases that refer to aliases multiply the file's size (an alias bomb); write the values out or reuse them less deeply.",
        }),
      ),
    );
    return fail(sortDiagnostics(diagnostics));
  }

  let data: unknown;
  try {
    // The size check above is the guard; yaml's own alias count would refuse files with many `<<: *x`.
    data = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    diagnostics.push(
      diagnostic(
        "compose/yaml-syntax",
        "error",
        `Invalid YAML: ${error instanceof Error ? firstLine(error.message) : String(error)}`,
        at(0),
      ),
    );
    return fail(diagnostics);
  }

  const tags = collectTags(doc);
  dropResets(data, tags);
  checkNames(doc, data, diagnostics, at);
  checkReservedKeys(doc, data, [], diagnostics, at);

  const parsed = composeFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues)) {
      const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
      const shown = formatPath(path);
      diagnostics.push(
        diagnostic(
          "compose/invalid-value",
          "error",
          `${shown === "" ? "The file" : `\`${shown}\``} is invalid: ${unionExpectation(issue)}`,
          at(locate(doc, path), { path: shown }),
        ),
      );
    }
    return fail(sortDiagnostics(diagnostics));
  }
  const model = parsed.data;
  if (tags.length > 0) Object.defineProperty(model, COMPOSE_TAGS, { value: tags, enumerable: true });
  return resultOf(model, sortDiagnostics(diagnostics));
}

/** How many values a document holds once every alias is expanded; beyond this, parsing stops. */
export const MAX_EXPANDED_NODES = 100_000;

/**
 * The number of values the document holds with its aliases expanded, counted without expanding
 * them (each node's size is computed once), and cut short once it passes `limit`.
 */
function expandedSize(doc: Document, limit: number): number {
  const sizes = new Map<unknown, number>();
  const visiting = new Set<unknown>();
  const size = (node: unknown): number => {
    if (node === null || node === undefined || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) return limit + 1; // an alias inside its own anchor
    visiting.add(node);
    let total = 1;
    if (isAlias(node)) total = size(node.resolve(doc));
    else if (isMap(node)) {
      for (const pair of node.items) {
        total += size(pair.key) + size(pair.value);
        if (total > limit) break;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        total += size(item);
        if (total > limit) break;
      }
    }
    visiting.delete(node);
    const capped = Math.min(total, limit + 1);
    sizes.set(node, capped);
    return capped;
  };
  return size(doc.contents);
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const NAMED_SECTIONS = ["services", "volumes", "networks", "secrets", "configs"] as const;

function checkNames(
  doc: Document,
  data: unknown,
  diagnostics: Diagnostic[],
  at: (offset: number | undefined, extra?: Where) => Where,
): void {
  if (!isRecord(data)) return;
  for (const key of Object.keys(data)) {
    if (key.startsWith("x-") || (TOP_LEVEL_KEYS as readonly string[]).includes(key)) continue;
    diagnostics.push(
      diagnostic(
        "compose/unknown-key",
        "warning",
        `Unknown top-level key \`${key}\``,
        at(locate(doc, [key], true), {
          path: formatPath([key]),
          hint: "Compose rejects it; check the spelling, or prefix it with `x-` to keep it as an extension.",
        }),
      ),
    );
  }

  const name = data.name;
  if (typeof name === "string" && !name.includes("$") && !PROJECT_NAME_PATTERN.test(name)) {
    diagnostics.push(
      diagnostic(
        "compose/invalid-project-name",
        "error",
        `Project name \`${name}\` is not a valid Compose project name`,
        at(locate(doc, ["name"]), {
          path: "name",
          hint: "Use lowercase letters, digits, `-` and `_`, starting with a letter or digit.",
        }),
      ),
    );
  }

  for (const section of NAMED_SECTIONS) {
    const entries = data[section];
    if (!isRecord(entries)) continue;
    for (const entryName of Object.keys(entries)) {
      if (!RESOURCE_NAME_PATTERN.test(entryName)) {
        const path = formatPath([section, entryName]);
        diagnostics.push(
          diagnostic(
            section === "services" ? "compose/invalid-service-name" : "compose/invalid-resource-name",
            "error",
            `${section === "services" ? "Service" : "Name"} \`${entryName}\` in \`${section}\` has characters Compose does not allow`,
            at(locate(doc, [section, entryName], true), {
              path,
              hint: "Use only letters, digits, `.`, `_` and `-`.",
            }),
          ),
        );
      }
      if (section !== "services") continue;
      const service = entries[entryName];
      if (!isRecord(service)) continue;
      for (const key of Object.keys(service)) {
        if (key.startsWith("x-") || SERVICE_KEYS.includes(key)) continue;
        diagnostics.push(
          diagnostic(
            "compose/unknown-key",
            "warning",
            `Unknown key \`${key}\` in service \`${entryName}\``,
            at(locate(doc, ["services", entryName, key], true), {
              path: formatPath(["services", entryName, key]),
              hint: "Compose rejects it; check the spelling, or prefix it with `x-` to keep it as an extension.",
            }),
          ),
        );
      }
    }
  }
}

/**
 * `__proto__` cannot be kept as a plain object key through validation; rather than drop it
 * silently, it is reported.
 */
function checkReservedKeys(
  doc: Document,
  value: unknown,
  path: PathSegment[],
  diagnostics: Diagnostic[],
  at: (offset: number | undefined, extra?: Where) => Where,
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkReservedKeys(doc, v, [...path, i], diagnostics, at);
    });
    return;
  }
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    const here = [...path, key];
    if (key === "__proto__") {
      diagnostics.push(
        diagnostic("compose/reserved-key", "error", "The key `__proto__` is not supported", {
          ...at(locate(doc, here, true), { path: formatPath(here) }),
          hint: "Rename it.",
        }),
      );
      continue;
    }
    checkReservedKeys(doc, value[key], here, diagnostics, at);
  }
}
