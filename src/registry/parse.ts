import { LineCounter, parseDocument } from "yaml";
import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { formatPath, type PathSegment, parsePath } from "../core/path.js";
import { fail, type Result, resultOf } from "../core/result.js";
import { checkRanges } from "./ranges.js";
import { type Registry, registrySchema } from "./schema.js";
import { locateYamlPath, toPosition } from "./yaml-position.js";

/**
 * Parses an infrastructure registry from YAML text. Reports every problem at once, each with its
 * line and column: YAML syntax errors (`registry/yaml`), values of the wrong shape
 * (`registry/invalid`), keys the registry does not know (`registry/unknown-key`, a warning; the key
 * is ignored), and application ranges that are invalid or overlap (`registry/range-invalid`,
 * `registry/range-overlap`). Never throws.
 *
 * @example
 * ```ts
 * const r = parseRegistry(await fs.read(".dev/infra/registry.yml"), { file: ".dev/infra/registry.yml" });
 * if (r.ok) console.log(Object.keys(r.value.port_registry.ranges)); // ["forge", "synapse", …]
 * ```
 */
export function parseRegistry(yamlText: string, options: { file?: string } = {}): Result<Registry> {
  const file = options.file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((error) =>
        diagnostic("registry/yaml", "error", `Invalid YAML: ${error.message.split("\n")[0]}`, {
          file,
          ...toPosition(lineCounter, error.pos[0]),
          hint: "Fix the YAML syntax at this position.",
        }),
      ),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  const at = (path: readonly PathSegment[], key = false) => {
    const position = locateYamlPath(doc.contents, lineCounter, path, { key });
    return { file, line: position?.line, column: position?.column };
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return fail([
      diagnostic("registry/invalid", "error", "The registry is not a YAML mapping", {
        ...at([]),
        hint: "A registry starts with keys such as port_registry, networks and services.",
      }),
    ]);
  }

  const diagnostics: Diagnostic[] = [];
  const first = registrySchema.safeParse(raw);
  let parsed = first;
  if (!first.success) {
    const unknown = first.error.issues.filter((issue) => issue.code === "unrecognized_keys");
    if (unknown.length > 0) {
      const cleaned = structuredClone(raw) as Record<string, unknown>;
      for (const issue of unknown) {
        const owner = valueAt(cleaned, issue.path as PathSegment[]);
        for (const key of (issue as { keys: string[] }).keys) {
          const path = [...(issue.path as PathSegment[]), key];
          diagnostics.push(
            diagnostic("registry/unknown-key", "warning", `Unknown key '${key}' is ignored`, {
              path: formatPath(path),
              ...at(path, true),
              hint: "Check the spelling; docs/registry.md lists every key.",
            }),
          );
          if (owner !== null && typeof owner === "object") delete (owner as Record<string, unknown>)[key];
        }
      }
      parsed = registrySchema.safeParse(cleaned);
    }
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as PathSegment[];
      diagnostics.push(
        diagnostic("registry/invalid", "error", describeIssue(issue), {
          path: formatPath(path),
          ...at(path, issue.code === "unrecognized_keys"),
          hint: "docs/registry.md describes the registry's shape.",
        }),
      );
    }
    return fail(diagnostics);
  }
  for (const d of checkRanges(parsed.data)) {
    const path = d.path === undefined ? undefined : parsePath(d.path);
    diagnostics.push(
      path === undefined ? d : diagnostic(d.code, d.severity, d.message, { ...d, ...at(path) }),
    );
  }
  return resultOf(parsed.data, diagnostics);
}

function describeIssue(issue: { code: string; path: PropertyKey[]; message: string }): string {
  const where = issue.path.length > 0 ? `'${formatPath(issue.path as PathSegment[])}'` : "The registry";
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined"))
    return `${where} is missing`;
  return `${where} is invalid: ${issue.message}`;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
